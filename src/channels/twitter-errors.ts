import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { label, networkError, safeCause, type ErrorContext } from './error-helpers.js';
import {
  AuthFailed,
  Duplicate,
  RateLimited,
  Rejected,
  Transient,
  Uncertain,
  type ChannelError,
} from './errors.js';

/** Used when a 429 carries no reset header. */
export const X_DEFAULT_RETRY_MS = 15 * 60_000;

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): number | undefined {
  const raw = headers[name];
  const v = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw === undefined || !Number.isFinite(v) ? undefined : v;
}

/**
 * Milliseconds until X lets us post again. Of the windows whose remaining count is 0 (15-minute,
 * per-user 24 h, per-app 24 h) the latest reset wins; if none says 0, the latest reset given.
 */
export function xRetryAfterMs(headers: Headers, now: number): number {
  const windows = ['x-rate-limit', 'x-user-limit-24hour', 'x-app-limit-24hour']
    .map((p) => ({ remaining: header(headers, `${p}-remaining`), reset: header(headers, `${p}-reset`) }))
    .filter((w): w is { remaining: number | undefined; reset: number } => w.reset !== undefined);
  const exhausted = windows.filter((w) => w.remaining === 0);
  const pick = exhausted.length > 0 ? exhausted : windows;
  if (pick.length === 0) return X_DEFAULT_RETRY_MS;
  const reset = Math.max(...pick.map((w) => w.reset));
  return Math.max(0, reset * 1000 - now);
}

function describe(err: ApiResponseError): string {
  const d = err.data as
    { detail?: string; title?: string; errors?: { message?: string; code?: number }[] } | undefined;
  const text = d?.detail ?? d?.errors?.[0]?.message ?? d?.title ?? 'no description';
  return `${text} (HTTP ${err.code})`;
}

function isDuplicate(err: ApiResponseError): boolean {
  const d = err.data as { detail?: string; errors?: { code?: number; message?: string }[] } | undefined;
  if (d?.errors?.some((e) => e.code === 187)) return true;
  return (
    /duplicate/i.test(d?.detail ?? '') || (d?.errors ?? []).some((e) => /duplicate/i.test(e.message ?? ''))
  );
}

/**
 * twitter-api-v2 error -> shared vocabulary. `sent` says whether our request had been handed to a
 * connected socket, which decides between Transient and Uncertain for network failures.
 */
export function mapTwitterError(err: unknown, ctx: ErrorContext, now: number): ChannelError {
  const base = (status?: number) => ({
    platform: ctx.platform,
    channel: ctx.channel,
    posted: ctx.posted,
    status,
    cause: safeCause(err, ctx.scrub),
  });
  if (err instanceof ApiResponseError) {
    const msg = label(ctx, describe(err));
    const opts = base(err.code);
    const data = err.data as { title?: string; type?: string } | undefined;
    if (err.code === 429) {
      // A usage cap (monthly product cap) is not a wait-and-retry limit: a person must change the plan.
      if (data?.title === 'UsageCapExceeded' || /usage-capped/.test(data?.type ?? '')) {
        return new AuthFailed(
          `${msg}: the X API plan's usage cap is reached; upgrade the plan or wait for the next period`,
          opts,
        );
      }
      return new RateLimited(msg, xRetryAfterMs(err.headers as Headers, now), opts);
    }
    if (err.code === 403 && isDuplicate(err)) return new Duplicate(msg, opts);
    if (err.code === 401 || err.code === 403) return new AuthFailed(msg, opts);
    if (err.code >= 500 || err.code === 408) return new Transient(msg, opts);
    return new Rejected(msg, opts);
  }
  if (err instanceof ApiPartialResponseError) {
    const status = err.response?.statusCode ?? 0;
    const msg = label(ctx, `${err.message}`);
    if (status >= 500) return new Transient(msg, base(status));
    // A 2xx cut short may be a published post; a 4xx cut short still said no, but we cannot read why.
    if (status >= 400 && status < 500) return new Rejected(msg, base(status));
    return new Uncertain(msg, base(status));
  }
  if (err instanceof ApiRequestError) {
    // `writableFinished` is false when the request never got flushed to a socket (refused, DNS).
    const sent = err.request?.writableFinished;
    // 1.29's `requestError` getter reads a field the constructor never sets; the error lives in `_options.error`.
    const inner =
      err.requestError ?? (err as unknown as { _options?: { error?: unknown } })._options?.error ?? err;
    return networkError(inner, ctx, sent === false ? false : undefined);
  }
  return networkError(err, ctx);
}
