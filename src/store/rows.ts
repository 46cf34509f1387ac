import type { Article } from '../articles/article.js';
import type { ErrorKind } from '../channels/errors.js';
import type { ComposedPost } from '../compose/types.js';
import type { Delivery, DeliveryStatus, DeliveryView, FeedState, StoredArticle } from './types.js';

/** Column shapes as better-sqlite3 returns them (snake_case, NULL for absent). */
export interface ArticleRow {
  id: string;
  key: string;
  title: string;
  url: string | null;
  source: string;
  json: string;
  created_at: number;
}

export interface DeliveryRow {
  id: number;
  article_id: string;
  channel: string;
  platform: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number | null;
  scheduled_at: number;
  last_error_kind: string | null;
  last_error: string | null;
  remote_id: string | null;
  remote_url: string | null;
  post_json: string;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}

export interface DeliveryViewRow extends DeliveryRow {
  article_title: string;
  article_url: string | null;
}

export interface FeedStateRow {
  url: string;
  etag: string | null;
  last_modified: string | null;
  last_poll_at: number | null;
  last_success_at: number | null;
  error_count: number;
  last_error: string | null;
  next_poll_at: number | null;
  primed: number;
}

/** Copies only non-null values so absent columns become absent (not null) properties. */
function opt<T extends object, K extends string, V>(target: T, key: K, value: V | null): T {
  if (value !== null && value !== undefined) (target as Record<string, unknown>)[key] = value;
  return target;
}

export function toStoredArticle(row: ArticleRow): StoredArticle {
  const out: StoredArticle = {
    id: row.id,
    key: row.key,
    title: row.title,
    source: row.source,
    article: JSON.parse(row.json) as Article,
    createdAt: row.created_at,
  };
  return opt(out, 'url', row.url);
}

export function toDelivery(row: DeliveryRow): Delivery {
  const out: Delivery = {
    id: row.id,
    articleId: row.article_id,
    channel: row.channel,
    platform: row.platform,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    scheduledAt: row.scheduled_at,
    post: JSON.parse(row.post_json) as ComposedPost,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  opt(out, 'lastErrorKind', row.last_error_kind as ErrorKind | 'config' | null);
  opt(out, 'lastError', row.last_error);
  opt(out, 'remoteId', row.remote_id);
  opt(out, 'remoteUrl', row.remote_url);
  return opt(out, 'sentAt', row.sent_at);
}

export function toDeliveryView(row: DeliveryViewRow): DeliveryView {
  const out: DeliveryView = { ...toDelivery(row), articleTitle: row.article_title };
  return opt(out, 'articleUrl', row.article_url);
}

export function toFeedState(row: FeedStateRow): FeedState {
  const out: FeedState = { url: row.url, errorCount: row.error_count, primed: row.primed === 1 };
  opt(out, 'etag', row.etag);
  opt(out, 'lastModified', row.last_modified);
  opt(out, 'lastPollAt', row.last_poll_at);
  opt(out, 'lastSuccessAt', row.last_success_at);
  opt(out, 'lastError', row.last_error);
  return opt(out, 'nextPollAt', row.next_poll_at);
}

/** Named parameters for the feed_state upsert. */
export function feedStateParams(s: FeedState, scrub: (text: string) => string): FeedStateRow {
  return {
    url: s.url,
    etag: s.etag ?? null,
    last_modified: s.lastModified ?? null,
    last_poll_at: s.lastPollAt ?? null,
    last_success_at: s.lastSuccessAt ?? null,
    error_count: s.errorCount,
    last_error: s.lastError === undefined ? null : scrub(s.lastError),
    next_poll_at: s.nextPollAt ?? null,
    primed: s.primed ? 1 : 0,
  };
}
