import { describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../src/schedule/dispatcher.js';
import {
  enqueue,
  FakeChannel,
  makeConfig,
  memoryStore,
  ok,
  silentLogger,
  useDispatcherTest,
} from './dispatcher-helpers.js';

const T0 = Date.parse('2026-06-10T12:00:00Z');
const tg = { id: 'tg', platform: 'telegram' as const };
const fb = { id: 'fb', platform: 'facebook' as const };

const env = useDispatcherTest(T0);
const setup = (channels: FakeChannel[], delivery: Record<string, number> = {}, random = () => 0.5) =>
  env.setup(channels, { delivery, random });

describe('dispatcher ordering, parallelism, rate and shutdown', () => {
  it('posts to one channel in order, one at a time', async () => {
    const ch = new FakeChannel('tg', 'telegram', ok, 700);
    const d = setup([ch]);
    for (const t of ['1', '2', '3', '4']) enqueue(env.store, [tg], t);
    d.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ch.calls.map((c) => c.text)).toEqual(['1', '2', '3', '4']);
    expect(ch.maxInFlight).toBe(1);
    for (let i = 1; i < ch.calls.length; i++)
      expect(ch.calls[i]!.at).toBeGreaterThanOrEqual(ch.calls[i - 1]!.endedAt!);
  });

  it('publishes to different channels in parallel', async () => {
    const a = new FakeChannel('tg', 'telegram', ok, 3_000);
    const b = new FakeChannel('fb', 'facebook', ok, 3_000);
    const d = setup([a, b]);
    enqueue(env.store, [tg, fb], 'both');
    d.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(a.inFlight + b.inFlight).toBe(2);
    await vi.advanceTimersByTimeAsync(2_100);
    expect(a.calls[0]!.endedAt).toBe(T0 + 3_000);
    expect(b.calls[0]!.endedAt).toBe(T0 + 3_000);
  });

  it('respects Telegram 20/min over a burst of 50', async () => {
    const ch = new FakeChannel('tg', 'telegram');
    const d = setup([ch]);
    const ids = Array.from({ length: 50 }, (_, i) => enqueue(env.store, [tg], `n${i}`).tg!);
    d.start();
    await vi.advanceTimersByTimeAsync(60_000 - 1);
    expect(ch.calls).toHaveLength(20);
    await vi.advanceTimersByTimeAsync(130_000);
    expect(ch.calls).toHaveLength(50);
    const at = ch.calls.map((c) => c.at);
    for (let i = 20; i < at.length; i++) expect(at[i]! - at[i - 20]!).toBeGreaterThanOrEqual(60_000);
    expect(ids.every((id) => env.store.getDelivery(id)!.status === 'sent')).toBe(true);
  });

  it('stop() makes no new claims and waits for the publish in flight', async () => {
    const ch = new FakeChannel('tg', 'telegram', ok, 5_000);
    const d = setup([ch]);
    const first = enqueue(env.store, [tg], 'in flight');
    d.start();
    await vi.advanceTimersByTimeAsync(10);
    const later = enqueue(env.store, [tg], 'later');
    d.notify();
    let stopped = false;
    const stopping = d.stop(15_000).then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(4_000);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    await stopping;
    expect(env.store.getDelivery(first.tg!)!.status).toBe('sent');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ch.calls).toHaveLength(1);
    expect(env.store.getDelivery(later.tg!)!.status).toBe('queued');
  });

  it('stop() gives up after its timeout, leaving the row sending', async () => {
    const ch = new FakeChannel('tg', 'telegram', ok, 20_000);
    const d = setup([ch]);
    const ids = enqueue(env.store, [tg], 'slow');
    d.start();
    await vi.advanceTimersByTimeAsync(10);
    let stopped = false;
    const stopping = d.stop(2_000).then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await stopping;
    expect(ch.calls[0]!.signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(env.store.getDelivery(ids.tg!)!.status).toBe('sending');
  });

  it('tick() claims due rows without start() and only rows that are due', async () => {
    const ch = new FakeChannel('tg', 'telegram');
    const d = setup([ch]);
    const now = enqueue(env.store, [tg], 'now');
    const later = enqueue(env.store, [tg], 'later', T0 + 60_000);
    await d.tick();
    await d.tick();
    expect(env.store.getDelivery(now.tg!)!.status).toBe('sent');
    expect(env.store.getDelivery(later.tg!)!.status).toBe('queued');
    expect(ch.calls).toHaveLength(1);
  });
});

describe('dispatcher with only (crier post --now)', () => {
  it('claims only the given deliveries, even when an older one of the same channel is due', async () => {
    const ch = new FakeChannel('tg', 'telegram');
    const config = makeConfig([tg]);
    const older = enqueue(env.store, [tg], 'older, not mine').tg!;
    const mine = enqueue(env.store, [tg], 'mine').tg!;
    const other = enqueue(env.store, [tg], 'not mine').tg!;
    const dispatcher = env.track(
      createDispatcher({
        store: env.store,
        channels: [ch],
        config,
        logger: silentLogger(),
        only: [mine],
      }),
    );
    dispatcher.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(env.store.getDelivery(mine)!.status).toBe('sent');
    expect(env.store.getDelivery(other)!.status).toBe('queued');
    expect(env.store.getDelivery(older)!.status).toBe('queued');
    expect(ch.calls.map((c) => c.text)).toEqual(['mine']);
  });
});

describe('dispatcher robustness', () => {
  it('survives throwing listeners and a failing store, reporting the latter as an error event', async () => {
    const ch = new FakeChannel('tg', 'telegram');
    const d = setup([ch]);
    const errors: unknown[] = [];
    d.on('sent', () => {
      throw new Error('listener bug');
    });
    d.on('error', (e) => errors.push(e.err));
    const ids = enqueue(env.store, [tg], 'x');
    await d.tick();
    expect(env.store.getDelivery(ids.tg!)!.status).toBe('sent');
    env.store.close();
    await expect(d.tick()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    env.store = memoryStore(); // afterEach closes it
  });
});
