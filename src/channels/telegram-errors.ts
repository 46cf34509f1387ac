import { TelegramError } from 'telegraf';
import { label, networkError, retryAfterFromText, safeCause, type ErrorContext } from './error-helpers.js';
import { AuthFailed, RateLimited, Rejected, Transient, Uncertain, type ChannelError } from './errors.js';

/** Used when a 429 names no wait at all. */
export const TELEGRAM_DEFAULT_RETRY_MS = 60_000;

/** Problems with the bot's place in the chat: a person must fix them, the text is not at fault. */
const NEEDS_A_PERSON =
  /not a member|need administrator rights|not enough rights|have no rights|chat not found|bot was (kicked|blocked)|CHAT_ADMIN_REQUIRED|CHAT_WRITE_FORBIDDEN/i;

/**
 * telegraf error -> shared vocabulary. telegraf throws TelegramError for API answers (5xx become
 * one without parameters) and node-fetch's FetchError/AbortError for the network.
 */
export function mapTelegramError(err: unknown, ctx: ErrorContext): ChannelError {
  if (err instanceof TelegramError) {
    const code = err.code;
    // telegraf turns a 5xx into a TelegramError whose description is only the status text.
    const description =
      code >= 500 ? `HTTP ${code} ${err.description ?? ''}`.trim() : (err.description ?? `HTTP ${code}`);
    const msg = label(ctx, description);
    const opts = {
      platform: ctx.platform,
      channel: ctx.channel,
      posted: ctx.posted,
      status: code,
      cause: safeCause(err, ctx.scrub),
    };
    if (code === 429) {
      const seconds = err.parameters?.retry_after;
      const ms = typeof seconds === 'number' ? seconds * 1000 : retryAfterFromText(description);
      return new RateLimited(msg, ms ?? TELEGRAM_DEFAULT_RETRY_MS, opts);
    }
    if (code >= 500) return new Transient(msg, opts);
    // 404 is what the Bot API answers for a malformed token.
    if (code === 401 || code === 403 || code === 404 || NEEDS_A_PERSON.test(description)) {
      return new AuthFailed(msg, opts);
    }
    return new Rejected(msg, opts);
  }
  const e = err as { name?: string; type?: string };
  // node-fetch could not read or parse the answer: the message may well have been posted.
  if (e?.name === 'FetchError' && e.type !== 'system') {
    return new Uncertain(label(ctx, `unreadable answer: ${(err as Error).message}`), {
      platform: ctx.platform,
      channel: ctx.channel,
      posted: ctx.posted,
      cause: safeCause(err, ctx.scrub),
    });
  }
  return networkError(err, ctx);
}
