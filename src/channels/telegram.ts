import { Telegram } from 'telegraf';
import type { ComposedPost, PlatformRequest } from '../compose/types.js';
import type { TelegramCredentials } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Channel, CheckResult, PublishOptions, Receipt } from './channel.js';
import { Deadline } from './deadline.js';
import { deadlineError, scrubberFor, type ErrorContext } from './error-helpers.js';
import { Rejected, isChannelError, type PartReceipt } from './errors.js';
import { mapTelegramError, telegramMediaProblem } from './telegram-errors.js';
import { telegramCheckDetail } from './telegram-check.js';

export const TELEGRAM_API_ROOT = 'https://api.telegram.org';
const METHODS = new Set(['sendMessage', 'sendPhoto']);

export interface TelegramChannelOptions {
  /** Channel id from the config, e.g. "telegram-main". */
  id: string;
  /** Bot token, chat (`@channel` or `-100...`) and API root (TELEGRAM_API_ROOT, default https://api.telegram.org). */
  credentials: TelegramCredentials;
  /** Where successful posts are noted at debug level. Default: no logging. */
  logger?: Logger;
  /** Abort one publish or check after this long. Default 30000 ms. */
  timeoutMs?: number;
  /** Clock for receipts. Default Date.now. */
  now?: () => number;
}

/** Public link of a channel message: t.me/<name>/<id>, or t.me/c/<id>/<id> for -100 ids. */
export function telegramMessageUrl(chatId: string, messageId: number | string): string | undefined {
  if (chatId.startsWith('@')) return `https://t.me/${chatId.slice(1)}/${messageId}`;
  if (/^-100\d+$/.test(chatId)) return `https://t.me/c/${chatId.slice(4)}/${messageId}`;
  return undefined;
}

interface Call {
  method: string;
  body: Record<string, unknown>;
  /** Sent instead when a sendPhoto fails because Telegram could not use the photo. */
  fallback?: Call;
}

