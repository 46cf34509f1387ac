/**
 * Wall-clock <-> instant conversion in an IANA time zone with Intl.DateTimeFormat only
 * (no date library). Minute precision is enough: every zone in use today has whole-minute offsets.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A calendar date and wall-clock time in some zone (month 1-12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of an instant in `timeZone`. */
export function toWallTime(epochMs: number, timeZone: string): WallTime & { second: number } {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(timeZone).formatToParts(epochMs)) {
    if (p.type in out) out[p.type as keyof typeof out] = Number(p.value);
  }
  // Some engines still print midnight as 24 with h23 in older ICU versions.
  if (out.hour === 24) out.hour = 0;
  return out;
}

/** Offset of `timeZone` from UTC at an instant, in ms (positive east of Greenwich). */
export function offsetAt(epochMs: number, timeZone: string): number {
  const w = toWallTime(epochMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

function sameWall(epochMs: number, w: WallTime, timeZone: string): boolean {
  const got = toWallTime(epochMs, timeZone);
  return (
    got.year === w.year &&
    got.month === w.month &&
    got.day === w.day &&
    got.hour === w.hour &&
    got.minute === w.minute
  );
}

/**
 * The instant a wall-clock time happens in `timeZone`.
 * - Repeated time (autumn fall-back): the first occurrence.
 * - Time that does not exist (spring-forward gap, e.g. 01:30 in Europe/London on 2026-03-29): the
 *   first instant after the gap, i.e. the moment the clocks jump (02:00 BST there). We chose this over
 *   "shift by the gap length" (02:30) so a skipped slot goes out as early as possible and never
 *   lands after a later slot of the same day.
 */
export function fromWallTime(w: WallTime, timeZone: string): number {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  // Offsets a day either side bracket any transition near this wall time.
  const before = naive - offsetAt(naive - DAY, timeZone);
  const after = naive - offsetAt(naive + DAY, timeZone);
  const candidates = [before, after].filter((t) => sameWall(t, w, timeZone)).sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0]!;
  // In a gap: find the transition instant between the two guesses by bisection on minutes.
  let lo = Math.min(before, after);
  let hi = Math.max(before, after);
  const offLo = offsetAt(lo, timeZone);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.max(1, Math.floor((hi - lo) / 2 / MINUTE)) * MINUTE;
    if (offsetAt(mid, timeZone) === offLo) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** "HH:MM" -> minutes since midnight. */
export function parseHhmm(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`invalid time of day "${text}": expected "HH:MM", e.g. "08:30"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The calendar date `days` after the given one (month 1-12), ignoring time zones. */
export function addDays(date: { year: number; month: number; day: number }, days: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Key of the calendar day of an instant in `timeZone`, e.g. "2026-3-29". */
export function dayKey(epochMs: number, timeZone: string): string {
  const w = toWallTime(epochMs, timeZone);
  return `${w.year}-${w.month}-${w.day}`;
}
