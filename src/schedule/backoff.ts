/** Exponential backoff with jitter so many failing deliveries do not retry in lockstep. */

export interface BackoffOptions {
  /** Delay cap of the first retry, ms. */
  baseMs: number;
  /** Largest delay, ms. */
  maxMs: number;
  /** Random number in [0, 1). Default: Math.random. */
  random?: () => number;
}

/**
 * "Full jitter": a uniform delay in [0, min(max, base * 2^(attempt-1))).
 * Stateless, so it only needs the attempt number the store already keeps.
 *
 * @param attempt 1 for the first retry
 */
export function fullJitter(attempt: number, opts: BackoffOptions): number {
  const random = opts.random ?? Math.random;
  return Math.floor(random() * exponentialCap(attempt, opts));
}

/** The upper bound of the full-jitter delay for an attempt: min(max, base * 2^(attempt-1)). */
export function exponentialCap(attempt: number, opts: Pick<BackoffOptions, 'baseMs' | 'maxMs'>): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2 ** 1000 is Infinity, which Math.min handles; no overflow to worry about.
  return Math.min(opts.maxMs, opts.baseMs * 2 ** (n - 1));
}

/**
 * "Decorrelated jitter": uniform in [base, min(max, previous * 3)), never below base.
 *
 * @param previousMs the delay used last time (base for the first retry)
 */
export function decorrelatedJitter(previousMs: number, opts: BackoffOptions): number {
  const random = opts.random ?? Math.random;
  const upper = Math.min(opts.maxMs, Math.max(opts.baseMs, previousMs * 3));
  return Math.min(opts.maxMs, Math.floor(opts.baseMs + random() * (upper - opts.baseMs)));
}
