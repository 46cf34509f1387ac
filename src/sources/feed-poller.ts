import type { Article } from '../articles/article.js';
import type { FeedConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { scheduleJob, type Job } from '../schedule/cron.js';
import type { FeedState, Store } from '../store/types.js';
import {
  entryToArticle,
  MAX_FEED_BYTES,
  readFeedBytes,
  type FeedEntry,
  type ParsedFeed,
} from './feed-reader.js';
import { discard, readCapped } from './fetch-body.js';

/** What every source hands articles to; the service dedupes in the store and enqueues deliveries. */
export type SourceIngest = (article: Article) => { articleId: string; created: boolean };

export interface FeedPollerOptions {
  /** Feeds to poll; `schedule` defaults to every 5 minutes, `backfill` to 0. */
  feeds: (Pick<FeedConfig, 'url'> & Partial<FeedConfig>)[];
  store: Store;
  ingest: SourceIngest;
  logger: Logger;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Clock (epoch ms). Default: Date.now. */
  now?: () => number;
  /** Passed to finalizeArticle (site.articleUrl). */
  articleOptions?: { articleUrlTemplate?: string };
  /** Abort a fetch after this long. Default: 30 s. */
  timeoutMs?: number;
  /** Refuse larger responses (compressed or not). Default: 10 MB. */
  maxBytes?: number;
  /**
   * At most this many new items are ingested per poll; the rest are marked seen and skipped with a
   * warning, so a feed that suddenly lists thousands of "new" items (a reset or broken feed) cannot
   * flood the channels. Default: 200.
   */
  maxItemsPerPoll?: number;
  /** First retry delay after a failure; doubles per consecutive failure. Default: 60 s. */
  backoffBaseMs?: number;
  /** Longest retry delay. Default: 6 h. */
  backoffMaxMs?: number;
  /** Poll every feed once at start() instead of waiting for the first cron tick. Default: true. */
  pollOnStart?: boolean;
}

export type PollOutcome =
  | { status: 'skipped'; reason: 'backoff' | 'in-flight' }
  | { status: 'not-modified' }
  | { status: 'primed'; seen: number; ingested: number }
  | { status: 'polled'; fresh: number; ingested: number }
  | { status: 'failed'; error: string };

export interface FeedPoller {
  /** Schedules one cron job per feed and (unless `pollOnStart` is false) polls each feed once now. */
  start(): void;
  /** Stops the jobs; resolves once polls in progress have finished. */
  stop(): Promise<void>;
  /** Polls one feed now (respecting its backoff); never throws. */
  pollOnce(feedUrl: string): Promise<PollOutcome>;
}

const USER_AGENT = 'crier/0.1 (feed poller)';

/** RSS/Atom polling with conditional GET, backlog priming, per-poll limits and failure backoff. */
export function createFeedPoller(opts: FeedPollerOptions): FeedPoller {
  const { store, ingest, logger } = opts;
  const doFetch = opts.fetch ?? globalThis.fetch;
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxBytes = opts.maxBytes ?? MAX_FEED_BYTES;
  const maxItems = opts.maxItemsPerPoll ?? 200;
  const backoffBase = opts.backoffBaseMs ?? 60_000;
  const backoffMax = opts.backoffMaxMs ?? 6 * 60 * 60 * 1000;
  const inFlight = new Map<string, Promise<PollOutcome>>();
  const jobs: Job[] = [];

  const log = (url: string) => logger.child({ source: `feed:${url}` });

  function fail(state: FeedState, reason: string, at: number): PollOutcome {
    const errorCount = state.errorCount + 1;
    const delay = Math.min(backoffMax, backoffBase * 2 ** Math.min(errorCount - 1, 30));
    const nextPollAt = at + delay;
    store.saveFeedState({ ...state, lastPollAt: at, errorCount, lastError: reason, nextPollAt });
    log(state.url).warn(
      { errorCount, nextPollAt: new Date(nextPollAt).toISOString() },
      `feed poll failed: ${reason}`,
    );
    return { status: 'failed', error: reason };
  }

  /** Ingests entries oldest first so the channels post them in the order they were published. */
  function ingestEntries(feed: ParsedFeed, entries: FeedEntry[]): number {
    let count = 0;
    for (const entry of [...entries].reverse()) {
      try {
        const article = entryToArticle(entry, feed, opts.articleOptions ?? {});
        if (ingest(article).created) count++;
      } catch (err) {
        log(feed.feedUrl).warn({ item: entry.key }, `feed item skipped: ${(err as Error).message}`);
      }
    }
    return count;
  }

  async function fetchFeed(state: FeedState): Promise<Response> {
    const headers: Record<string, string> = {
      accept:
        'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
      'user-agent': USER_AGENT,
    };
    if (state.etag) headers['if-none-match'] = state.etag;
    if (state.lastModified) headers['if-modified-since'] = state.lastModified;
    return doFetch(state.url, { headers, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  }

  async function poll(url: string, backfill: number): Promise<PollOutcome> {
    const at = now();
    const state: FeedState = store.getFeedState(url) ?? { url, errorCount: 0, primed: false };
    if (state.nextPollAt !== undefined && state.nextPollAt > at)
      return { status: 'skipped', reason: 'backoff' };

    let response: Response;
    let parsed: ParsedFeed;
    try {
      response = await fetchFeed(state);
      if (response.status === 304) {
        discard(response);
        const { lastError: _e, nextPollAt: _n, ...rest } = state;
        store.saveFeedState({ ...rest, lastPollAt: at, lastSuccessAt: at, errorCount: 0 });
        return { status: 'not-modified' };
      }
      if (!response.ok) {
        discard(response);
        return fail(
          state,
          `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
          at,
        );
      }
      const bytes = await readCapped(response, maxBytes);
      parsed = readFeedBytes(bytes, {
        feedUrl: url,
        contentType: response.headers.get('content-type'),
        maxBytes,
      });
    } catch (err) {
      return fail(state, reasonOf(err, url, timeoutMs), at);
    }

    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = response.headers.get('last-modified') ?? undefined;
    const { lastError: _e, nextPollAt: _n, etag: _t, lastModified: _m, ...rest } = state;
    const next: FeedState = {
      ...rest,
      ...(etag ? { etag } : {}),
      ...(lastModified ? { lastModified } : {}),
      lastPollAt: at,
      lastSuccessAt: at,
      errorCount: 0,
      primed: true,
    };
    // One transaction: a crash mid-way leaves the items unseen, and the next poll takes them again.
    return store.transaction(() => {
      // One entry per key (a feed may repeat a guid), newest first.
      const byKey = new Map<string, FeedEntry>();
      for (const e of parsed.entries) if (!byKey.has(e.key)) byKey.set(e.key, e);
      const unique = [...byKey.values()];
      const fresh = new Set(store.markSeen(url, [...byKey.keys()]));
      let outcome: PollOutcome;
      if (!state.primed) {
        const ingested = ingestEntries(parsed, unique.slice(0, Math.min(backfill, maxItems)));
        log(url).info({ seen: unique.length, ingested }, 'feed primed: existing items marked seen');
        outcome = { status: 'primed', seen: unique.length, ingested };
      } else {
        const newEntries = unique.filter((e) => fresh.has(e.key));
        if (newEntries.length > maxItems) {
          log(url).warn(
            { fresh: newEntries.length, limit: maxItems },
            `feed lists ${newEntries.length} new items: only the newest ${maxItems} are ingested, the rest are skipped`,
          );
        }
        const ingested = ingestEntries(parsed, newEntries.slice(0, maxItems));
        outcome = { status: 'polled', fresh: newEntries.length, ingested };
      }
      store.saveFeedState(next);
      return outcome;
    });
  }

  async function guardedPoll(feedUrl: string): Promise<PollOutcome> {
    try {
      const feed = opts.feeds.find((f) => f.url === feedUrl);
      return await poll(feedUrl, feed?.backfill ?? 0);
    } catch (err) {
      // Store errors and the like: logged, and the next tick tries again.
      log(feedUrl).error({ err }, `feed poll failed: ${(err as Error).message}`);
      return { status: 'failed', error: (err as Error).message };
    } finally {
      inFlight.delete(feedUrl);
    }
  }

  function pollOnce(feedUrl: string): Promise<PollOutcome> {
    if (inFlight.has(feedUrl)) return Promise.resolve({ status: 'skipped', reason: 'in-flight' });
    const running = guardedPoll(feedUrl);
    inFlight.set(feedUrl, running);
    return running;
  }

  return {
    start() {
      for (const feed of opts.feeds) {
        jobs.push(
          scheduleJob(`feed:${feed.url}`, feed.schedule ?? '*/5 * * * *', () => pollOnce(feed.url), {
            onError: (err) => log(feed.url).error({ err }, 'feed job failed'),
          }),
        );
      }
      if (opts.pollOnStart !== false) for (const feed of opts.feeds) void pollOnce(feed.url);
    },
    async stop() {
      for (const job of jobs.splice(0)) job.stop();
      await Promise.all(inFlight.values());
    },
    pollOnce,
  };
}

function reasonOf(err: unknown, url: string, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no response within ${timeoutMs} ms`;
  // ArticleError messages start with the feed URL, which the log line already names.
  const message = e.message.startsWith(`${url}: `) ? e.message.slice(url.length + 2) : e.message;
  const cause = e.cause?.code ?? e.cause?.message;
  return cause && !message.includes(cause) ? `${message} (${cause})` : message;
}
