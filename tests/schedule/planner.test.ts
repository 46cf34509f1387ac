import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleSchema, type ScheduleConfig } from '../../src/config/schema.js';
import { planDelivery, ScheduleError } from '../../src/schedule/planner.js';
import { dayKey, fromWallTime, toWallTime } from '../../src/schedule/zoned-time.js';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const schedule = (s: Record<string, unknown>): ScheduleConfig => ScheduleSchema.parse(s);

describe('planDelivery: immediate', () => {
  it('returns now when no rule applies', () => {
    const now = at('2026-06-10T12:00:00Z');
    expect(planDelivery(schedule({}), now, [])).toBe(now);
  });

  it('pushes past quiet hours that wrap midnight, in the schedule time zone', () => {
    const s = schedule({ timezone: 'Europe/London', quietHours: { start: '23:00', end: '07:00' } });
    // 23:30 BST (before midnight) -> 07:00 BST next day
    expect(iso(planDelivery(s, at('2026-06-10T22:30:00Z'), []))).toBe('2026-06-11T06:00:00.000Z');
    // 02:00 BST (after midnight) -> 07:00 BST the same day
    expect(iso(planDelivery(s, at('2026-06-11T01:00:00Z'), []))).toBe('2026-06-11T06:00:00.000Z');
    // 22:59 BST is not quiet; 07:00 exactly is allowed again
    expect(planDelivery(s, at('2026-06-10T21:59:00Z'), [])).toBe(at('2026-06-10T21:59:00Z'));
    expect(planDelivery(s, at('2026-06-11T06:00:00Z'), [])).toBe(at('2026-06-11T06:00:00Z'));
  });

  it('handles quiet hours inside one day', () => {
    const s = schedule({ timezone: 'America/New_York', quietHours: { start: '12:00', end: '13:30' } });
    // 12:15 EDT = 16:15Z -> 13:30 EDT = 17:30Z
    expect(iso(planDelivery(s, at('2026-06-10T16:15:00Z'), []))).toBe('2026-06-10T17:30:00.000Z');
    expect(planDelivery(s, at('2026-06-10T15:59:00Z'), [])).toBe(at('2026-06-10T15:59:00Z'));
  });

  it('keeps minGap from taken times on both sides', () => {
    const s = schedule({ minGapMinutes: 60 });
    const now = at('2026-06-10T12:00:00Z');
    expect(planDelivery(s, now, [now - 20 * MIN])).toBe(now + 40 * MIN);
    // a queued post 30 min ahead: a new one cannot squeeze in before it
    expect(planDelivery(s, now, [now + 30 * MIN])).toBe(now + 90 * MIN);
    // exactly minGap away is fine
    expect(planDelivery(s, now, [now + 60 * MIN, now - 60 * MIN])).toBe(now);
    // chains through several taken times
    expect(planDelivery(s, now, [now + 100 * MIN, now + 30 * MIN])).toBe(now + 160 * MIN);
  });

  it('moves to the next local day when maxPerDay is reached', () => {
    const s = schedule({ timezone: 'America/New_York', maxPerDay: 2 });
    const now = at('2026-06-10T20:00:00Z'); // 16:00 EDT
    const today = [at('2026-06-10T13:00:00Z'), at('2026-06-10T15:00:00Z')];
    // next local midnight: 2026-06-11 00:00 EDT = 04:00Z
    expect(iso(planDelivery(s, now, today))).toBe('2026-06-11T04:00:00.000Z');
    // the same UTC day but the previous local day (03:00Z = 23:00 EDT on the 9th) does not count
    expect(planDelivery(s, now, [at('2026-06-10T03:00:00Z'), today[0]!])).toBe(now);
  });

  it('combines the rules: a full day, then quiet hours of the next morning', () => {
    const s = schedule({
      timezone: 'Europe/London',
      maxPerDay: 1,
      quietHours: { start: '22:00', end: '06:30' },
    });
    expect(iso(planDelivery(s, at('2026-06-10T10:00:00Z'), [at('2026-06-10T08:00:00Z')]))).toBe(
      '2026-06-11T05:30:00.000Z',
    );
  });

  it('throws a clear error naming the channel when nothing is allowed within a year', () => {
    const s = schedule({ minGapMinutes: 400 * 24 * 60 });
    const now = at('2026-06-10T12:00:00Z');
    expect(() => planDelivery(s, now, [now], 'facebook')).toThrow(ScheduleError);
    expect(() => planDelivery(s, now, [now], 'facebook')).toThrow(
      /schedule of channel facebook has no allowed time in the next year: check quietHours\/maxPerDay/,
    );
  });

  it('always returns a time that passes every rule (property)', () => {
    const tz = 'Europe/London';
    const s = schedule({
      timezone: tz,
      minGapMinutes: 45,
      maxPerDay: 4,
      quietHours: { start: '22:30', end: '06:15' },
    });
    const base = at('2026-10-20T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * 24 * 60 }),
        fc.array(fc.integer({ min: -2 * 24 * 60, max: 10 * 24 * 60 }), { maxLength: 25 }),
        (nowMin, takenMin) => {
          const now = base + nowMin * MIN;
          const taken = takenMin.map((m) => base + m * MIN);
          const t = planDelivery(s, now, taken);
          expect(t).toBeGreaterThanOrEqual(now);
          const w = toWallTime(t, tz);
          const m = w.hour * 60 + w.minute;
          expect(m >= 22 * 60 + 30 || m < 6 * 60 + 15).toBe(false);
          for (const x of taken) expect(Math.abs(t - x)).toBeGreaterThanOrEqual(45 * MIN);
          expect(taken.filter((x) => dayKey(x, tz) === dayKey(t, tz)).length).toBeLessThan(4);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('planDelivery: slots', () => {
  const s = schedule({ mode: 'slots', times: ['18:00', '08:00', '12:30'], timezone: 'Europe/London' });

  it('takes the next free slot at or after now, in the time zone', () => {
    // 09:00 BST -> 12:30 BST = 11:30Z
    expect(iso(planDelivery(s, at('2026-06-10T08:00:00Z'), []))).toBe('2026-06-10T11:30:00.000Z');
    // exactly at a slot
    expect(iso(planDelivery(s, at('2026-06-10T11:30:00Z'), []))).toBe('2026-06-10T11:30:00.000Z');
  });

  it('skips slots already taken, including a taken time within the same minute', () => {
    const now = at('2026-06-10T08:00:00Z');
    expect(iso(planDelivery(s, now, [at('2026-06-10T11:30:20Z')]))).toBe('2026-06-10T17:00:00.000Z');
  });

  it('gives each article the next free slot (Buffer style), rolling over to the next day', () => {
    const now = at('2026-06-10T08:00:00Z');
    const taken: number[] = [];
    for (let i = 0; i < 5; i++) taken.push(planDelivery(s, now, taken));
    expect(taken.map(iso)).toEqual([
      '2026-06-10T11:30:00.000Z',
      '2026-06-10T17:00:00.000Z',
      '2026-06-11T07:00:00.000Z',
      '2026-06-11T11:30:00.000Z',
      '2026-06-11T17:00:00.000Z',
    ]);
  });

  it('skips slots in quiet hours, too close to a taken time, or on a full day', () => {
    const now = at('2026-06-10T06:00:00Z'); // 07:00 BST
    const quiet = schedule({ ...s, quietHours: { start: '07:30', end: '09:00' } });
    expect(iso(planDelivery(quiet, now, []))).toBe('2026-06-10T11:30:00.000Z');
    const gap = schedule({ ...s, minGapMinutes: 120 });
    // an immediate post at 11:00 BST blocks the 12:30 slot (90 min away)
    expect(iso(planDelivery(gap, at('2026-06-10T08:00:00Z'), [at('2026-06-10T10:00:00Z')]))).toBe(
      '2026-06-10T17:00:00.000Z',
    );
    const capped = schedule({ ...s, maxPerDay: 1 });
    expect(iso(planDelivery(capped, now, [at('2026-06-10T05:00:00Z')]))).toBe('2026-06-11T07:00:00.000Z');
  });

  it('throws when no slot can ever pass the rules', () => {
    const never = schedule({ mode: 'slots', times: ['03:00'], quietHours: { start: '02:00', end: '04:00' } });
    expect(() => planDelivery(never, at('2026-06-10T00:00:00Z'), [], 'x')).toThrow(
      /channel x has no allowed time/,
    );
  });
});

describe('planDelivery across DST changes', () => {
  it('Europe/London spring forward: a slot in the missing hour goes when the clocks jump', () => {
    const s = schedule({ mode: 'slots', times: ['01:30'], timezone: 'Europe/London' });
    // 01:30 does not exist on 2026-03-29 (01:00 GMT -> 02:00 BST): 02:00 BST = 01:00Z
    expect(iso(planDelivery(s, at('2026-03-28T12:00:00Z'), [at('2026-03-28T01:30:00Z')]))).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    // the day after, 01:30 BST = 00:30Z
    expect(iso(planDelivery(s, at('2026-03-29T02:00:00Z'), []))).toBe('2026-03-30T00:30:00.000Z');
  });

  it('Europe/London fall back: a slot in the repeated hour happens once, at its first occurrence', () => {
    const s = schedule({ mode: 'slots', times: ['01:30'], timezone: 'Europe/London' });
    const first = planDelivery(s, at('2026-10-24T12:00:00Z'), []);
    expect(iso(first)).toBe('2026-10-25T00:30:00.000Z'); // 01:30 BST
    // not again at 01:30 GMT the same night: the next one is the following day
    expect(iso(planDelivery(s, first + MIN, [first]))).toBe('2026-10-26T01:30:00.000Z');
  });

  it('America/New_York: 02:30 on 2026-03-08 -> 03:00 EDT; 01:30 on 2026-11-01 -> the EDT one', () => {
    const spring = schedule({ mode: 'slots', times: ['02:30'], timezone: 'America/New_York' });
    expect(iso(planDelivery(spring, at('2026-03-08T05:00:00Z'), []))).toBe('2026-03-08T07:00:00.000Z');
    const fall = schedule({ mode: 'slots', times: ['01:30'], timezone: 'America/New_York' });
    expect(iso(planDelivery(fall, at('2026-11-01T04:00:00Z'), []))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('quiet hours ending in the spring-forward gap end when the clocks jump', () => {
    const s = schedule({ timezone: 'America/New_York', quietHours: { start: '00:00', end: '02:30' } });
    // 01:00 EST = 06:00Z -> 03:00 EDT = 07:00Z
    expect(iso(planDelivery(s, at('2026-03-08T06:00:00Z'), []))).toBe('2026-03-08T07:00:00.000Z');
  });

  it('quiet hours on the 25-hour fall-back day end at local 06:00 GMT', () => {
    const s = schedule({ timezone: 'Europe/London', quietHours: { start: '00:00', end: '06:00' } });
    // 00:30 BST on 2026-10-25 = 23:30Z on the 24th
    expect(iso(planDelivery(s, at('2026-10-24T23:30:00Z'), []))).toBe('2026-10-25T06:00:00.000Z');
  });

  it('daily cap on the 23-hour spring-forward day rolls to local midnight', () => {
    const s = schedule({ timezone: 'Europe/London', maxPerDay: 1 });
    // 2026-03-29 is 23 hours long; the next day starts at 00:00 BST = 2026-03-29T23:00Z
    expect(iso(planDelivery(s, at('2026-03-29T12:00:00Z'), [at('2026-03-29T09:00:00Z')]))).toBe(
      '2026-03-29T23:00:00.000Z',
    );
  });
});

describe('zoned time helpers', () => {
  it('round-trips wall times in zones with and without DST', () => {
    for (const tz of ['UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
      const t = at('2026-07-01T10:45:00Z');
      expect(fromWallTime(toWallTime(t, tz), tz)).toBe(t);
    }
  });
});