const toCall = (r: PlatformRequest): Call => ({
  method: r.endpoint.replace(/^POST \//, ''),
  body: r.body,
  ...(r.fallback ? { fallback: toCall(r.fallback) } : {}),
});

type CallApi = (
  method: string,
  payload: Record<string, unknown>,
  opts: { signal?: AbortSignal },
) => Promise<unknown>;

/** Publishes to a Telegram chat with telegraf's Telegram client (no polling). */
export class TelegramChannel implements Channel {
  readonly id: string;
  readonly platform = 'telegram' as const;
  readonly dryRun = false;
  private readonly chatId: string;
  private readonly logger?: Logger;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly scrub: (t: string) => string;
  private readonly callApi: CallApi;

  constructor(opts: TelegramChannelOptions) {
    if (typeof opts?.id !== 'string' || opts.id.trim() === '') throw new TypeError('Missing channel id.');
    this.id = opts.id;
    const c = opts.credentials;
    if (!c) throw new TypeError('Missing Telegram credentials.');
    if (typeof c.botToken !== 'string' || c.botToken.trim() === '')
      throw new TypeError('Missing Telegram bot token.');
    if (typeof c.chatId !== 'string' || c.chatId.trim() === '')
      throw new TypeError('Missing Telegram chat id.');
    if (!/^(@[A-Za-z][A-Za-z0-9_]{3,}|-?\d+)$/.test(c.chatId)) {
      throw new TypeError(
        `Invalid Telegram chat id "${c.chatId}": use @channelusername or the numeric -100... id.`,
      );
    }
    const root = (c.apiRoot ?? TELEGRAM_API_ROOT).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/.test(root)) {
      throw new TypeError(
        `Invalid Telegram API root "${root}": use an http(s) URL such as ${TELEGRAM_API_ROOT}.`,
      );
    }
    if (opts.timeoutMs !== undefined && !(opts.timeoutMs > 0)) {
      throw new TypeError(`Invalid timeoutMs ${opts.timeoutMs}: use a positive number of milliseconds.`);
    }
    this.chatId = c.chatId;
    this.logger = opts.logger;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.now = opts.now ?? Date.now;
    this.scrub = scrubberFor([c.botToken]);
    const telegram = new Telegram(c.botToken, { apiRoot: root });
    this.callApi = telegram.callApi.bind(telegram) as unknown as CallApi;
  }

  async publish(post: ComposedPost, opts: PublishOptions = {}): Promise<Receipt> {
    const parts: PartReceipt[] = [];
    const ctx: ErrorContext = { platform: 'telegram', channel: this.id, posted: parts, scrub: this.scrub };
    const calls = post.requests.map(toCall);
    const bad = calls
      .flatMap((c) => (c.fallback ? [c, c.fallback] : [c]))
      .find((c) => !METHODS.has(c.method));
    if (calls.length === 0 || bad) {
      const what = bad ? `unsupported request "${bad.method}"` : 'the post has no requests';
      throw new Rejected(
        `telegram "${this.id}": ${what}, expected "POST /sendMessage" or "POST /sendPhoto"`,
        ctx,
      );
    }
    const deadline = new Deadline(this.timeoutMs, opts.signal);
    try {
      for (const call of calls) {
        const message = await this.send(call, deadline, ctx);
        const remoteId = String(message.message_id);
        const url = telegramMessageUrl(this.chatId, remoteId);
        parts.push(url ? { remoteId, url } : { remoteId });
      }
    } finally {
      deadline.dispose();
    }
    this.logger?.debug({ channel: this.id, remoteId: parts[0]!.remoteId }, 'posted to Telegram');
    return { ...parts[0]!, postedAt: new Date(this.now()).toISOString(), parts };
  }

  /** getMe, then getChatMember to confirm the bot may post in the chat. */
  async check(opts: PublishOptions = {}): Promise<CheckResult> {
    const ctx: ErrorContext = { platform: 'telegram', channel: this.id, scrub: this.scrub };
    const deadline = new Deadline(this.timeoutMs, opts.signal);
    let step: 'getMe' | 'getChatMember' = 'getMe';
    let username = '';
    try {
      const me = (await this.call('getMe', {}, deadline, ctx)) as { id: number; username: string };
      username = me.username;
      step = 'getChatMember';
      const member = (await this.call(
        'getChatMember',
        { chat_id: this.chatId, user_id: me.id },
        deadline,
        ctx,
      )) as {
        status: string;
        can_post_messages?: boolean;
      };
      if (member.status !== 'administrator' && member.status !== 'creator') {
        return {
          status: 'failed',
          detail: `@${username} is not an administrator of ${this.chatId} (status: ${member.status}): add it as an administrator with the "Post messages" right`,
        };
      }
      if (member.can_post_messages === false) {
        return {
          status: 'failed',
          detail: `@${username} may not post in ${this.chatId}: give it the "Post messages" administrator right`,
        };
      }
      return { status: 'ready', detail: `@${username}` };
    } catch (err) {
      const e = isChannelError(err) ? err : mapTelegramError(err, ctx);
      return { status: 'failed', detail: telegramCheckDetail(e, step, username, this.chatId) };
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Sends one request; when it is a sendPhoto whose photo Telegram could not use (a definite 400,
   * see TELEGRAM_MEDIA_PROBLEMS) and the composer gave a fallback, sends that once instead. Any
   * other failure (429, 5xx, Uncertain: the photo may be posted) is thrown as is.
   */
  private async send(call: Call, deadline: Deadline, ctx: ErrorContext): Promise<{ message_id: number }> {
    let reason: string | undefined;
    const inspect =
      call.method === 'sendPhoto' && call.fallback
        ? (raw: unknown) => {
            reason = telegramMediaProblem(raw);
          }
        : undefined;
    try {
      return (await this.call(
        call.method,
        { ...call.body, chat_id: this.chatId },
        deadline,
        ctx,
        inspect,
      )) as {
        message_id: number;
      };
    } catch (err) {
      if (reason === undefined || !call.fallback) throw err;
      this.logger?.warn(
        { channel: this.id, reason: this.scrub(reason) },
        'Telegram could not use the photo; sending the post as a text message instead',
      );
      const fb = call.fallback;
      return (await this.call(fb.method, { ...fb.body, chat_id: this.chatId }, deadline, ctx)) as {
        message_id: number;
      };
    }
  }

  /** `inspect` sees the library's error of a definite API answer before it is mapped. */
  private async call(
    method: string,
    payload: Record<string, unknown>,
    deadline: Deadline,
    ctx: ErrorContext,
    inspect?: (raw: unknown) => void,
  ): Promise<unknown> {
    if (deadline.signal.aborted) throw deadlineError(deadline, ctx, false);
    try {
      return await this.callApi(method, payload, { signal: deadline.signal });
    } catch (err) {
      // node-fetch does not say whether the request was written before the abort, so a deadline
      // that fires once the call has started counts as "maybe sent" (Uncertain).
      if (deadline.signal.aborted) throw deadlineError(deadline, ctx, true);
      inspect?.(err);
      throw mapTelegramError(err, ctx);
    }
  }
}
