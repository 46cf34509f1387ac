import type { Platform, RateConfig } from '../config/schema.js';

const WINDOWS = [
  { key: 'perSecond', ms: 1_000 },
  { key: 'perMinute', ms: 60_000 },
  { key: 'perHour', ms: 3_600_000 },
  { key: 'perDay', ms: 86_400_000 },
] as const;
const LONGEST = 86_400_000;

/**
 * Client-side limits used when a channel's `rate` leaves a window unset (per window, config wins).
 * - telegram: 20 messages per minute per channel (Bot API limit).
 * - twitter: none; the tier decides, so it comes from config (the shipped crier.yaml sets perDay: 100).
 *   Without it the platform's 429 and its reset time still block the channel.
 * - facebook: 10 per minute and 200 per hour, well below Page publishing limits.
 */
export const PLATFORM_RATE_DEFAULTS: Record<Platform, RateConfig> = {
  telegram: { perMinute: 20 },
  twitter: {},
  facebook: { perMinute: 10, perHour: 200 },
};

export interface RateLimiterChannel {
  id: string;
  platform: Platform;
  /** The channel's configured limits; unset windows fall back to PLATFORM_RATE_DEFAULTS. */
  rate?: RateConfig;
  /**
   * Channels with the same group share one budget and one block: they post through the same account to
   * the same destination, so the platform counts them together. The strictest limit of the group holds.
   * Default: the channel's own id.
   */
  group?: string;
}

export interface RateLimiter {
  /** How many posts may start on the channel at `now` (0 while blocked). */
  available(channel: string, now?: number): number;
  /** The first moment a post may start on the channel (`now` when one may start now). */
  nextAllowedAt(channel: string, now?: number): number;
  /** Counts one post started at `now`. */
  record(channel: string, now?: number): void;
  /** Blocks the channel until `epochMs` (the platform said to wait); never shortens an existing block. */
  blockUntil(channel: string, epochMs: number): void;
  /** The effective limits of a channel (of its group). */
  limits(channel: string): RateConfig;
  /** The group whose budget the channel uses. */
  group(channel: string): string;
}

export interface RateLimiterOptions {
  channels: RateLimiterChannel[];
  /** Clock used when a method gets no `now`. Default: Date.now. */
  now?: () => number;
}

interface State {
  limits: RateConfig;
  /** Start times within the longest window, ascending. */
  events: number[];
  blockedUntil: number;
}

/** Per-channel sliding-window limiter (per minute / hour / day) plus platform-imposed blocks. */
export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const clock = opts.now ?? Date.now;
  const states = new Map<string, State>();
  const groups = new Map<string, string>();
  for (const c of opts.channels) {
    const group = c.group ?? c.id;
    groups.set(c.id, group);
    const limits = { ...PLATFORM_RATE_DEFAULTS[c.platform], ...definedOnly(c.rate ?? {}) };
    const existing = states.get(group);
    if (existing) existing.limits = strictest(existing.limits, limits);
    else states.set(group, { limits, events: [], blockedUntil: 0 });
  }

  function state(channel: string): State {
    const group = groups.get(channel) ?? channel;
    let s = states.get(group);
    if (!s) {
      // Unknown channels are unlimited but can still be blocked.
      s = { limits: {}, events: [], blockedUntil: 0 };
      states.set(group, s);
    }
    return s;
  }

  function prune(s: State, now: number): void {
    let drop = 0;
    while (drop < s.events.length && s.events[drop]! <= now - LONGEST) drop++;
    if (drop > 0) s.events.splice(0, drop);
  }

  function inWindow(s: State, now: number, ms: number): number[] {
    return s.events.filter((t) => t > now - ms && t <= now);
  }

  return {
    available(channel, now = clock()) {
      const s = state(channel);
      if (now < s.blockedUntil) return 0;
      prune(s, now);
      let free = Number.POSITIVE_INFINITY;
      for (const w of WINDOWS) {
        const max = s.limits[w.key];
        if (max !== undefined) free = Math.min(free, max - inWindow(s, now, w.ms).length);
      }
      return Math.max(0, free);
    },
    nextAllowedAt(channel, now = clock()) {
      const s = state(channel);
      prune(s, now);
      let at = Math.max(now, s.blockedUntil);
      for (const w of WINDOWS) {
        const max = s.limits[w.key];
        if (max === undefined) continue;
        const events = inWindow(s, now, w.ms);
        // The window frees a place when its (count - max + 1)-th oldest start leaves it.
        if (events.length >= max) at = Math.max(at, events[events.length - max]! + w.ms);
      }
      return at;
    },
    record(channel, now = clock()) {
      const s = state(channel);
      prune(s, now);
      let i = s.events.length;
      while (i > 0 && s.events[i - 1]! > now) i--;
      s.events.splice(i, 0, now);
    },
    blockUntil(channel, epochMs) {
      const s = state(channel);
      s.blockedUntil = Math.max(s.blockedUntil, epochMs);
    },
    limits(channel) {
      return { ...state(channel).limits };
    },
    group(channel) {
      return groups.get(channel) ?? channel;
    },
  };
}

function strictest(a: RateConfig, b: RateConfig): RateConfig {
  const out: RateConfig = { ...a };
  for (const w of WINDOWS) {
    const x = a[w.key];
    const y = b[w.key];
    if (y !== undefined) out[w.key] = x === undefined ? y : Math.min(x, y);
  }
  return out;
}

function definedOnly(rate: RateConfig): RateConfig {
  return Object.fromEntries(Object.entries(rate).filter(([, v]) => v !== undefined)) as RateConfig;
}
