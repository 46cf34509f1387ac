import { isChannelError, type ErrorKind, type PartReceipt } from '../channels/errors.js';
import { fullJitter } from './backoff.js';
import { HungPublish, type PublishOutcome } from './run-publish.js';

/** What the dispatcher does with a delivery after one publish. Pure, so each rule is testable alone. */
export type Decision =
  | {
      action: 'sent';
      remoteId: string;
      url?: string;
      postedAt: number;
      dryRun?: boolean;
      /** Set when the platform said it already had the post. */
      duplicate?: boolean;
    }
  | { action: 'retry'; at: number; kind: 'transient' | 'rate-limited'; message: string }
  | {
      action: 'failed';
      kind: ErrorKind;
      message: string;
      pauseChannel?: boolean;
      /** The publish threw something other than a ChannelError: a bug in crier. */
      bug?: boolean;
    }
  | { action: 'uncertain'; message: string };

export interface DecideInput {
  outcome: PublishOutcome;
  now: number;
  /** Transient failures of this delivery before this publish (rate-limited waits not included). */
  transientFailures: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  random: () => number;
}

/**
 * The retry policy:
 * - success (dry runs too) and Duplicate -> sent;
 * - RateLimited -> retry at exactly now + retryAfterMs, not counted against maxAttempts;
 * - Transient -> retry after full-jitter backoff until maxAttempts publishes, then failed;
 * - Rejected -> failed; AuthFailed -> failed and the channel pauses; Uncertain or no answer -> uncertain;
 * - a thread with parts already posted is never retried automatically: failed for Rejected/AuthFailed,
 *   uncertain otherwise, with the posted ids in the message so an operator can finish it by hand;
 * - anything that is not a ChannelError is a bug in crier: failed (never retried, it could repeat a post).
 */
export function decide(input: DecideInput): Decision {
  const { outcome, now } = input;
  if ('receipt' in outcome) {
    const r = outcome.receipt;
    const postedAt = Date.parse(r.postedAt);
    return {
      action: 'sent',
      remoteId: r.remoteId,
      ...(r.url !== undefined ? { url: r.url } : {}),
      postedAt: Number.isFinite(postedAt) ? postedAt : now,
      ...(r.dryRun ? { dryRun: true } : {}),
    };
  }
  const err = outcome.error;
  if (err instanceof HungPublish) return { action: 'uncertain', message: err.message };
  if (!isChannelError(err)) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      action: 'failed',
      kind: 'rejected',
      message: `internal error (not retried): ${message}`,
      bug: true,
    };
  }
  if (err.kind === 'duplicate') {
    return {
      action: 'sent',
      remoteId: err.posted[0]?.remoteId ?? 'duplicate',
      ...(err.posted[0]?.url !== undefined ? { url: err.posted[0].url } : {}),
      postedAt: now,
      duplicate: true,
    };
  }
  if (err.posted.length > 0) {
    const message = `${err.message}; ${halfPosted(err.posted)}`;
    if (err.kind === 'rejected') return { action: 'failed', kind: 'rejected', message };
    if (err.kind === 'auth') return { action: 'failed', kind: 'auth', message, pauseChannel: true };
    return { action: 'uncertain', message };
  }
  switch (err.kind) {
    case 'rate-limited': {
      const wait = 'retryAfterMs' in err && typeof err.retryAfterMs === 'number' ? err.retryAfterMs : 0;
      return { action: 'retry', at: now + Math.max(0, wait), kind: 'rate-limited', message: err.message };
    }
    case 'transient': {
      const attempt = input.transientFailures + 1;
      if (attempt >= input.maxAttempts) {
        return {
          action: 'failed',
          kind: 'transient',
          message: `gave up after ${attempt} attempts: ${err.message}`,
        };
      }
      const delay = fullJitter(attempt, {
        baseMs: input.backoffBaseMs,
        maxMs: input.backoffMaxMs,
        random: input.random,
      });
      return { action: 'retry', at: now + delay, kind: 'transient', message: err.message };
    }
    case 'rejected':
      return { action: 'failed', kind: 'rejected', message: err.message };
    case 'auth':
      return { action: 'failed', kind: 'auth', message: err.message, pauseChannel: true };
    case 'uncertain':
      return { action: 'uncertain', message: err.message };
  }
}

function halfPosted(parts: PartReceipt[]): string {
  const ids = parts.map((p) => p.remoteId).join(', ');
  return `thread half posted: ${parts.length} part(s) already up (${ids}); not retried automatically so nothing posts twice`;
}
