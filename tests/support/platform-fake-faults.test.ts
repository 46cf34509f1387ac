import { afterEach, describe, expect, it } from 'vitest';
import { startPlatformFake, type FakeOptions, type PlatformFake } from './platform-fake.js';
import { graphPost, telegram, tweet } from './fake-test-helpers.js';

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
let clock = T0;
let fakes: PlatformFake[] = [];

async function start(opts: FakeOptions = {}): Promise<PlatformFake> {
  clock = T0;
  const fake = await startPlatformFake({ now: () => clock, ...opts });
  fakes.push(fake);
  return fake;
}

afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

describe('rate limits', () => {
  it('gives Telegram 429 with retry_after once a chat window is full, and records early retries', async () => {
    const fake = await start({ rateLimits: { telegramPerChat: { limit: 2, windowMs: 10_000 } } });
    await telegram(fake, 'sendMessage', { chat_id: '@a', text: '1' });
    clock += 1_500;
    await telegram(fake, 'sendMessage', { chat_id: '@a', text: '2' });
    const limited = await telegram(fake, 'sendMessage', { chat_id: '@a', text: '3' });
    // The first slot frees at T0 + 10 s, 8.5 s from now: Telegram rounds up to whole seconds.
    expect(limited).toMatchObject({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 9',
        parameters: { retry_after: 9 },
      },
    });
    expect(fake.rateLimits).toEqual([
      expect.objectContaining({ platform: 'telegram', reason: 'chat', target: '@a', retryAfterSec: 9 }),
    ]);
    expect((await telegram(fake, 'sendMessage', { chat_id: '@b', text: 'other chat is free' })).status).toBe(
      200,
    );

    clock += 8_000; // 1 s too early
    const early = await telegram(fake, 'sendMessage', { chat_id: '@a', text: '3' });
    expect(early.body).toMatchObject({ parameters: { retry_after: 1 } });
    expect(fake.retryAfterViolations).toEqual([expect.objectContaining({ target: '@a', earlyByMs: 1_000 })]);

    clock += 1_000; // exactly when told
    expect((await telegram(fake, 'sendMessage', { chat_id: '@a', text: '3' })).status).toBe(200);
    expect(fake.retryAfterViolations).toHaveLength(1);
    expect(fake.posts.map((p) => p.text)).toEqual(['1', '2', 'other chat is free', '3']);
  });

  it('limits a bot over all chats', async () => {
    const fake = await start({ rateLimits: { telegramPerBot: { limit: 3, windowMs: 1_000 } } });
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await telegram(fake, 'sendMessage', { chat_id: `@c${i}`, text: 'x' })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(fake.rateLimits.map((r) => [r.reason, r.target, r.retryAfterSec])).toEqual([
      ['bot', '@c3', 1],
      ['bot', '@c4', 1],
    ]);
  });

  it('gives X a 429 with x-rate-limit-reset in epoch seconds per user', async () => {
    const fake = await start({ rateLimits: { twitterPerUser: { limit: 1, windowMs: 60_000 } } });
    expect((await tweet(fake, { text: 'one' })).status).toBe(201);
    const res = await tweet(fake, { text: 'two' });
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ title: 'Too Many Requests', status: 429 });
    expect(res.headers.get('x-rate-limit-reset')).toBe(String((T0 + 60_000) / 1000));
    expect(res.headers.get('x-rate-limit-remaining')).toBe('0');
    clock += 30_000;
    await tweet(fake, { text: 'two' });
    expect(fake.retryAfterViolations).toEqual([
      expect.objectContaining({ platform: 'twitter', earlyByMs: 30_000 }),
    ]);
  });

  it('answers Graph code 32 per Page and code 4 per app', async () => {
    const fake = await start({ rateLimits: { facebookPerPage: { limit: 1, windowMs: 3_600_000 } } });
    await graphPost(fake, { message: 'one' });
    const page = await graphPost(fake, { message: 'two' });
    expect(page.body).toMatchObject({ error: { code: 32, type: 'OAuthException' } });
    expect(page.headers.get('x-business-use-case-usage')).toContain('"estimated_time_to_regain_access":60');
    fake.reset();
    fake.configure({ rateLimits: { facebookPerPage: null, facebookPerApp: { limit: 1, windowMs: 60_000 } } });
    await graphPost(fake, { message: 'one' });
    expect((await graphPost(fake, { message: 'two' })).body).toMatchObject({
      error: { code: 4, is_transient: true },
    });
  });

  it('answers 429 to everything during a storm and stops when it ends', async () => {
    const fake = await start({ stormUntil: T0 + 5_000 });
    expect((await tweet(fake, { text: 'x' })).status).toBe(429);
    expect((await telegram(fake, 'getMe', {})).status).toBe(429);
    const send = await telegram(fake, 'sendMessage', { chat_id: '@a', text: 'x' });
    expect(send.body).toMatchObject({ parameters: { retry_after: 5 } });
    expect((await graphPost(fake, { message: 'x' })).body).toMatchObject({ error: { code: 32 } });
    expect(fake.posts).toHaveLength(0);
    expect(fake.rateLimits.map((r) => `${r.platform}:${r.reason}`)).toEqual([
      'twitter:storm',
      'telegram:storm',
      'telegram:storm',
      'facebook:storm',
    ]);
    clock += 5_000;
    expect((await telegram(fake, 'sendMessage', { chat_id: '@a', text: 'x' })).status).toBe(200);
    expect(fake.retryAfterViolations).toHaveLength(0);
  });
});

