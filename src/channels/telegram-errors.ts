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

/**
 * 400 descriptions that mean Telegram could not fetch or use the photo of a sendPhoto, so the same
 * post without the photo can still go out. Wording as the Bot API answers (tdlib/telegram-bot-api
 * and public bug reports): an URL it cannot download, a page that is not an image, an image it
 * cannot process or whose size or shape it refuses. Caption problems (MEDIA_CAPTION_TOO_LONG,
 * "can't parse entities") are deliberately absent: the text is at fault there, not the photo.
 */
export const TELEGRAM_MEDIA_PROBLEMS: readonly RegExp[] = [
  /wrong file identifier\/HTTP URL specified/i,
  /wrong remote file identifier specified/i,
  /invalid file HTTP URL specified/i,
  /failed to get HTTP URL content/i,
  /wrong type of the web page content/i,
  /\bIMAGE_PROCESS_FAILED\b/,
  /\bPHOTO_INVALID_DIMENSIONS\b/,
  /\bPHOTO_SAVE_FILE_INVALID\b/,
  /\bPHOTO_EXT_INVALID\b/,
  /\bWEBPAGE_CURL_FAILED\b/,
  /\bWEBPAGE_MEDIA_EMPTY\b/,
];

/**
 * The description of a 400 answer that says the photo (not the text) was unusable, else undefined.
 * Only definite API answers qualify: a 429, 5xx or network failure never does.
 */
export function telegramMediaProblem(err: unknown): string | undefined {
  if (!(err instanceof TelegramError) || err.code !== 400) return undefined;
  const description = err.description ?? '';
  return TELEGRAM_MEDIA_PROBLEMS.some((p) => p.test(description)) ? description : undefined;
}
