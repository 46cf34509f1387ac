import type { ScheduleConfig } from '../config/schema.js';
import { addDays, dayKey, fromWallTime, parseHhmm, toWallTime } from './zoned-time.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far ahead the planner looks before giving up. */
const HORIZON_DAYS = 366;

/** The schedule leaves no allowed moment within the search horizon. */
export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

type Rules = Pick<ScheduleConfig, 'timezone' | 'minGapMinutes' | 'quietHours' | 'maxPerDay'>;

/**
 * When a new delivery on a channel should go (epoch ms).
 *
 * `taken` are the scheduled times of the channel's queued/sending/sent deliveries (enough history to
 * cover the current day and the min gap). Rules, all in `schedule.timezone`:
 * - quiet hours: no post in [start, end), the window may wrap midnight; start == end means none;
 * - min gap: no post closer than `minGapMinutes` to any taken time, before or after it;
 * - daily cap: at most `maxPerDay` posts per calendar day.
 *
 * `immediate` returns `now` pushed forward to the first moment passing every rule. `slots` returns the
 * first slot at or after `now` that is free (no taken time within the same minute) and passes every
 * rule; a slot is never moved, a failing slot is skipped. Slots in a DST gap go at the moment the
 * clocks jump; slots in a repeated hour go at the first occurrence.
 *
 * @param channel named in the error when nothing is allowed in the next year
 * @throws ScheduleError when no allowed time exists within 366 days
 */
export function planDelivery(schedule: ScheduleConfig, now: number, taken: number[], channel = '?'): number {
  const sorted = [...taken].sort((a, b) => a - b);
  const limit = now + HORIZON_DAYS * DAY;
  const result =
    schedule.mode === 'slots'
      ? nextSlot(schedule, now, sorted, limit)
      : earliest(schedule, now, sorted, limit);
  if (result === undefined) {
    throw new ScheduleError(
      `schedule of channel ${channel} has no allowed time in the next year: check quietHours/maxPerDay/minGapMinutes`,
    );
  }
  return result;
}

/** Where `t` must move to satisfy a rule, or undefined when it passes every rule. */
function pushFor(rules: Rules, t: number, taken: number[]): number | undefined {
  const quietEnd = quietEndAfter(rules, t);
  if (quietEnd !== undefined) return quietEnd;
  const gap = rules.minGapMinutes * MINUTE;
  if (gap > 0) {
    let push: number | undefined;
    for (const x of taken) {
      if (Math.abs(t - x) < gap) push = Math.max(push ?? 0, x + gap);
    }
    if (push !== undefined) return push;
  }
  if (rules.maxPerDay !== undefined) {
    const day = dayKey(t, rules.timezone);
    let count = 0;
    for (const x of taken) if (dayKey(x, rules.timezone) === day) count++;
    if (count >= rules.maxPerDay) return startOfNextDay(t, rules.timezone);
  }
  return undefined;
}

function earliest(rules: Rules, now: number, taken: number[], limit: number): number | undefined {
  let t = now;
  // Each push moves t strictly forward to the end of a forbidden interval containing it, so the first
  // t that passes is the earliest allowed moment; the horizon bounds the loop.
  while (t <= limit) {
    const next = pushFor(rules, t, taken);
    if (next === undefined) return t;
    t = next > t ? next : t + MINUTE;
  }
  return undefined;
}

function nextSlot(schedule: ScheduleConfig, now: number, taken: number[], limit: number): number | undefined {
  const minutes = [...new Set(schedule.times.map(parseHhmm))].sort((a, b) => a - b);
  const takenMinutes = new Set(taken.map((x) => Math.floor(x / MINUTE)));
  const today = toWallTime(now, schedule.timezone);
  // Start a day early: a zone behind UTC may still be on "yesterday" for part of the window.
  for (let d = -1; d <= HORIZON_DAYS + 1; d++) {
    const date = addDays(today, d);
    for (const m of minutes) {
      const t = fromWallTime({ ...date, hour: Math.floor(m / 60), minute: m % 60 }, schedule.timezone);
      if (t < now) continue;
      if (t > limit) return undefined;
      if (takenMinutes.has(Math.floor(t / MINUTE))) continue;
      if (pushFor(schedule, t, taken) === undefined) return t;
    }
  }
  return undefined;
}

/** The end of the quiet window containing `t`, or undefined when `t` is not quiet. */
function quietEndAfter(rules: Rules, t: number): number | undefined {
  if (!rules.quietHours) return undefined;
  const start = parseHhmm(rules.quietHours.start);
  const end = parseHhmm(rules.quietHours.end);
  if (start === end) return undefined;
  const w = toWallTime(t, rules.timezone);
  const m = w.hour * 60 + w.minute;
  const endWall = { hour: Math.floor(end / 60), minute: end % 60 };
  if (start < end) {
    return m >= start && m < end ? fromWallTime({ ...w, ...endWall }, rules.timezone) : undefined;
  }
  // Wraps midnight: quiet from start to 24:00 (ends tomorrow) and from 00:00 to end (ends today).
  if (m >= start) return fromWallTime({ ...addDays(w, 1), ...endWall }, rules.timezone);
  if (m < end) return fromWallTime({ ...w, ...endWall }, rules.timezone);
  return undefined;
}

function startOfNextDay(t: number, timeZone: string): number {
  return fromWallTime({ ...addDays(toWallTime(t, timeZone), 1), hour: 0, minute: 0 }, timeZone);
}
