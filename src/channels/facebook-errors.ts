import { label, safeCause, type ErrorContext } from './error-helpers.js';
import { AuthFailed, Duplicate, RateLimited, Rejected, Transient, type ChannelError } from './errors.js';

/** Used when a Graph rate limit gives no estimated_time_to_regain_access. */
export const GRAPH_DEFAULT_RETRY_MS = 15 * 60_000;

/** Graph codes that mean "slow down": app (4), user (17), page (32), custom (613), Pages (80001, unconfirmed). */
const RATE_CODES = new Set([4, 17, 32, 613, 80001]);
/** Token or permission problems: 190 invalid/expired token, 102 session, 10 and 200-299 permissions. */
const AUTH_CODES = new Set([190, 102, 10]);

export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  fbtrace_id?: string;
}

/** Longest `estimated_time_to_regain_access` (minutes) in an X-Business-Use-Case-Usage header. */
export function graphRetryAfterMs(businessUseCaseUsage: string | null | undefined): number | undefined {
  if (!businessUseCaseUsage) return undefined;
  try {
    const usage = JSON.parse(businessUseCaseUsage) as Record<
      string,
      { estimated_time_to_regain_access?: number }[]
    >;
    const minutes = Object.values(usage)
      .flat()
      .map((u) => u?.estimated_time_to_regain_access ?? 0);
    const max = Math.max(0, ...minutes);
    return max > 0 ? max * 60_000 : undefined;
  } catch {
    return undefined;
  }
}

/** Graph error answer -> shared vocabulary. The Graph code decides before the HTTP status. */
export function mapGraphError(
  status: number,
  body: GraphErrorBody | undefined,
  headers: { get(name: string): string | null },
  ctx: ErrorContext,
): ChannelError {
  const code = body?.code;
  const text = body?.message
    ? `${body.message} (Graph code ${code ?? '?'}${body.error_subcode ? `/${body.error_subcode}` : ''}, HTTP ${status})`
    : `HTTP ${status}`;
  const msg = label(ctx, text);
  const opts = {
    platform: ctx.platform,
    channel: ctx.channel,
    posted: ctx.posted,
    status: code ?? status,
    cause: safeCause(new Error(text), ctx.scrub),
  };
  if (code !== undefined && RATE_CODES.has(code)) {
    const ms = graphRetryAfterMs(headers.get('x-business-use-case-usage')) ?? GRAPH_DEFAULT_RETRY_MS;
    return new RateLimited(msg, ms, opts);
  }
  if (code !== undefined && (AUTH_CODES.has(code) || (code >= 200 && code <= 299)))
    return new AuthFailed(msg, opts);
  if (code === 506 || (code === 368 && /already posted|duplicate/i.test(body?.message ?? ''))) {
    return new Duplicate(msg, opts);
  }
  if (body?.is_transient || code === 1 || code === 2 || status >= 500) return new Transient(msg, opts);
  if (status === 401 || status === 403) return new AuthFailed(msg, opts);
  return new Rejected(msg, opts);
}
