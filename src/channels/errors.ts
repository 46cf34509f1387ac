import type { Platform } from '../config/schema.js';

/** What the scheduler must do with a failed delivery. */
export type ErrorKind = 'rate-limited' | 'transient' | 'rejected' | 'auth' | 'duplicate' | 'uncertain';

export interface ChannelErrorOptions {
  platform: Platform;
  channel: string;
  /** HTTP status or platform error code, when there was one. */
  status?: number;
  /** Parts of a thread that were posted before the failure. */
  posted?: PartReceipt[];
  cause?: unknown;
}

export interface PartReceipt {
  remoteId: string;
  url?: string;
}

/**
 * Base of the shared error vocabulary. Messages carry the platform's own description and never a token.
 */
export abstract class ChannelError extends Error {
  abstract readonly kind: ErrorKind;
  readonly platform: Platform;
  readonly channel: string;
  readonly status?: number;
  readonly posted: PartReceipt[];

  constructor(message: string, opts: ChannelErrorOptions) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.platform = opts.platform;
    this.channel = opts.channel;
    this.status = opts.status;
    this.posted = opts.posted ?? [];
  }
}

/** The platform asked us to wait; retry after `retryAfterMs` exactly. */
export class RateLimited extends ChannelError {
  readonly kind = 'rate-limited' as const;
  override name = 'RateLimited';
  constructor(
    message: string,
    readonly retryAfterMs: number,
    opts: ChannelErrorOptions,
  ) {
    super(message, opts);
  }
}

/** 5xx, timeouts before sending, connection refused: safe to retry with backoff. */
export class Transient extends ChannelError {
  readonly kind = 'transient' as const;
  override name = 'Transient';
}

/** The content is wrong (too long, unparsable entities, missing fields): never retried as is. */
export class Rejected extends ChannelError {
  readonly kind = 'rejected' as const;
  override name = 'Rejected';
}

/** Credentials are wrong, revoked or lack rights: needs a person. */
export class AuthFailed extends ChannelError {
  readonly kind = 'auth' as const;
  override name = 'AuthFailed';
}

/** The platform already has this exact post (X's duplicate content): counts as sent. */
export class Duplicate extends ChannelError {
  readonly kind = 'duplicate' as const;
  override name = 'Duplicate';
}

/** The request may have reached the platform but the answer was lost: never re-sent automatically. */
export class Uncertain extends ChannelError {
  readonly kind = 'uncertain' as const;
  override name = 'Uncertain';
}

export function isChannelError(err: unknown): err is ChannelError {
  return err instanceof ChannelError;
}
