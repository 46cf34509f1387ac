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
import { TwitterChannel, tweetUrl } from '../../src/channels/twitter.js';
import { xRetryAfterMs } from '../../src/channels/twitter-errors.js';
import {
  expectNoSecret,
  memoryLogger,
  post,
  recordedBody,
  rejection,
  X_CREDS,
  X_SECRETS,
} from './support.js';

const CREDS = X_CREDS;
const SECRETS = X_SECRETS;
const NOW = Date.parse('2026-11-24T09:00:00Z');
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** POST /2/tweets answering from `answers` in order; records bodies and checks the OAuth 1.0a header. */
function tweets(...answers: ((body: Record<string, unknown>, n: number) => Response | Promise<Response>)[]) {
  const seen: Record<string, unknown>[] = [];
  server.use(
    http.post('https://api.x.com/2/tweets', async ({ request }) => {
      const auth = request.headers.get('authorization') ?? '';
      expect(auth).toMatch(/^OAuth /);
      expect(auth).toContain(`oauth_consumer_key="${CREDS.appKey}"`);
      expect(auth).toContain(`oauth_token="${CREDS.accessToken}"`);
      expect(auth).toContain('oauth_signature_method="HMAC-SHA1"');
      const body = (await request.json()) as Record<string, unknown>;
      seen.push(body);
      return answers[Math.min(seen.length, answers.length) - 1]!(body, seen.length);
    }),
  );
  return seen;
}

const created = (id: string) => (body: Record<string, unknown>) =>
  HttpResponse.json({ data: { id, text: body.text, edit_history_tweet_ids: [id] } }, { status: 201 });
