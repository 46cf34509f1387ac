import type { Article } from '../articles/article.js';
import type { ErrorKind } from '../channels/errors.js';
import type { ComposedPost } from '../compose/types.js';

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain' | 'skipped' | 'dry-run';

export interface StoredArticle {
  id: string;
  /** Canonical URL (no utm_*, fragment or trailing slash) or `hash:<sha256>` without a URL. */
  key: string;
  title: string;
  url?: string;
  source: string;
  article: Article;
  createdAt: number;
}

export interface Delivery {
  id: number;
  articleId: string;
  channel: string;
  platform: string;
  status: DeliveryStatus;
  attempts: number;
  /** Epoch ms when the dispatcher may take it; null when not due (final states). */
  nextAttemptAt: number | null;
  /** The planned slot (epoch ms) at enqueue time. */
  scheduledAt: number;
  lastErrorKind?: ErrorKind | 'config';
  lastError?: string;
  remoteId?: string;
  remoteUrl?: string;
  /** The exact composed post; a retry sends exactly this. */
  post: ComposedPost;
  createdAt: number;
  updatedAt: number;
  sentAt?: number;
}

export interface DeliveryView extends Delivery {
  articleTitle: string;
  articleUrl?: string;
}

export interface NewDelivery {
  channel: string;
  platform: string;
  post: ComposedPost;
  scheduledAt: number;
  /** Initial status; `queued` unless the channel is disabled (`skipped`). */
  status?: 'queued' | 'skipped';
}

export interface FeedState {
  url: string;
  etag?: string;
  lastModified?: string;
  lastPollAt?: number;
  lastSuccessAt?: number;
  errorCount: number;
  lastError?: string;
  /** Epoch ms before which the feed is not polled again (backoff). */
  nextPollAt?: number;
  /** True once the first successful poll has marked the backlog seen. */
  primed: boolean;
}

export interface StatusFilter {
  status?: DeliveryStatus[];
  channel?: string;
  limit?: number;
}

/**
 * The outbox. Every method is synchronous (better-sqlite3) and each write is one transaction,
 * so a crash leaves either the state before or the state after.
 */
export interface Store {
  /** Inserts the article unless its key exists; returns the stored row and whether it is new. */
  addArticle(article: Article, key: string): { article: StoredArticle; created: boolean };
  getArticle(id: string): StoredArticle | undefined;
  /** Inserts one delivery per channel unless (article, channel) exists. Returns the new ones. */
  addDeliveries(articleId: string, deliveries: NewDelivery[]): Delivery[];
  /** Scheduled times (epoch ms) of queued/sending/sent deliveries of a channel since `from`. */
  scheduledTimes(channel: string, from: number): number[];

  /**
   * Atomically moves due `queued` deliveries (next_attempt_at <= now) to `sending`, at most `limit`
   * per channel given, oldest first, and returns them. Committed before anything is sent.
   * With `only`, just those delivery ids are considered.
   */
  claimDue(now: number, channels: { channel: string; limit: number }[], only?: number[]): Delivery[];
  /*
   * The four mark* methods act only on a row that is still `sending` and return whether it changed: a late
   * answer for a row an operator or a restart already moved must not overwrite that decision.
   */
  /** `note` is kept as the last error (kind `duplicate`), e.g. "the platform already had this post". */
  markSent(
    id: number,
    receipt: { remoteId: string; url?: string; postedAt: number; dryRun?: boolean; note?: string },
  ): boolean;
  /** Back to queued for another try at `nextAttemptAt`; counts an attempt unless `countAttempt: false`. */
  markRetry(
    id: number,
    nextAttemptAt: number,
    kind: ErrorKind,
    message: string,
    opts?: { countAttempt?: boolean },
  ): boolean;
  markFailed(id: number, kind: ErrorKind | 'config', message: string): boolean;
  markUncertain(id: number, message: string): boolean;
  /** On start: every `sending` row becomes `uncertain` (the platform may have it). Returns the count. */
  recoverInterrupted(): number;
  /** Operator retry: failed/uncertain rows (or the given ids) back to queued now. Returns the ids requeued. */
  requeue(sel: { ids?: number[]; status?: 'failed' | 'uncertain' }, now: number): number[];

  getDelivery(id: number): DeliveryView | undefined;
  listDeliveries(filter?: StatusFilter): DeliveryView[];
  /** Count per channel and status, for /metrics and `crier status`. */
  countByStatus(): { channel: string; status: DeliveryStatus; count: number }[];
  /** Earliest next_attempt_at among queued rows, for sleeping until work is due. */
  nextDueAt(): number | null;

  getFeedState(url: string): FeedState | undefined;
  saveFeedState(state: FeedState): void;
  /** Marks feed item keys seen; returns the keys that were not seen before. */
  markSeen(feedUrl: string, itemKeys: string[]): string[];

  /**
   * Runs fn in one transaction (nested calls become savepoints): used by ingest so an article and
   * its deliveries are stored together or not at all.
   */
  transaction<T>(fn: () => T): T;

  close(): void;
}
