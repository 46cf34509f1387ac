import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Article } from '../articles/article.js';
import type { ErrorKind } from '../channels/errors.js';
import { StoreError } from './errors.js';
import { configure, migrate } from './migrations.js';
import { SQL } from './queries.js';
import {
  feedStateParams,
  toDelivery,
  toDeliveryView,
  toFeedState,
  toStoredArticle,
  type ArticleRow,
  type DeliveryRow,
  type DeliveryViewRow,
  type FeedStateRow,
} from './rows.js';
import type { Delivery, DeliveryStatus, DeliveryView, FeedState, StatusFilter, Store } from './types.js';

export { StoreError } from './errors.js';

export const INTERRUPTED_MESSAGE =
  'interrupted while sending: the platform may have the post; check it, then `crier retry <id>`';

const STATUSES: readonly DeliveryStatus[] = [
  'queued',
  'sending',
  'sent',
  'failed',
  'uncertain',
  'skipped',
  'dry-run',
];
/** Error texts are capped: a platform may answer with a whole HTML page. */
const MAX_ERROR_CHARS = 2000;

export interface StoreOptions {
  /** Scrubs secrets from error texts before they are stored. Default: no change. */
  scrub?: (text: string) => string;
  /** Clock for created_at/updated_at/seen_at (epoch ms). Default: `Date.now`. */
  now?: () => number;
}

export interface OpenStoreOptions extends StoreOptions {
  /** Folder for the database; created (recursively) when missing. */
  dataDir: string;
  /** Default: `crier.db`. */
  fileName?: string;
}

/**
 * The SQLite outbox. The markX methods only move rows that are currently `sending` and return whether
 * they did: a late answer for a row an operator already changed (e.g. `crier retry`, or recovery after a
 * restart made it `uncertain`) must not overwrite that decision; the caller may log the `false`.
 */
export interface SqliteStore extends Store {
  /** Absolute path of the database file, or `:memory:`. */
  readonly file: string;
}

/** Opens (creating and migrating as needed) `<dataDir>/<fileName>`. Never deletes or replaces a file. */
export function openStore(opts: OpenStoreOptions): SqliteStore {
  const dir = path.resolve(opts.dataDir);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new StoreError(
      dir,
      `cannot create the data directory (${code}); set dataDir / CRIER_DATA_DIR to a writable folder`,
    );
  }
  return open(path.join(dir, opts.fileName ?? 'crier.db'), opts);
}

/** A throwaway in-memory store with the same schema, for tests. */
export function openMemoryStore(opts: StoreOptions = {}): SqliteStore {
  return open(':memory:', opts);
}

function open(file: string, opts: StoreOptions): SqliteStore {
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    configure(db);
    migrate(db, file);
  } catch (err) {
    db?.close();
    throw openError(file, err);
  }
  return createStore(db, file, opts);
}

function openError(file: string, err: unknown): Error {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: string }).code ?? '';
  const msg = (err as Error).message;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(file, `not a SQLite database or corrupt (${msg}); move it aside to start fresh`);
  }
  if (
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_PERM')
  ) {
    return new StoreError(
      file,
      `cannot open the database for writing (${msg}); check the file and folder permissions`,
    );
  }
  if (code.startsWith('SQLITE_BUSY')) {
    return new StoreError(file, `database is locked by another process (${msg}); stop it or try again`);
  }
  return new StoreError(file, `cannot open the database (${msg}); move it aside to start fresh`);
}