const problem =
  (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  () =>
    HttpResponse.json(body, { status, headers });

function channel(timeoutMs?: number) {
  const { logger, lines } = memoryLogger();
  const ch = new TwitterChannel({
    id: 'x-main',
    credentials: CREDS,
    logger,
    now: () => NOW,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  return { ch, lines };
}

const single = post('twitter', [
  { endpoint: 'POST /2/tweets', body: { text: 'Headline https://example.com/a' } },
]);
const thread = post('twitter', [
  { endpoint: 'POST /2/tweets', body: { text: 'Part one 1/3' } },
  { endpoint: 'POST /2/tweets', body: { text: 'Part two 2/3' } },
  { endpoint: 'POST /2/tweets', body: { text: 'Part three 3/3' } },
]);

describe('TwitterChannel constructor', () => {
  it('names the missing option', () => {
    expect(() => new TwitterChannel({ id: 'x', credentials: { ...CREDS, appKey: '' } })).toThrow(
      new TypeError('Missing X app key (TWITTER_APP_KEY).'),
    );
    expect(() => new TwitterChannel({ id: 'x', credentials: { ...CREDS, accessSecret: '' } })).toThrow(
      new TypeError('Missing X access secret (TWITTER_ACCESS_SECRET).'),
    );
    expect(() => new TwitterChannel({ id: 'x', credentials: CREDS, timeoutMs: 0 })).toThrow(
      new TypeError('Invalid timeoutMs 0: use a positive number of milliseconds.'),
    );
  });
});

describe('TwitterChannel.publish', () => {
  it('posts one tweet exactly as composed', async () => {
    const seen = tweets(created('1850000000000000001'));
    const receipt = await channel().ch.publish(single);
    expect(seen).toEqual([{ text: 'Headline https://example.com/a' }]);
    expect(receipt).toMatchObject({
      remoteId: '1850000000000000001',
      url: 'https://x.com/i/web/status/1850000000000000001',
      postedAt: '2026-11-24T09:00:00.000Z',
    });
  });

  it('posts a thread as a reply chain', async () => {
    const seen = tweets((b, n) => created(`10${n}`)(b));
    const receipt = await channel().ch.publish(thread);
    expect(seen).toEqual([
      { text: 'Part one 1/3' },
      { text: 'Part two 2/3', reply: { in_reply_to_tweet_id: '101' } },
      { text: 'Part three 3/3', reply: { in_reply_to_tweet_id: '102' } },
    ]);
    expect(receipt.parts).toEqual(['101', '102', '103'].map((id) => ({ remoteId: id, url: tweetUrl(id) })));
  });

  it('reports the parts already posted when a thread fails half way', async () => {
    tweets(
      created('201'),
      problem(503, { title: 'Service Unavailable', detail: 'Service Unavailable', status: 503 }),
    );
    const err = await rejection(channel().ch.publish(thread));
    expect(err).toBeInstanceOf(Transient);
    expect(err.posted).toEqual([{ remoteId: '201', url: tweetUrl('201') }]);
  });

  it('maps a 429 to RateLimited, waiting for the exhausted window that resets last', async () => {
    const reset15 = NOW / 1000 + 600;
    const reset24 = NOW / 1000 + 7200;
    tweets(
      problem(429, recordedBody('x_v2', '"Too Many Requests"'), {
        'x-rate-limit-limit': '100',
        'x-rate-limit-remaining': '50',
        'x-rate-limit-reset': String(reset15),
        'x-user-limit-24hour-limit': '17',
        'x-user-limit-24hour-remaining': '0',
        'x-user-limit-24hour-reset': String(reset24),
      }),
    );
    const err = await rejection(channel().ch.publish(single));
    expect(err).toBeInstanceOf(RateLimited);
    expect((err as unknown as RateLimited).retryAfterMs).toBe(7_200_000);
  });

  it('maps a duplicate 403 to Duplicate with the platform detail', async () => {
    tweets(problem(403, recordedBody('x_v2_POST', 'duplicate content')));
    const err = await rejection(channel().ch.publish(single));
    expect(err).toBeInstanceOf(Duplicate);
    expect(err.message).toBe(
      'twitter "x-main": You are not allowed to create a Tweet with duplicate content. (HTTP 403)',
    );
  });

  it('maps 401, other 403s and the usage cap to AuthFailed', async () => {
    tweets(
      problem(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }),
      problem(403, {
        title: 'Forbidden',
        type: 'about:blank',
        status: 403,
        detail: 'You are not permitted to perform this action.',
      }),
      problem(429, recordedBody('x_v2', 'UsageCapExceeded')),
    );
    const { ch } = channel();
    for (const status of [401, 403, 429]) {
      const err = await rejection(ch.publish(single));
      expect(err).toBeInstanceOf(AuthFailed);
      expect(err.status).toBe(status);
    }
  });

  it('maps a 400 to Rejected', async () => {
    tweets(
      problem(400, {
        errors: [{ message: 'text is too long' }],
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        type: 'https://api.twitter.com/2/problems/invalid-request',
      }),
    );
    const err = await rejection(channel().ch.publish(single));
    expect(err).toBeInstanceOf(Rejected);
    expect(err.message).toContain('One or more parameters to your request was invalid.');
  });

  it('times out as Uncertain once the request reached the platform', async () => {
    const seen = tweets(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const err = await rejection(channel(30).ch.publish(single));
    expect(seen).toHaveLength(1);
    expect(err).toBeInstanceOf(Uncertain);
    expect(err.message).toBe(
      'twitter "x-main": no answer within 30 ms after the request was sent; the post may be published',
    );
  });

  it('sends nothing when the caller already aborted', async () => {
    const seen = tweets(created('1'));
    const err = await rejection(channel().ch.publish(single, { signal: AbortSignal.abort() }));
    expect(err).toBeInstanceOf(Transient);
    expect(seen).toHaveLength(0);
  });

  it('keeps every secret out of errors and logs', async () => {
    tweets(problem(401, { title: 'Unauthorized', status: 401, detail: 'Unauthorized' }));
    const { ch, lines } = channel();
    const err = await rejection(ch.publish(single));
    const { logger, lines: errLines } = memoryLogger();
    logger.error({ err }, 'publish failed');
    expectNoSecret(err, SECRETS, [...lines, ...errLines]);
  });
});

describe('TwitterChannel.check', () => {
  it('reports the handle, or the problem and the fix', async () => {
    server.use(
      http.get('https://api.x.com/2/users/me', () =>
        HttpResponse.json({ data: { id: '1', name: 'Crier', username: 'crier_news' } }),
      ),
    );
    expect(await channel().ch.check()).toEqual({ status: 'ready', detail: '@crier_news' });
    server.use(
      http.get('https://api.x.com/2/users/me', () =>
        HttpResponse.json({ title: 'Unauthorized', status: 401, detail: 'Unauthorized' }, { status: 401 }),
      ),
    );
    expect(await channel().ch.check()).toEqual({
      status: 'failed',
      detail:
        'X credentials were rejected (Unauthorized (HTTP 401)): regenerate the access token and secret (Read and Write) in the X developer portal and set TWITTER_APP_KEY, TWITTER_APP_SECRET, TWITTER_ACCESS_TOKEN and TWITTER_ACCESS_SECRET',
    });
  });
});

describe('xRetryAfterMs', () => {
  it('uses the 15-minute reset when no window says 0, and a default without headers', () => {
    expect(
      xRetryAfterMs({ 'x-rate-limit-remaining': '3', 'x-rate-limit-reset': String(NOW / 1000 + 60) }, NOW),
    ).toBe(60_000);
    expect(xRetryAfterMs({}, NOW)).toBe(15 * 60_000);
  });
});
