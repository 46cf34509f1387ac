import { describe, expect, it } from 'vitest';
import { createRateLimiter, PLATFORM_RATE_DEFAULTS } from '../../src/schedule/rate-limit.js';

const T0 = Date.parse('2026-06-10T12:00:00Z');

describe('createRateLimiter', () => {
  it('applies Telegram 20/min by default and frees a place when the oldest start leaves the window', () => {
    const rl = createRateLimiter({ channels: [{ id: 'tg', platform: 'telegram' }] });
    expect(rl.available('tg', T0)).toBe(20);
    for (let i = 0; i < 20; i++) rl.record('tg', T0 + i * 1000);
    const last = T0 + 19_000;
    expect(rl.available('tg', last)).toBe(0);
    expect(rl.nextAllowedAt('tg', last)).toBe(T0 + 60_000);
    expect(rl.available('tg', T0 + 59_999)).toBe(0);
    expect(rl.available('tg', T0 + 60_000)).toBe(1);
    expect(rl.available('tg', T0 + 79_000)).toBe(20);
  });

  it('takes config per window, keeping platform defaults for windows left unset', () => {
    const rl = createRateLimiter({
      channels: [
        { id: 'tg', platform: 'telegram', rate: { perHour: 30 } },
        { id: 'x', platform: 'twitter', rate: { perDay: 100 } },
      ],
    });
    expect(rl.limits('tg')).toEqual({ perMinute: 20, perHour: 30 });
    expect(rl.limits('x')).toEqual({ perDay: 100 });
    expect(PLATFORM_RATE_DEFAULTS.facebook.perMinute).toBeGreaterThan(0);
  });

  it('enforces the hour and day windows with the right next time', () => {
    const rl = createRateLimiter({
      channels: [{ id: 'x', platform: 'twitter', rate: { perHour: 3, perDay: 4 } }],
    });
    rl.record('x', T0);
    rl.record('x', T0 + 10 * 60_000);
    rl.record('x', T0 + 20 * 60_000);
    expect(rl.available('x', T0 + 30 * 60_000)).toBe(0);
    expect(rl.nextAllowedAt('x', T0 + 30 * 60_000)).toBe(T0 + 3_600_000);
    rl.record('x', T0 + 3_600_000);
    // 4 in the last day now: the day window decides
    expect(rl.available('x', T0 + 5 * 3_600_000)).toBe(0);
    expect(rl.nextAllowedAt('x', T0 + 5 * 3_600_000)).toBe(T0 + 86_400_000);
    expect(rl.available('x', T0 + 86_400_000)).toBe(1);
  });

  it('blocks a channel until a platform-given time (even hours) without touching others', () => {
    const rl = createRateLimiter({
      channels: [
        { id: 'tg', platform: 'telegram' },
        { id: 'fb', platform: 'facebook' },
      ],
    });
    const until = T0 + 12 * 3_600_000;
    rl.blockUntil('tg', until);
    rl.blockUntil('tg', T0 + 1000); // never shortens a block
    expect(rl.available('tg', until - 1)).toBe(0);
    expect(rl.nextAllowedAt('tg', T0)).toBe(until);
    expect(rl.available('tg', until)).toBe(20);
    expect(rl.available('fb', T0)).toBeGreaterThan(0);
  });

  it('uses the injected clock when no time is given', () => {
    let now = T0;
    const rl = createRateLimiter({
      channels: [{ id: 'x', platform: 'twitter', rate: { perMinute: 1 } }],
      now: () => now,
    });
    rl.record('x');
    expect(rl.available('x')).toBe(0);
    now += 60_000;
    expect(rl.available('x')).toBe(1);
  });

  it('shares one budget and one block within a group, with the strictest limit of its members', () => {
    const rl = createRateLimiter({
      channels: [
        { id: 'a', platform: 'telegram', group: 'telegram', rate: { perMinute: 30 } },
        { id: 'b', platform: 'telegram', group: 'telegram', rate: { perMinute: 5, perSecond: 2 } },
        { id: 'c', platform: 'facebook' },
      ],
    });
    expect(rl.group('a')).toBe('telegram');
    expect(rl.group('c')).toBe('c');
    expect(rl.limits('a')).toEqual({ perMinute: 5, perSecond: 2 });
    rl.record('a', T0);
    rl.record('b', T0);
    expect(rl.available('a', T0)).toBe(0); // perSecond 2 used by the two channels together
    expect(rl.available('b', T0 + 1000)).toBe(2);
    rl.blockUntil('b', T0 + 30_000);
    expect(rl.available('a', T0 + 29_999)).toBe(0);
    expect(rl.available('c', T0 + 29_999)).toBeGreaterThan(0);
    expect(rl.available('a', T0 + 30_000)).toBe(2);
  });
});
