// The msw Bot API double shared by the Telegram adapter tests.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { TelegramChannel } from '../../src/channels/telegram.js';
import { memoryLogger } from './support.js';

export const TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ';
export const ROOT = 'https://api.telegram.org';

export interface Seen {
  method: string;
  body: Record<string, unknown>;
}

export const fail = (status: number, body: Record<string, unknown>) => () =>
  HttpResponse.json(body, { status });

/** Starts an msw server for the file (unhandled requests fail the test) and returns its helpers. */
export function useBotApi() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  /** Answers Bot API `method` calls in order from `answers`; records what arrived. */
  function bot(method: string, ...answers: (() => Response | Promise<Response>)[]): Seen[] {
    const seen: Seen[] = [];
    server.use(
      http.post(new RegExp(`^${ROOT}/bot[^/]+/${method}$`), async ({ request }) => {
        const url = new URL(request.url);
        // The Bot API carries the token in the path, nowhere else.
        expect(url.pathname).toBe(`/bot${TOKEN}/${method}`);
        expect(request.headers.get('content-type')).toContain('application/json');
        seen.push({ method, body: (await request.json()) as Record<string, unknown> });
        const answer = answers[Math.min(seen.length, answers.length) - 1]!;
        return answer();
      }),
    );
    return seen;
  }

  function channel(chatId = '@crier_news', extra: { timeoutMs?: number } = {}) {
    const { logger, lines } = memoryLogger();
    const ch = new TelegramChannel({
      id: 'telegram-main',
      credentials: { botToken: TOKEN, chatId, apiRoot: ROOT },
      logger,
      ...extra,
    });
    return { ch, lines };
  }

  return { server, bot, channel };
}
