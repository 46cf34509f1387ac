import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQL } from '../../src/store/queries.js';
import { openStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import type { DeliveryStatus, DeliveryView } from '../../src/store/types.js';
import { makeArticle, newDelivery, tmpDataDir } from './helpers.js';

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
const CHANNELS = ['tg', 'x', 'fb'];
const ARTICLES = 1200; // 3600 deliveries

/** Binds 1 to every parameter so EXPLAIN QUERY PLAN can prepare the statement. */
function planOf(db: Database.Database, sql: string): string[] {
  const named = Object.fromEntries([...sql.matchAll(/@(\w+)/g)].map((m) => [m[1], 1]));
  const positional = (sql.match(/\?/g) ?? []).map(() => 1);
  const args = Object.keys(named).length > 0 ? [...positional, named] : positional;
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(args as never[])) as { detail: string }[];
  return rows.map((r) => r.detail);
}

describe('status listing on a few thousand deliveries', () => {
  const { dir, cleanup } = tmpDataDir();
  let store: SqliteStore;
  let all: DeliveryView[];

  beforeAll(() => {
    store = openStore({ dataDir: dir, now: () => T0 });
    store.transaction(() => {
      for (let i = 0; i < ARTICLES; i++) {
        store.addArticle(makeArticle(i), `k${i}`);
        store.addDeliveries(
          `art-${i}`,
          CHANNELS.map((c, j) =>
            newDelivery(c, T0 - 1_000_000 + i * 10 + j, i % 97 === 0 ? { status: 'skipped' } : {}),
          ),
        );
      }
    });
    // A realistic mix: most sent, some failed/uncertain/dry-run, a few in flight, the rest queued.
    const claimed = store.claimDue(
      T0 - 1_000_000 + 9000,
      CHANNELS.map((channel) => ({ channel, limit: 1000 })),
    );
    claimed.forEach((d, n) => {
      if (n % 50 === 0) return; // left sending
      if (n % 13 === 0) store.markFailed(d.id, 'rejected', `rejected ${n}`);
      else if (n % 17 === 0) store.markUncertain(d.id, `timeout ${n}`);
      else if (n % 29 === 0) store.markSent(d.id, { remoteId: `dry-${n}`, postedAt: T0, dryRun: true });
      else store.markSent(d.id, { remoteId: `r${n}`, postedAt: T0 });
    });
    all = store.listDeliveries();
  });
  afterAll(() => {
    store.close();
    cleanup();
  });

  it('lists every delivery newest first with its article', () => {
    expect(all).toHaveLength(ARTICLES * CHANNELS.length);
    expect(all.map((d) => d.id)).toEqual([...all.map((d) => d.id)].sort((a, b) => b - a));
    expect(all[0]).toMatchObject({ articleTitle: `Headline ${ARTICLES - 1}`, channel: 'fb' });
    expect(new Set(all.map((d) => d.status))).toEqual(
      new Set(['queued', 'sending', 'sent', 'failed', 'uncertain', 'skipped', 'dry-run']),
    );
  });

  it('applies limit, status and channel filters exactly like filtering the full list', () => {
    const cases: { status?: DeliveryStatus[]; channel?: string; limit?: number }[] = [
      { limit: 50 },
      { status: ['sent'], limit: 50 },
      { status: ['failed', 'uncertain'], limit: 20 },
      { status: ['failed', 'uncertain', 'sending'] },
      { channel: 'x', limit: 30 },
      { channel: 'fb', status: ['queued', 'skipped'], limit: 40 },
      { channel: 'nope', limit: 5 },
      { status: [], limit: 5 },
    ];
    for (const f of cases) {
      const expected = all
        .filter(
          (d) =>
            (f.status ? f.status.includes(d.status) : true) && (f.channel ? d.channel === f.channel : true),
        )
        .slice(0, f.limit ?? Infinity)
        .map((d) => d.id);
      expect(
        store.listDeliveries(f).map((d) => d.id),
        JSON.stringify(f),
      ).toEqual(expected);
    }
  });

  it('counts per channel and status match the rows', () => {
    const expected = new Map<string, number>();
    for (const d of all)
      expected.set(`${d.channel}/${d.status}`, (expected.get(`${d.channel}/${d.status}`) ?? 0) + 1);
    const counts = store.countByStatus();
    expect(new Map(counts.map((c) => [`${c.channel}/${c.status}`, c.count]))).toEqual(expected);
    expect(counts.reduce((n, c) => n + c.count, 0)).toBe(all.length);
  });

  it('uses indexes for the claim, listing, recovery and due queries (no full scan; no sort except over the due rows of a claim)', () => {
    const db = new Database(path.join(dir, 'crier.db'), { readonly: true });
    try {
      const claim = planOf(db, SQL.claim);
      expect(claim.join('\n')).toMatch(
        /SEARCH deliveries USING (COVERING )?INDEX deliveries_due \(status=\? AND channel=\?/,
      );
      for (const key of [
        'claim',
        'listStatus',
        'listChannelStatus',
        'recover',
        'requeueStatus',
        'nextDue',
      ] as const) {
        const plan = planOf(db, SQL[key]).join('\n');
        expect(plan, key).not.toMatch(/SCAN (d|deliveries)\b/);
        // The claim sorts only the due rows of one channel (by planned time, to keep channel order).
        if (key !== 'claim') expect(plan, key).not.toMatch(/TEMP B-TREE/);
        expect(plan, key).toMatch(/USING (COVERING )?INDEX deliveries_/);
      }
      // The unfiltered listing walks the primary key backwards and stops at the limit: no sort.
      expect(planOf(db, SQL.listAll).join('\n')).not.toMatch(/TEMP B-TREE/);
      expect(planOf(db, SQL.scheduledTimes).join('\n')).toMatch(/INDEX deliveries_channel_scheduled/);
      // Counts come from the trigger-maintained summary table, never from deliveries.
      expect(planOf(db, SQL.counts).join('\n')).not.toMatch(/deliveries/);
    } finally {
      db.close();
    }
  });
});
