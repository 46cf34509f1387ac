import type {
  FakeConfig,
  FakePlatform,
  FakePost,
  FakeRequestRecord,
  FakeViolation,
  RateLimitRecord,
  RateWindow,
} from './fake-types.js';

/** 32-bit FNV-1a, then a mulberry32 step: cheap, stable across runs and Node versions. */
function hashToUnit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let t = (h + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Why a request was stopped before its content was looked at. */
export type Gate =
  | { kind: 'rate'; reason: RateLimitRecord['reason']; retryAfterSec: number; until: number }
  | { kind: 'fail' };

export interface RateCheck {
  /** Window key, e.g. `telegram:chat:@news`. */
  key: string;
  window: RateWindow | null;
  reason: RateLimitRecord['reason'];
}

/** Everything the fake remembers between requests; `reset()` empties it, config survives. */
export class FakeState {
  requests: FakeRequestRecord[] = [];
  posts: FakePost[] = [];
  rateLimits: RateLimitRecord[] = [];
  violations: FakeViolation[] = [];
  private windows = new Map<string, number[]>();
  private blockedUntil = new Map<string, number>();
  private counters = new Map<string, number>();
  private seq = 0;

  constructor(
    public config: FakeConfig,
    readonly now: () => number,
  ) {}

  reset(): void {
    this.requests = [];
    this.posts = [];
    this.rateLimits = [];
    this.violations = [];
    this.windows.clear();
    this.blockedUntil.clear();
    this.counters.clear();
    this.seq = 0;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /** Next value of a named counter, starting at 1 (message ids per chat, post ids per Page...). */
  next(counter: string): number {
    const n = (this.counters.get(counter) ?? 0) + 1;
    this.counters.set(counter, n);
    return n;
  }

  /**
   * A number in [0, 1) that depends only on the seed, the decision and the request's content and how many
   * times that same content was seen: concurrent requests cannot change each other's fate.
   */
  draw(decision: string, key: string): number {
    const n = this.next(`draw:${decision}:${key}`);
    return hashToUnit(`${this.config.seed}|${decision}|${key}|${n}`);
  }

  delayFor(key: string): number {
    const d = this.config.delayMs;
    if (typeof d === 'number') return d;
    const [min, max] = d;
    return Math.round(min + this.draw('delay', key) * (max - min));
  }

  /** Until when the platform told this target to wait, if it still has to. */
  blocked(platform: FakePlatform, target: string): number | undefined {
    const until = this.blockedUntil.get(`${platform}:${target}`);
    return until !== undefined && until > this.now() ? until : undefined;
  }

  /**
   * Storm, earlier retry-after, rate windows, then random failure, in the order a real API front end applies
   * them. A request that passes takes a slot in each window.
   */
  gate(
    platform: FakePlatform,
    target: string,
    checks: RateCheck[],
    failKey: string,
    requestSeq: number,
  ): Gate | undefined {
    const now = this.now();
    if (this.config.stormUntil > now) {
      return this.limit(platform, target, 'storm', this.config.stormUntil, now);
    }
    const until = this.blocked(platform, target);
    if (until !== undefined) {
      if (now < until - this.config.retryAfterGraceMs) {
        this.violations.push({
          time: now,
          platform,
          kind: 'retry-after',
          detail: `request to ${target} ${until - now} ms before its retry-after ran out`,
          requestSeq,
          earlyByMs: until - now,
          target,
        });
      }
      const retryAfterSec = Math.max(1, Math.ceil((until - now) / 1000));
      this.rateLimits.push({ time: now, platform, reason: 'blocked', target, retryAfterSec, until });
      return { kind: 'rate', reason: 'blocked', retryAfterSec, until };
    }
    for (const check of checks) {
      if (check.window === null) continue;
      const stamps = this.stamps(check.key, check.window, now);
      if (stamps.length >= check.window.limit) {
        return this.limit(platform, target, check.reason, stamps[0]! + check.window.windowMs, now);
      }
    }
    for (const check of checks) {
      if (check.window !== null) this.stamps(check.key, check.window, now).push(now);
    }
    if (this.config.failRate > 0 && this.draw('fail', failKey) < this.config.failRate)
      return { kind: 'fail' };
    return undefined;
  }

  /** For reads, which have no rate windows of their own: a storm still answers (and records) 429. */
  storm(platform: FakePlatform, target: string): Gate | undefined {
    const now = this.now();
    if (this.config.stormUntil <= now) return undefined;
    return this.limit(platform, target, 'storm', this.config.stormUntil, now);
  }

  /** Remaining slots and reset time of a window, for X's x-rate-limit-* headers. */
  windowInfo(key: string, window: RateWindow): { remaining: number; resetMs: number } {
    const now = this.now();
    const stamps = this.stamps(key, window, now);
    return {
      remaining: Math.max(0, window.limit - stamps.length),
      resetMs: (stamps[0] ?? now) + window.windowMs,
    };
  }

  private stamps(key: string, window: RateWindow, now: number): number[] {
    const all = this.windows.get(key) ?? [];
    const live = all.filter((t) => t > now - window.windowMs);
    this.windows.set(key, live);
    return live;
  }

  private limit(
    platform: FakePlatform,
    target: string,
    reason: RateLimitRecord['reason'],
    freeAt: number,
    now: number,
  ): Gate {
    // Whole seconds, rounded up, like Telegram's retry_after and X's epoch-second reset header.
    const retryAfterSec = Math.max(1, Math.ceil((freeAt - now) / 1000));
    const until = now + retryAfterSec * 1000;
    this.blockedUntil.set(`${platform}:${target}`, until);
    this.rateLimits.push({ time: now, platform, reason, target, retryAfterSec, until });
    return { kind: 'rate', reason, retryAfterSec, until };
  }
}
