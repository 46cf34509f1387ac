import type { Platform } from '../config/schema.js';
import { makeScrubber } from '../log.js';
import type { Deadline } from './deadline.js';
import { Transient, Uncertain, type ChannelError, type PartReceipt } from './errors.js';

/** Who failed, for every error an adapter builds. */
export interface ErrorContext {
  platform: Platform;
  channel: string;
  /** Thread parts already posted when the failure happened. */
  posted?: PartReceipt[];
  /** Removes the channel's secrets from any text we build. */
  scrub: (text: string) => string;
}

export function scrubberFor(secrets: readonly string[]): (text: string) => string {
  return makeScrubber(secrets);
}

/** `telegram "telegram-main": Bad Request: ...` */
export function label(ctx: ErrorContext, text: string): string {
  return ctx.scrub(`${ctx.platform} "${ctx.channel}": ${text}`);
}

/**
 * A token-free copy of a library error for `cause`. The originals are not kept: twitter-api-v2's
 * errors hold the request (with its OAuth header) and node-fetch's messages hold the URL (with the
 * bot token), and loggers serialise `cause`.
 */
export function safeCause(err: unknown, scrub: (t: string) => string): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  const copy = new Error(scrub(e.message));
  copy.name = e.name;
  const code = errorCode(e);
  if (code) Object.assign(copy, { code });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/** The system error code of an error or of its cause chain (undici hides it in `cause`). */
export function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Errors that happen before a byte of the request reaches the platform: the name did not resolve,
 * nobody listened, or the connection never opened. Retrying these cannot post twice.
 */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ERR_INVALID_PROTOCOL',
  'ERR_INVALID_URL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Network failure -> Transient or Uncertain. The heuristic: only errors that prove the request never
 * left (the codes above, or `sent === false` when the client can tell) are Transient. Everything else
 * (ECONNRESET, "socket hang up", EPIPE, undici's "other side closed", an unreadable body) may have
 * happened after the platform received the post, so it is Uncertain and never re-sent automatically.
 */
export function networkError(err: unknown, ctx: ErrorContext, sent?: boolean): ChannelError {
  const code = errorCode(err);
  // node-fetch repeats the whole URL ("request to <url> failed, reason: ..."): the reason is enough.
  const message = (err instanceof Error ? err.message : String(err)).replace(
    /^request to \S+ failed, reason: /,
    '',
  );
  const causeMessage =
    err instanceof Error && err.cause instanceof Error && err.cause.message !== message
      ? `: ${err.cause.message}`
      : '';
  const what = `${message}${causeMessage}${code && !message.includes(code) ? ` (${code})` : ''}`;
  const opts = {
    platform: ctx.platform,
    channel: ctx.channel,
    posted: ctx.posted,
    cause: safeCause(err, ctx.scrub),
  };
  const connectTimeout = code === 'ETIMEDOUT' && /\bconnect\b/i.test(message);
  if ((code && NOT_SENT.has(code)) || connectTimeout || sent === false) {
    return new Transient(label(ctx, `request not sent: ${what}`), opts);
  }
  return new Uncertain(label(ctx, `connection lost after sending, the post may be published: ${what}`), opts);
}

/**
 * Our deadline fired. Before the request was sent -> Transient; after (or when the client cannot
 * tell, as with fetch and node-fetch) -> Uncertain, because a post may exist without our knowing.
 */
export function deadlineError(deadline: Deadline, ctx: ErrorContext, sent: boolean): ChannelError {
  const opts = { platform: ctx.platform, channel: ctx.channel, posted: ctx.posted };
  if (!sent) return new Transient(label(ctx, `${deadline.reason} before the request was sent`), opts);
  return new Uncertain(
    label(ctx, `${deadline.reason} after the request was sent; the post may be published`),
    opts,
  );
}

/** Parses a duration in seconds from free text such as "Too Many Requests: retry after 41". */
export function retryAfterFromText(text: string): number | undefined {
  const m = /retry after (\d+)/i.exec(text);
  return m ? Number(m[1]) * 1000 : undefined;
}
