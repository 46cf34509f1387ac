import { describe, expect, it, vi } from 'vitest';
import {
  AuthFailed,
  Duplicate,
  RateLimited,
  Rejected,
  Transient,
  Uncertain,
  type ChannelErrorOptions,
} from '../../src/channels/errors.js';
import { enqueue, FakeChannel, ok, useDispatcherTest } from './dispatcher-helpers.js';

const T0 = Date.parse('2026-06-10T12:00:00Z');
const tg = { id: 'tg', platform: 'telegram' as const };
const fb = { id: 'fb', platform: 'facebook' as const };
const opts = (c: { id: string; platform: 'telegram' | 'facebook' }): ChannelErrorOptions => ({
  platform: c.platform,
  channel: c.id,
});

const env = useDispatcherTest(T0);
const setup = (channels: FakeChannel[], delivery: Record<string, number> = {}, random = () => 0.5) =>
  env.setup(channels, { delivery, random });

describe('dispatcher outcomes', () => {
  it('marks a successful publish sent and reports it', async () => {
    const ch = new FakeChannel('tg', 'telegram', ok, 250);
    const d = setup([ch]);
    const sent = vi.fn();
    const latency = vi.fn();
    d.on('sent', sent).on('latency', latency);
    const ids = enqueue(env.store, [tg], 'hello');
    d.start();
    await vi.advanceTimersByTimeAsync(1000);
    const row = env.store.getDelivery(ids.tg!)!;
    expect(row.status).toBe('sent');
    expect(row.remoteId).toBe('tg-1');
    expect(ch.calls).toHaveLength(1);
    expect(sent).toHaveBeenCalledWith(expect.objectContaining({ remoteId: 'tg-1', duplicate: false }));
    expect(latency).toHaveBeenCalledWith({ channel: 'tg', ms: 250 });
  });

  it('records dry-run receipts as dry-run', async () => {
    const ch = new FakeChannel('tg', 'telegram', (p) => ({
      remoteId: 'dry',
      postedAt: new Date().toISOString(),
      dryRun: true,
      url: p.text,
    }));
    const d = setup([ch]);
    const ids = enqueue(env.store, [tg], 'dry');
    await d.tick();
    expect(env.store.getDelivery(ids.tg!)!.status).toBe('dry-run');
  });

  it('waits exactly retry-after on 429 while another channel keeps posting', async () => {
    const telegram = new FakeChannel('tg', 'telegram', (p, call) => {
      if (call === 1) throw new RateLimited('Too Many Requests: retry after 41', 41_000, opts(tg));
      return ok(p, call);
    });
    const facebook = new FakeChannel('fb', 'facebook', ok, 2_000);
    const d = setup([telegram, facebook]);
    const ids = enqueue(env.store, [tg, fb], 'one');
    const tgTwo = enqueue(env.store, [tg, fb], 'two');
    enqueue(env.store, [fb], 'three');
    d.start();
    await vi.advanceTimersByTimeAsync(41_000 - 1);
    // the whole channel waits, not just the row that got the 429
    expect(telegram.calls).toHaveLength(1);
    expect(env.store.getDelivery(ids.tg!)!.status).toBe('queued');
    expect(env.store.getDelivery(ids.tg!)!.nextAttemptAt).toBe(T0 + 41_000);
    // facebook was not held up by telegram's wait
    expect(facebook.calls.map((c) => c.text)).toEqual(['one', 'two', 'three']);
    // each next post starts as soon as the previous one ended (fake timers add 1 ms per nested immediate)
    expect(facebook.calls[0]!.at).toBe(T0);
    for (let i = 1; i < 3; i++) {
      expect(facebook.calls[i]!.at - facebook.calls[i - 1]!.endedAt!).toBeLessThanOrEqual(2);
    }
    await vi.advanceTimersByTimeAsync(1);
    expect(telegram.calls.length).toBeGreaterThanOrEqual(2);
    expect(telegram.calls[1]!.at).toBe(T0 + 41_000);
    await vi.advanceTimersByTimeAsync(10);
    expect(env.store.getDelivery(ids.tg!)!.status).toBe('sent');
    expect(env.store.getDelivery(tgTwo.tg!)!.status).toBe('sent');
  });

  it('does not count 429 waits against the transient attempt budget', async () => {
    const ch = new FakeChannel('tg', 'telegram', (p, call) => {
      if (call <= 3) throw new RateLimited('slow down', 5_000, opts(tg));
      if (call === 4) throw new Transient('502 Bad Gateway', opts(tg));
      return ok(p, call);
    });
    const d = setup([ch], { maxAttempts: 2 });
    const ids = enqueue(env.store, [tg], 'patient');
    d.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ch.calls).toHaveLength(5);
    expect(env.store.getDelivery(ids.tg!)!.status).toBe('sent');
  });

  it('retries a 5xx storm with growing backoff, then fails after maxAttempts', async () => {
    const ch = new FakeChannel('tg', 'telegram', () => {
      throw new Transient('Internal Server Error', { ...opts(tg), status: 500 });
    });
    const d = setup([ch], { maxAttempts: 4, backoffBaseMs: 1000 });
    const retries = vi.fn();
    d.on('retry', retries);
    const ids = enqueue(env.store, [tg], 'storm');
    d.start();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(ch.calls).toHaveLength(4);
    const at = ch.calls.map((c) => c.at - T0);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    // full jitter with random 0.5: half of 1 s, 2 s, 4 s
    expect(gaps).toEqual([500, 1000, 2000]);
    const row = env.store.getDelivery(ids.tg!)!;
    expect(row.status).toBe('failed');
    expect(row.lastErrorKind).toBe('transient');
    expect(row.lastError).toMatch(/gave up after 4 attempts: Internal Server Error/);
    expect(retries).toHaveBeenCalledTimes(3);
  });

  it('fails a Rejected post at once', async () => {
    const ch = new FakeChannel('tg', 'telegram', () => {
      throw new Rejected("Bad Request: can't parse entities", { ...opts(tg), status: 400 });
    });
    const d = setup([ch]);
    const ids = enqueue(env.store, [tg], 'bad');
    d.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ch.calls).toHaveLength(1);
    const row = env.store.getDelivery(ids.tg!)!;
    expect(row.status).toBe('failed');
    expect(row.lastErrorKind).toBe('rejected');
  });

  it('pauses a channel on AuthFailed, leaving its other rows queued, until resumed', async () => {
    const ch = new FakeChannel('tg', 'telegram', () => {
      throw new AuthFailed('Forbidden: bot is not a member of the channel chat', {
        ...opts(tg),
        status: 403,
      });
    });
    const other = new FakeChannel('fb', 'facebook');
    const d = setup([ch, other]);
    const paused = vi.fn();
    d.on('paused', paused);
    const first = enqueue(env.store, [tg], 'first');
    const second = enqueue(env.store, [tg], 'second');
    d.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(ch.calls).toHaveLength(1);
    expect(env.store.getDelivery(first.tg!)!.status).toBe('failed');
    expect(env.store.getDelivery(first.tg!)!.lastErrorKind).toBe('auth');
    expect(env.store.getDelivery(second.tg!)!.status).toBe('queued');
    expect(d.pausedChannels().get('tg')).toMatch(/not a member/);
    expect(paused).toHaveBeenCalledWith(expect.objectContaining({ channel: 'tg' }));
    // other channels keep working while tg is paused
    const fbRow = enqueue(env.store, [fb], 'elsewhere');
    await vi.advanceTimersByTimeAsync(200);
    expect(env.store.getDelivery(fbRow.fb!)!.status).toBe('sent');

    ch.setBehaviour(ok);
    d.resumeChannel('tg');
    await vi.advanceTimersByTimeAsync(200);
    expect(d.pausedChannels().size).toBe(0);
    expect(env.store.getDelivery(second.tg!)!.status).toBe('sent');
  });

  it('counts Duplicate as sent', async () => {
    const ch = new FakeChannel('tg', 'telegram', () => {
      throw new Duplicate('You are not allowed to create a Tweet with duplicate content.', opts(tg));
    });
    const d = setup([ch]);
    const sent = vi.fn();
    d.on('sent', sent);
    const ids = enqueue(env.store, [tg], 'again');
    await d.tick();
    const row = env.store.getDelivery(ids.tg!)!;
    expect(row.status).toBe('sent');
    expect(row.remoteId).toBe('duplicate');
    expect(sent).toHaveBeenCalledWith(expect.objectContaining({ duplicate: true }));
  });

  it('marks Uncertain uncertain and never re-sends it', async () => {
    const ch = new FakeChannel('tg', 'telegram', () => {
      throw new Uncertain('connection reset after the request was sent', opts(tg));
    });
    const d = setup([ch]);
    const ids = enqueue(env.store, [tg], 'maybe');
    d.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ch.calls).toHaveLength(1);
    expect(env.store.getDelivery(ids.tg!)!.status).toBe('uncertain');
  });

  it('never retries a half-posted thread and records the posted parts', async () => {
    const ch = new FakeChannel('tg', 'telegram', () => {
      throw new Transient('503 on part 3', {
        ...opts(tg),
        posted: [{ remoteId: '111' }, { remoteId: '222' }],
      });
    });
    const d = setup([ch]);
    const ids = enqueue(env.store, [tg], 'thread');
    d.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ch.calls).toHaveLength(1);
    const row = env.store.getDelivery(ids.tg!)!;
    expect(row.status).toBe('uncertain');
    expect(row.lastError).toMatch(/111, 222/);
  });

  it('fails a delivery whose publish throws a non-channel error and keeps the loop going', async () => {
    const ch = new FakeChannel('tg', 'telegram', (p, call) => {
      if (call === 1) throw new TypeError("Cannot read properties of undefined (reading 'id')");
      return ok(p, call);
    });
    const d = setup([ch]);
    const a = enqueue(env.store, [tg], 'a');
    const b = enqueue(env.store, [tg], 'b');
    d.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(env.store.getDelivery(a.tg!)!.status).toBe('failed');
    expect(env.store.getDelivery(a.tg!)!.lastError).toMatch(/reading 'id'/);
    expect(env.store.getDelivery(b.tg!)!.status).toBe('sent');
  });

  it('treats a publish that ignores its timeout as uncertain and frees the channel', async () => {
    const ch = new FakeChannel('tg', 'telegram', (p, call) =>
      call === 1 ? new Promise(() => undefined) : ok(p, call),
    );
    const d = setup([ch], { publishTimeoutMs: 5_000 });
    const a = enqueue(env.store, [tg], 'hang');
    const b = enqueue(env.store, [tg], 'next');
    d.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ch.calls[0]!.signal?.aborted).toBe(true);
    expect(env.store.getDelivery(a.tg!)!.status).toBe('sending');
    await vi.advanceTimersByTimeAsync(1_200);
    expect(env.store.getDelivery(a.tg!)!.status).toBe('uncertain');
    expect(env.store.getDelivery(b.tg!)!.status).toBe('sent');
  });
});
