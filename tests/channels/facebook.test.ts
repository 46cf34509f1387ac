import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthFailed,
  Duplicate,
  RateLimited,
  Rejected,
  Transient,
  Uncertain,
} from '../../src/channels/errors.js';
import { FacebookChannel } from '../../src/channels/facebook.js';
import { expectNoSecret, memoryLogger, post, recordedBody, rejection } from './support.js';

const TOKEN = 'EAAGpagetokenSECRET0123456789abcdef';
const CREDS = {
  pageId: '1122334455',
  pageToken: TOKEN,
  graphVersion: 'v24.0',
  graphRoot: 'https://graph.facebook.com',
};
const FEED = 'https://graph.facebook.com/v24.0/1122334455/feed';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function feed(...answers: (() => Response | Promise<Response>)[]) {
  const seen: Record<string, unknown>[] = [];
  server.use(
    http.post(FEED, async ({ request }) => {
      expect(request.url).not.toContain(TOKEN);
      expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
      seen.push((await request.json()) as Record<string, unknown>);
      return answers[Math.min(seen.length, answers.length) - 1]!();
    }),
  );
  return seen;
}

const graphError =
  (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  () =>
    HttpResponse.json(body, { status, headers });

function channel(timeoutMs?: number) {
  const { logger, lines } = memoryLogger();
  return {
    ch: new FacebookChannel({
      id: 'facebook-page',
      credentials: CREDS,
      logger,
      ...(timeoutMs ? { timeoutMs } : {}),
    }),
    lines,
  };
}

// The composer's path names another version and page: the credentials win.
const pagePost = post('facebook', [
  {
    endpoint: 'POST /v20.0/999/feed',
    body: { message: 'Headline\n\nSummary.', link: 'https://example.com/a?utm_source=facebook' },
  },
]);

describe('FacebookChannel constructor', () => {
  it('names the missing option', () => {
    expect(() => new FacebookChannel({ id: 'f', credentials: { ...CREDS, pageToken: '' } })).toThrow(
      new TypeError('Missing Facebook Page access token.'),
    );
    expect(() => new FacebookChannel({ id: 'f', credentials: { ...CREDS, pageId: '' } })).toThrow(
      new TypeError('Missing Facebook Page id.'),
    );
    expect(() => new FacebookChannel({ id: 'f', credentials: { ...CREDS, graphVersion: '24' } })).toThrow(
      new TypeError('Invalid Graph API version "24": use e.g. v24.0.'),
    );
  });
});

describe('FacebookChannel.publish', () => {
  it('posts message and link to the configured page with the token in the header', async () => {
    const seen = feed(() => HttpResponse.json({ id: '1122334455_987654321' }));
    const receipt = await channel().ch.publish(pagePost);
    expect(seen).toEqual([pagePost.requests[0]!.body]);
    expect(receipt).toMatchObject({
      remoteId: '1122334455_987654321',
      url: 'https://www.facebook.com/1122334455_987654321',
    });
  });

  it('maps rate-limit codes to RateLimited, using the business use case estimate when given', async () => {
    feed(
      graphError(400, recordedBody('facebook_graph', '(#4) Application request limit reached'), {
        'x-business-use-case-usage': JSON.stringify({
          '1122334455': [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 7 }],
        }),
      }),
      graphError(400, recordedBody('facebook_graph', '(#32) Page request limited')),
    );
    const { ch } = channel();
    const first = await rejection(ch.publish(pagePost));
    expect(first).toBeInstanceOf(RateLimited);
    expect((first as unknown as RateLimited).retryAfterMs).toBe(7 * 60_000);
    const second = await rejection(ch.publish(pagePost));
    expect((second as unknown as RateLimited).retryAfterMs).toBe(15 * 60_000);
  });

  it('maps an expired token (190) to AuthFailed even on a 500', async () => {
    feed(
      graphError(400, recordedBody('facebook_graph', 'Session has expired')),
      graphError(500, recordedBody('facebook_graph', 'postcard')),
    );
    const { ch } = channel();
    const err = await rejection(ch.publish(pagePost));
    expect(err).toBeInstanceOf(AuthFailed);
    expect(err.message).toContain('Error validating access token: Session has expired');
    expect(await rejection(ch.publish(pagePost))).toBeInstanceOf(AuthFailed);
  });

  it('maps 100 to Rejected, duplicates to Duplicate and code 2 to Transient', async () => {
    feed(
      graphError(400, recordedBody('facebook_graph', 'appsecret_proof')),
      graphError(400, recordedBody('facebook_graph', "You've already posted this")),
      graphError(500, recordedBody('facebook_graph', 'An unexpected error has occurred')),
    );
    const { ch } = channel();
    expect(await rejection(ch.publish(pagePost))).toBeInstanceOf(Rejected);
    expect(await rejection(ch.publish(pagePost))).toBeInstanceOf(Duplicate);
    expect(await rejection(ch.publish(pagePost))).toBeInstanceOf(Transient);
  });

  it('maps a bare 502 to Transient and an unreadable 200 to Uncertain', async () => {
    feed(
      () => new HttpResponse('Bad Gateway', { status: 502 }),
      () => new HttpResponse('<html>', { status: 200 }),
    );
    const { ch } = channel();
    expect(await rejection(ch.publish(pagePost))).toBeInstanceOf(Transient);
    expect(await rejection(ch.publish(pagePost))).toBeInstanceOf(Uncertain);
  });

  it('times out as Uncertain when no answer comes', async () => {
    const seen = feed(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const err = await rejection(channel(30).ch.publish(pagePost));
    expect(seen).toHaveLength(1);
    expect(err).toBeInstanceOf(Uncertain);
    expect(err.message).toBe(
      'facebook "facebook-page": no answer within 30 ms after the request was sent; the post may be published',
    );
  });

  it('keeps the token out of errors and logs', async () => {
    feed(
      graphError(400, {
        error: {
          message: `Invalid OAuth access token - Cannot parse access token ${TOKEN}`,
          type: 'OAuthException',
          code: 190,
        },
      }),
    );
    const { ch, lines } = channel();
    const err = await rejection(ch.publish(pagePost));
    expect(err).toBeInstanceOf(AuthFailed);
    expect(err.message).toContain('[redacted]');
    const { logger, lines: errLines } = memoryLogger();
    logger.error({ err }, 'publish failed');
    expectNoSecret(err, [TOKEN], [...lines, ...errLines]);
  });
});

describe('FacebookChannel.check', () => {
  it('reports the Page name, or the problem and the fix', async () => {
    server.use(
      http.get('https://graph.facebook.com/v24.0/1122334455', ({ request }) => {
        expect(new URL(request.url).searchParams.get('fields')).toBe('name');
        expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
        return HttpResponse.json({ name: 'Crier News', id: '1122334455' });
      }),
    );
    expect(await channel().ch.check()).toEqual({ status: 'ready', detail: 'Crier News' });
    server.use(
      http.get(
        'https://graph.facebook.com/v24.0/1122334455',
        graphError(400, recordedBody('facebook_graph', 'Session has expired')),
      ),
    );
    const failed = await channel().ch.check();
    expect(failed.status).toBe('failed');
    expect(failed.detail).toBe(
      'FACEBOOK_PAGE_TOKEN was rejected (Error validating access token: Session has expired on Feb 7, 2014 9:54am. The current time is Feb 8, 2014 8:58am. (Graph code 190/463, HTTP 400)): generate a new Page access token with pages_manage_posts and pages_read_engagement and set FACEBOOK_PAGE_TOKEN',
    );
  });
});
