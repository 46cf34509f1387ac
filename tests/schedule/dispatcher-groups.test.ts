import { describe, expect, it, vi } from 'vitest';
import { AuthFailed, RateLimited } from '../../src/channels/errors.js';
import { enqueue, FakeChannel, ok, useDispatcherTest } from './dispatcher-helpers.js';

// Channels of one platform share its credentials, so they share the platform's limits and pauses.
const T0 = Date.parse('2026-06-10T12:00:00Z');
const a = { id: 'tg-a', platform: 'telegram' as const };
const b = { id: 'tg-b', platform: 'telegram' as const };

const env = useDispatcherTest(T0);
const setup = (channels: FakeChannel[], rate?: Record<string, number>) =>
  env.setup(channels, rate ? { rate } : {});

describe('channels sharing a platform account', () => {
  it('wait out a 429 together: no request to the platform before retry-after ran out', async () => {
    const first = new FakeChannel('tg-a', 'telegram', (p, call) => {
      if (call === 1)
        throw new RateLimited('retry after 30', 30_000, { platform: 'telegram', channel: 'tg-a' });
      return ok(p, call);
    });
    const second = new FakeChannel('tg-b', 'telegram', ok, 10);
    const d = setup([first, second]);
    enqueue(env.store, [a], 'a1');
    await d.tick();
    expect(first.calls).toHaveLength(1);
    enqueue(env.store, [b], 'b1');
    d.start();
    await vi.advanceTimersByTimeAsync(30_000 - 1);
    expect(second.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(50);
    expect(second.calls).toHaveLength(1);
    expect(second.calls[0]!.at).toBeGreaterThanOrEqual(T0 + 30_000);
  });

  it('share one rate budget, and every channel gets its turn', async () => {
    const chans = ['c1', 'c2', 'c3', 'c4'].map((id) => new FakeChannel(id, 'telegram'));
    const d = setup(chans, { perMinute: 2 });
    for (const c of chans)
      for (let i = 0; i < 3; i++) enqueue(env.store, [{ id: c.id, platform: 'telegram' }], `${c.id}-${i}`);
    d.start();
    await vi.advanceTimersByTimeAsync(60_000 - 1);
    expect(chans.reduce((n, c) => n + c.calls.length, 0)).toBe(2);
    await vi.advanceTimersByTimeAsync(60_000 * 5);
    const counts = chans.map((c) => c.calls.length);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(12);
    // 2 per minute across all four channels, never more
    const times = chans.flatMap((c) => c.calls.map((k) => k.at)).sort((x, y) => x - y);
    for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 2]!).toBeGreaterThanOrEqual(60_000);
  });

  it('pause together when the shared token is revoked, and resume together', async () => {
    const first = new FakeChannel('tg-a', 'telegram', () => {
      throw new AuthFailed('Unauthorized', { platform: 'telegram', channel: 'tg-a', status: 401 });
    });
    const second = new FakeChannel('tg-b', 'telegram');
    const d = setup([first, second]);
    enqueue(env.store, [a], 'a1');
    await d.tick();
    expect([...d.pausedChannels().keys()].sort()).toEqual(['tg-a', 'tg-b']);
    const ids = enqueue(env.store, [b], 'b1');
    await d.tick();
    expect(second.calls).toHaveLength(0);
    d.resumeChannel('tg-a');
    expect(d.pausedChannels().size).toBe(0);
    await d.tick();
    expect(env.store.getDelivery(ids['tg-b']!)!.status).toBe('sent');
  });
});
