import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { AuthFailed, RateLimited, Rejected, Transient, Uncertain } from '../../src/channels/errors.js';
import { TelegramChannel, telegramMessageUrl } from '../../src/channels/telegram.js';
import { expectNoSecret, memoryLogger, post, recordedBody, rejection } from './support.js';
import { fail, ROOT, TOKEN, useBotApi } from './bot-api.js';

const { server, bot, channel } = useBotApi();

const message = post('telegram', [
  {
    endpoint: 'POST /sendMessage',
    body: {
      chat_id: '@somewhere_else',
      text: '<b>Headline</b>\n\nSummary &amp; more',
      parse_mode: 'HTML',
      link_preview_options: { url: 'https://example.com/a?utm_source=telegram', prefer_large_media: true },
    },
  },
]);

describe('TelegramChannel constructor', () => {
  const creds = { botToken: TOKEN, chatId: '@crier_news', apiRoot: ROOT };
  it('names the missing or bad option', () => {
    expect(() => new TelegramChannel({ id: 't', credentials: { ...creds, botToken: '' } })).toThrow(
      new TypeError('Missing Telegram bot token.'),
    );
    expect(() => new TelegramChannel({ id: 't', credentials: { ...creds, chatId: ' ' } })).toThrow(
      new TypeError('Missing Telegram chat id.'),
    );
    expect(() => new TelegramChannel({ id: 't', credentials: { ...creds, chatId: 'news' } })).toThrow(
      new TypeError('Invalid Telegram chat id "news": use @channelusername or the numeric -100... id.'),
    );
    expect(() => new TelegramChannel({ id: '', credentials: creds })).toThrow(
      new TypeError('Missing channel id.'),
    );
    expect(() => new TelegramChannel({ id: 't', credentials: { ...creds, apiRoot: 'ftp://x' } })).toThrow(
      new TypeError(
        'Invalid Telegram API root "ftp://x": use an http(s) URL such as https://api.telegram.org.',
      ),
    );
  });
});