function createStore(db: Database.Database, file: string, opts: StoreOptions): SqliteStore {
  const scrub = opts.scrub ?? ((t: string) => t);
  const now = opts.now ?? Date.now;
  const cleanError = (message: string) => scrub(message).slice(0, MAX_ERROR_CHARS);
  const stmts = new Map<string, Database.Statement>();
  const st = (key: keyof typeof SQL) => {
    let s = stmts.get(key);
    if (!s) stmts.set(key, (s = db.prepare(SQL[key])));
    return s;
  };
  // BEGIN IMMEDIATE takes the write lock up front, so two processes (service + CLI) wait on busy_timeout
  // instead of failing with SQLITE_BUSY when a read transaction tries to upgrade. Nested calls are savepoints.
  const tx = <A extends unknown[], T>(fn: (...args: A) => T) => {
    const t = db.transaction(fn);
    return (...args: A): T => t.immediate(...args);
  };

  const listRows = (filter: StatusFilter): DeliveryViewRow[] => {
    const limit = filter.limit ?? -1; // SQLite: a negative LIMIT means no limit
    const statuses = filter.status ? [...new Set(filter.status)] : undefined;
    if (!statuses && filter.channel === undefined) return st('listAll').all({ limit }) as DeliveryViewRow[];
    // One indexed, id-ordered walk per status, merged here: `status IN (...)` would make SQLite sort
    // every matching row (say 1 M sent) just to return the newest 50.
    const rows = (statuses ?? STATUSES).flatMap((status) =>
      filter.channel === undefined
        ? (st('listStatus').all({ status, limit }) as DeliveryViewRow[])
        : (st('listChannelStatus').all({ status, channel: filter.channel, limit }) as DeliveryViewRow[]),
    );
    rows.sort((a, b) => b.id - a.id);
    return limit >= 0 ? rows.slice(0, limit) : rows;
  };

  const store: SqliteStore = {
    file,
    addArticle: tx((article: Article, key: string) => {
      const info = st('insertArticle').run({
        id: article.id,
        key,
        title: article.title,
        url: article.url ?? null,
        source: `${article.source.kind}:${article.source.ref}`,
        json: JSON.stringify(article),
        created_at: now(),
      });
      // On a conflict the key decides (same article from another source); an id clash with another key
      // means the same content under a different key, which is the same article too.
      const row = (st('articleByKey').get(key) ?? st('articleById').get(article.id)) as ArticleRow;
      return { article: toStoredArticle(row), created: info.changes === 1 };
    }),
    getArticle: (id) => {
      const row = st('articleById').get(id) as ArticleRow | undefined;
      return row && toStoredArticle(row);
    },
    addDeliveries: tx((articleId: string, deliveries) => {
      const t = now();
      const out: Delivery[] = [];
      for (const d of deliveries) {
        const status = d.status ?? 'queued';
        const row = st('insertDelivery').get({
          article_id: articleId,
          channel: d.channel,
          platform: d.platform,
          status,
          next_attempt_at: status === 'queued' ? d.scheduledAt : null,
          scheduled_at: d.scheduledAt,
          post_json: JSON.stringify(d.post),
          now: t,
        }) as DeliveryRow | undefined;
        if (row) out.push(toDelivery(row));
      }
      return out;
    }),
    scheduledTimes: (channel, from) =>
      (st('scheduledTimes').all(channel, from) as { scheduled_at: number }[]).map((r) => r.scheduled_at),

    claimDue: tx((at: number, channels: { channel: string; limit: number }[], only?: number[]) => {
      const ids = only && JSON.stringify(only);
      const rows = channels
        .filter((c) => c.limit > 0)
        .flatMap(
          (c) =>
            (ids
              ? st('claimOnly').all({ now: at, channel: c.channel, limit: c.limit, ids })
              : st('claim').all({ now: at, channel: c.channel, limit: c.limit })) as DeliveryRow[],
        );
      // RETURNING order is unspecified; hand them out oldest first.
      rows.sort((a, b) => a.scheduled_at - b.scheduled_at || a.id - b.id);
      return rows.map(toDelivery);
    }),
    markSent: tx(
      (
        id: number,
        r: { remoteId: string; url?: string; postedAt: number; dryRun?: boolean; note?: string },
      ) => {
        const params = {
          id,
          note: r.note === undefined ? null : cleanError(r.note),
          note_kind: r.note === undefined ? null : 'duplicate',
          status: r.dryRun ? 'dry-run' : 'sent',
          remote_id: r.remoteId,
          remote_url: r.url ?? null,
          sent_at: r.postedAt,
          now: now(),
        };
        return st('markSent').run(params).changes === 1;
      },
    ),
    // A rate-limited wait is not a try of the content: it does not use up the transient budget.
    markRetry: tx(
      (id: number, next: number, kind: ErrorKind, message: string, opts?: { countAttempt?: boolean }) => {
        const counted = opts?.countAttempt === false ? 0 : 1;
        const params = { id, next, kind, counted, error: cleanError(message), now: now() };
        return st('markRetry').run(params).changes === 1;
      },
    ),
    // A 'config' failure is decided before any request leaves, so it is not counted as an attempt.
    markFailed: tx((id: number, kind: ErrorKind | 'config', message: string) => {
      const params = { id, kind, counted: kind === 'config' ? 0 : 1, error: cleanError(message), now: now() };
      return st('markFailed').run(params).changes === 1;
    }),
    markUncertain: tx((id: number, message: string) => {
      return st('markUncertain').run({ id, error: cleanError(message), now: now() }).changes === 1;
    }),
    recoverInterrupted: tx(
      () => st('recover').run({ error: cleanError(INTERRUPTED_MESSAGE), now: now() }).changes,
    ),
    requeue: tx((sel: { ids?: number[]; status?: 'failed' | 'uncertain' }, at: number) => {
      const changed: number[] = [];
      if (sel.ids) {
        for (const id of new Set(sel.ids)) {
          const row = st('requeueId').get({ id, now: at }) as { id: number } | undefined;
          if (row) changed.push(row.id);
        }
      } else if (sel.status === 'failed' || sel.status === 'uncertain') {
        const rows = st('requeueStatus').all({ status: sel.status, now: at }) as { id: number }[];
        changed.push(...rows.map((r) => r.id).sort((a, b) => a - b));
      }
      return changed;
    }),

    getDelivery: (id) => {
      const row = st('getDelivery').get(id) as DeliveryViewRow | undefined;
      return row && toDeliveryView(row);
    },
    listDeliveries: (filter = {}): DeliveryView[] => listRows(filter).map(toDeliveryView),
    countByStatus: () => st('counts').all() as { channel: string; status: DeliveryStatus; count: number }[],
    nextDueAt: () => (st('nextDue').get() as { at: number | null }).at,

    getFeedState: (url) => {
      const row = st('getFeed').get(url) as FeedStateRow | undefined;
      return row && toFeedState(row);
    },
    saveFeedState: tx((state: FeedState) => {
      st('saveFeed').run(feedStateParams(state, cleanError));
    }),
    markSeen: tx((feedUrl: string, keys: string[]) => {
      const t = now();
      return [...new Set(keys)].filter((k) => st('markSeen').run(feedUrl, k, t).changes === 1);
    }),

    transaction: <T>(fn: () => T): T => tx(fn)(),
    close: () => {
      if (db.open) db.close();
    },
  };
  return store;
}