describe('seeded faults', () => {
  const texts = Array.from({ length: 40 }, (_, i) => `article ${i}`);

  async function outcomes(fake: PlatformFake, order: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const text of order)
      out.set(text, (await telegram(fake, 'sendMessage', { chat_id: '@a', text })).status);
    return out;
  }

  it('fails a seeded share of requests with 5xx, the same ones whatever the arrival order', async () => {
    const opts = { failRate: 0.3, seed: 7, rateLimits: { telegramPerChat: null, telegramPerBot: null } };
    const a = await outcomes(await start(opts), texts);
    const b = await outcomes(await start(opts), [...texts].reverse());
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    const failed = [...a.values()].filter((s) => s === 502).length;
    expect(failed).toBeGreaterThan(3);
    expect(failed).toBeLessThan(25);
    expect(fakes[0]!.posts).toHaveLength(40 - failed);
    const c = await outcomes(await start({ ...opts, seed: 8 }), texts);
    expect([...c.values()]).not.toEqual([...a.values()]);
  });

  it('a retry of a failed request gets a fresh draw', async () => {
    const fake = await start({ failRate: 0.5, seed: 3, rateLimits: { telegramPerChat: null } });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await telegram(fake, 'sendMessage', { chat_id: '@a', text: 'same' })).status);
    expect(new Set(statuses)).toEqual(new Set([200, 502]));
  });

  it('drops the answer of an accepted post: recorded once, client sees the connection die', async () => {
    const fake = await start({ dropAfterAccept: 1 });
    await expect(tweet(fake, { text: 'lost answer' })).rejects.toThrow();
    expect(fake.posts).toEqual([expect.objectContaining({ text: 'lost answer', answerLost: true })]);
    expect(fake.requests[0]!.outcome).toBe('dropped');
    fake.configure({ dropAfterAccept: 0 });
    const retry = await tweet(fake, { text: 'lost answer' });
    expect(retry.status).toBe(403); // the blind retry is a duplicate
  });

  it('drops a seeded share of posts and only posts', async () => {
    const fake = await start({
      dropAfterAccept: 0.5,
      seed: 11,
      rateLimits: { telegramPerChat: null, telegramPerBot: null },
    });
    const results = await Promise.allSettled(
      texts.map((text) => telegram(fake, 'sendMessage', { chat_id: '@a', text })),
    );
    const lost = results.filter((r) => r.status === 'rejected').length;
    expect(lost).toBeGreaterThan(5);
    expect(lost).toBeLessThan(35);
    expect(fake.posts).toHaveLength(40);
    expect(fake.posts.filter((p) => p.answerLost)).toHaveLength(lost);
    expect((await telegram(fake, 'getMe', {})).status).toBe(200);
  });

  it('tells listeners about each request with its outcome', async () => {
    const fake = await start({ delayMs: [1, 3] });
    const seen: string[] = [];
    const off = fake.onRequest((r) => seen.push(`${r.platform}:${r.outcome}`));
    await telegram(fake, 'sendMessage', { chat_id: '@a', text: 'x' });
    await tweet(fake, { text: 'x' });
    off();
    await tweet(fake, { text: 'y' });
    expect(seen).toEqual(['telegram:accepted', 'twitter:accepted']);
  });
});

describe('control API', () => {
  it('serves records and takes configuration over HTTP when enabled', async () => {
    const fake = await start({ controlApi: true });
    await telegram(fake, 'sendMessage', { chat_id: '@a', text: 'x' });
    await fetch(`${fake.url}/__fake/configure`, {
      method: 'POST',
      body: JSON.stringify({ failRate: 1 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(fake.config.failRate).toBe(1);
    const state = (await (await fetch(`${fake.url}/__fake/state`)).json()) as {
      posts: unknown[];
      requests: unknown[];
    };
    expect(state.posts).toHaveLength(1);
    expect(state.requests).toHaveLength(1);
    const off = await start();
    expect((await fetch(`${off.url}/__fake/state`)).status).toBe(404);
  });
});

describe('env', () => {
  it('hands out the roots and credentials crier reads, with overrides', async () => {
    const fake = await start();
    const env = fake.env({ TELEGRAM_CHAT_ID: '@other' });
    expect(env).toMatchObject({
      TWITTER_API_ROOT: fake.url,
      TELEGRAM_API_ROOT: fake.url,
      FACEBOOK_GRAPH_ROOT: fake.url,
      TELEGRAM_CHAT_ID: '@other',
      FACEBOOK_GRAPH_VERSION: 'v24.0',
    });
    expect(env.TELEGRAM_BOT_TOKEN).toMatch(/^\d{9}:AA[\w-]{33}$/);
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