describe('TelegramChannel.publish', () => {
  it('sends the body as composed, with the chat id from the credentials', async () => {
    const seen = bot('sendMessage', () =>
      HttpResponse.json({ ok: true, result: { message_id: 42, chat: {} } }),
    );
    const { ch } = channel();
    const receipt = await ch.publish(message);
    expect(seen).toEqual([
      { method: 'sendMessage', body: { ...message.requests[0]!.body, chat_id: '@crier_news' } },
    ]);
    expect(receipt).toMatchObject({ remoteId: '42', url: 'https://t.me/crier_news/42' });
    expect(Number.isNaN(Date.parse(receipt.postedAt))).toBe(false);
  });

  it('sends a photo post to a -100 chat and links it under t.me/c', async () => {
    const seen = bot('sendPhoto', () => HttpResponse.json({ ok: true, result: { message_id: 7 } }));
    const { ch } = channel('-1001234567890');
    const photo = post('telegram', [
      {
        endpoint: 'POST /sendPhoto',
        body: { photo: 'https://example.com/p.jpg', caption: 'Cap', parse_mode: 'HTML' },
      },
    ]);
    const receipt = await ch.publish(photo);
    expect(seen[0]!.body).toEqual({
      photo: 'https://example.com/p.jpg',
      caption: 'Cap',
      parse_mode: 'HTML',
      chat_id: '-1001234567890',
    });
    expect(receipt.url).toBe('https://t.me/c/1234567890/7');
  });

  it('maps a 429 to RateLimited with parameters.retry_after, or the description of the old format', async () => {
    bot(
      'sendMessage',
      fail(429, recordedBody('telegram', 'retry after 34')),
      fail(429, recordedBody('telegram', 'retry after 3"')),
    );
    const { ch } = channel();
    const first = await rejection(ch.publish(message));
    expect(first).toBeInstanceOf(RateLimited);
    expect((first as unknown as RateLimited).retryAfterMs).toBe(34_000);
    expect(first.message).toBe('telegram "telegram-main": Too Many Requests: retry after 34');
    const second = await rejection(ch.publish(message));
    expect((second as unknown as RateLimited).retryAfterMs).toBe(3_000);
  });

  it('maps 5xx to Transient', async () => {
    bot(
      'sendMessage',
      () => new HttpResponse('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    const err = await rejection(channel().ch.publish(message));
    expect(err).toBeInstanceOf(Transient);
    expect(err.status).toBe(502);
  });

  it('maps content errors to Rejected with the platform description', async () => {
    bot(
      'sendMessage',
      fail(400, recordedBody('telegram', 'Unsupported start tag \\"name\\"')),
      fail(400, recordedBody('telegram', 'message is too long')),
    );
    const { ch } = channel();
    const parse = await rejection(ch.publish(message));
    expect(parse).toBeInstanceOf(Rejected);
    expect(parse.message).toBe(
      'telegram "telegram-main": Bad Request: can\'t parse entities: Unsupported start tag "name" at byte offset 69',
    );
    const long = await rejection(ch.publish(message));
    expect(long).toBeInstanceOf(Rejected);
    expect(long.kind).toBe('rejected');
  });

  it('maps a bad token and missing rights to AuthFailed', async () => {
    bot(
      'sendMessage',
      fail(401, { ok: false, error_code: 401, description: 'Unauthorized' }),
      fail(403, {
        ok: false,
        error_code: 403,
        description: 'Forbidden: bot is not a member of the channel chat',
      }),
      fail(400, {
        ok: false,
        error_code: 400,
        description: 'Bad Request: need administrator rights in the channel chat',
      }),
    );
    const { ch } = channel();
    for (const status of [401, 403, 400]) {
      const err = await rejection(ch.publish(message));
      expect(err).toBeInstanceOf(AuthFailed);
      expect(err.status).toBe(status);
    }
  });

  it('times out as Uncertain when the request went out and no answer came', async () => {
    const seen = bot('sendMessage', async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const { ch } = channel('@crier_news', { timeoutMs: 30 });
    const err = await rejection(ch.publish(message));
    expect(seen).toHaveLength(1);
    expect(err).toBeInstanceOf(Uncertain);
    expect(err.message).toBe(
      'telegram "telegram-main": no answer within 30 ms after the request was sent; the post may be published',
    );
  });

  it('sends nothing and fails as Transient when the caller already aborted', async () => {
    const seen = bot('sendMessage', () => HttpResponse.json({ ok: true, result: { message_id: 1 } }));
    const err = await rejection(channel().ch.publish(message, { signal: AbortSignal.abort() }));
    expect(err).toBeInstanceOf(Transient);
    expect(seen).toHaveLength(0);
  });

  it('treats a network error without a code as Uncertain and never leaks the token', async () => {
    bot('sendMessage', () => HttpResponse.error());
    const { ch, lines } = channel();
    const err = await rejection(ch.publish(message));
    expect(err).toBeInstanceOf(Uncertain);
    const { logger } = memoryLogger();
    logger.error({ err }, 'publish failed');
    expectNoSecret(err, [TOKEN, TOKEN.split(':')[1]!], lines);
  });
});

describe('TelegramChannel.check', () => {
  it('is ready when the bot is an administrator of the chat', async () => {
    bot('getMe', () =>
      HttpResponse.json({ ok: true, result: { id: 99, is_bot: true, username: 'crier_bot' } }),
    );
    const members = bot('getChatMember', () =>
      HttpResponse.json({ ok: true, result: { status: 'administrator', can_post_messages: true } }),
    );
    expect(await channel().ch.check()).toEqual({ status: 'ready', detail: '@crier_bot' });
    expect(members[0]!.body).toEqual({ chat_id: '@crier_news', user_id: 99 });
  });

  it('names the problem and the fix', async () => {
    bot('getMe', fail(401, { ok: false, error_code: 401, description: 'Unauthorized' }));
    expect(await channel().ch.check()).toEqual({
      status: 'failed',
      detail:
        'TELEGRAM_BOT_TOKEN was rejected (401 Unauthorized): create a new token with @BotFather and set TELEGRAM_BOT_TOKEN',
    });
    server.resetHandlers();
    bot('getMe', () => HttpResponse.json({ ok: true, result: { id: 99, username: 'crier_bot' } }));
    bot('getChatMember', () => HttpResponse.json({ ok: true, result: { status: 'member' } }));
    expect(await channel().ch.check()).toEqual({
      status: 'failed',
      detail:
        '@crier_bot is not an administrator of @crier_news (status: member): add it as an administrator with the "Post messages" right',
    });
    server.resetHandlers();
    bot('getMe', () => HttpResponse.json({ ok: true, result: { id: 99, username: 'crier_bot' } }));
    bot('getChatMember', fail(400, recordedBody('telegram', 'chat not found')));
    expect((await channel().ch.check()).detail).toBe(
      "TELEGRAM_CHAT_ID @crier_news was not found (400 Bad Request: chat not found): use the channel's @username or its -100... id, and add @crier_bot to it",
    );
  });
});

describe('telegramMessageUrl', () => {
  it('links public and private channels, and nothing else', () => {
    expect(telegramMessageUrl('@news', 5)).toBe('https://t.me/news/5');
    expect(telegramMessageUrl('-1009876', 5)).toBe('https://t.me/c/9876/5');
    expect(telegramMessageUrl('12345', 5)).toBeUndefined();
  });
});
