/** Public types of the loopback platform fake (see platform-fake.ts). */

export type FakePlatform = 'twitter' | 'telegram' | 'facebook';

/** At most `limit` accepted requests in any `windowMs` (sliding window). */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** Rate limits the fake enforces; `null` switches one off. */
export interface FakeRateLimits {
  /** Telegram messages per chat. Default 20 per 60 s (Telegram's channel limit). */
  telegramPerChat: RateWindow | null;
  /** Telegram messages per bot over all chats. Default 30 per 1 s. */
  telegramPerBot: RateWindow | null;
  /** X posts per user. Default 100 per 15 min (pay-per-use tier). */
  twitterPerUser: RateWindow | null;
  /** Graph posts per Page, answered with code 32. Default off. */
  facebookPerPage: RateWindow | null;
  /** Graph posts over all Pages, answered with code 4. Default off. */
  facebookPerApp: RateWindow | null;
}

export interface FakeTwitterUser {
  id: string;
  username: string;
  name: string;
  /** OAuth 1.0a access token (`oauth_token` in the Authorization header). */
  accessToken: string;
  accessSecret: string;
}

export interface FakePage {
  id: string;
  name: string;
  token: string;
}

/** Credentials the fake accepts. The first entry of each list is what `env()` hands out. */
export interface FakeCredentials {
  telegramBotTokens: string[];
  twitterAppKey: string;
  twitterAppSecret: string;
  twitterUsers: FakeTwitterUser[];
  facebookPages: FakePage[];
}

/** Behaviour that `configure()` can change while the fake runs. */
export interface FakeConfig {
  /** Seed for every random decision (fail, drop, delay). Default 1. */
  seed: number;
  /** Share (0..1) of requests answered with a 5xx before anything is recorded as posted. Default 0. */
  failRate: number;
  /** Share (0..1) of posts that are accepted and recorded, but whose answer is lost (socket destroyed). Default 0. */
  dropAfterAccept: number;
  /** Answer delay in ms, fixed or a [min, max] range drawn from the seed. Default 0 (answer at once). */
  delayMs: number | [number, number];
  /** Until this time (ms since epoch, fake clock) every request gets a 429. Default 0 (no storm). */
  stormUntil: number;
  /** Rate limits; a partial object given to `configure()` is merged into the current one. */
  rateLimits: FakeRateLimits;
  /**
   * A request this many ms or less before its target's retry-after ran out is not counted as a violation.
   * Default 0: Telegram rounds retry_after up to whole seconds, so an honest client is never early.
   */
  retryAfterGraceMs: number;
  /** Telegram chats that exist (`@name` or numeric id); others get "chat not found". Default: every chat exists. */
  telegramChats: string[] | null;
}

export interface FakeOptions extends Partial<Omit<FakeConfig, 'rateLimits'>> {
  /** Port on 127.0.0.1. Default 0 (any free port). */
  port?: number;
  /** Clock for windows, retry-after and records, in ms since epoch. Default `Date.now`. */
  now?: () => number;
  /** Credentials the fake accepts; missing fields keep the built-in realistic-looking defaults. */
  credentials?: Partial<FakeCredentials>;
  rateLimits?: Partial<FakeRateLimits>;
  /**
   * Serve `GET /__fake/state`, `POST /__fake/configure` (JSON partial config) and `POST /__fake/reset`, for a
   * fake running in another process. Default false.
   */
  controlApi?: boolean;
}

export type FakeOutcome =
  | 'ok'
  | 'accepted'
  | 'dropped'
  | 'rejected'
  | 'duplicate'
  | 'unauthorized'
  | 'rate-limited'
  | 'failed'
  | 'not-found';

export interface FakeRequestRecord {
  seq: number;
  /** Arrival time, fake clock. */
  time: number;
  platform: FakePlatform | 'unknown';
  method: string;
  /** Path and query with secrets masked: the bot token keeps only its numeric bot id. */
  path: string;
  /** Parsed body (JSON, form or multipart fields) with secrets masked. */
  body: unknown;
  headers: Record<string, string>;
  /** Filled in once the fake has decided; `pending` only while a listener runs before that. */
  outcome: FakeOutcome | 'pending';
  status?: number;
  /** The chat, Page or user the request addressed, when it had one. */
  target?: string;
}

export interface FakePost {
  platform: FakePlatform;
  /** Telegram chat as sent (`@crierfake`), Page id, or X user id. */
  target: string;
  kind: 'tweet' | 'message' | 'photo' | 'feed';
  /** Text as sent (HTML markup included for Telegram `parse_mode: HTML`). */
  text: string;
  /** Telegram: text after entity parsing; otherwise same as `text`. */
  visibleText: string;
  /** Remote id as the platform would return it (tweet id, message_id, `page_post`). */
  id: string;
  time: number;
  requestSeq: number;
  /** True when the post was accepted but the answer was deliberately lost. */
  answerLost: boolean;
  replyTo?: string;
  link?: string;
  photo?: string;
}

export interface RateLimitRecord {
  time: number;
  platform: FakePlatform;
  /** What ran out: a chat's or bot's window, an X user, a Page, the app, or a storm. */
  reason: 'chat' | 'bot' | 'user' | 'page' | 'app' | 'storm' | 'blocked';
  /** Chat, user or Page the 429 was charged to: later requests to it before `until` are violations. */
  target: string;
  retryAfterSec: number;
  until: number;
}

export interface FakeViolation {
  time: number;
  platform: FakePlatform;
  kind: 'token-in-url' | 'retry-after';
  detail: string;
  requestSeq: number;
  /** retry-after: how many ms too early the request came. */
  earlyByMs?: number;
  target?: string;
}

export type RequestListener = (record: FakeRequestRecord) => void;
