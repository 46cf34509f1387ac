import { describe, expect, it } from 'vitest';
import { decorrelatedJitter, exponentialCap, fullJitter } from '../../src/schedule/backoff.js';

const opts = { baseMs: 1000, maxMs: 60_000 };

describe('backoff', () => {
  it('doubles the cap per attempt up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((a) => exponentialCap(a, opts))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000,
    ]);
  });

  it('full jitter stays within [0, cap) and follows the injected random', () => {
    expect(fullJitter(3, { ...opts, random: () => 0 })).toBe(0);
    expect(fullJitter(3, { ...opts, random: () => 0.5 })).toBe(2000);
    expect(fullJitter(3, { ...opts, random: () => 0.999999 })).toBeLessThan(4000);
    expect(fullJitter(3, { ...opts, random: () => 0.999999 })).toBeGreaterThan(3990);
    expect(fullJitter(1000, { ...opts, random: () => 0.999999 })).toBeLessThan(60_000);
  });

  it('decorrelated jitter stays within [base, min(max, 3 * previous)]', () => {
    expect(decorrelatedJitter(1000, { ...opts, random: () => 0 })).toBe(1000);
    expect(decorrelatedJitter(5000, { ...opts, random: () => 0.5 })).toBe(8000);
    expect(decorrelatedJitter(50_000, { ...opts, random: () => 0.999999 })).toBeLessThanOrEqual(60_000);
    for (let i = 0; i < 100; i++) {
      const d = decorrelatedJitter(4000, opts);
      expect(d).toBeGreaterThanOrEqual(1000);
      expect(d).toBeLessThan(12_000);
    }
  });
});
