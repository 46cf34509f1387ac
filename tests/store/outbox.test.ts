import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  INTERRUPTED_MESSAGE,
  openMemoryStore,
  openStore,
  type SqliteStore,
} from '../../src/store/sqlite-store.js';
import { makeArticle, makePost, newDelivery, tmpDataDir } from './helpers.js';

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

describe('articles and deliveries', () => {
  let store: SqliteStore;
  beforeEach(() => (store = openMemoryStore({ now: () => T0 })));
  afterEach(() => store.close());

  it('stores an article once per key and returns the existing row for the same key from another source', () => {
    const first = store.addArticle(makeArticle(1), 'https://news.example/1');
    expect(first.created).toBe(true);
    expect(first.article).toMatchObject({ id: 'art-1', key: 'https://news.example/1', title: 'Headline 1' });
    expect(first.article.source).toBe('feed:https://news.example/rss');
    expect(first.article.createdAt).toBe(T0);

    const other = makeArticle(1, {
      id: 'art-other',
      title: 'Same story via webhook',
      source: { kind: 'webhook', ref: 'r1' },
    });
    const again = store.addArticle(other, 'https://news.example/1');
    expect(again.created).toBe(false);
    expect(again.article.id).toBe('art-1');
    expect(again.article.title).toBe('Headline 1');
    expect(store.getArticle('art-other')).toBeUndefined();
  });

  it('round-trips the article JSON exactly, and an article without URL', () => {
    const article = makeArticle('x', { url: undefined, image: 'https://img.example/a.jpg' });
    delete article.url;
    const { article: stored } = store.addArticle(article, 'hash:abc');
    expect(stored.url).toBeUndefined();
    expect(store.getArticle('art-x')!.article).toEqual(article);
  });

  it('adds one delivery per channel, ignores existing pairs and returns only the new rows', () => {
    store.addArticle(makeArticle(1), 'k1');
    const first = store.addDeliveries('art-1', [newDelivery('tg', T0), newDelivery('x', T0 + 60_000)]);
    expect(first.map((d) => [d.channel, d.status, d.attempts, d.nextAttemptAt])).toEqual([
      ['tg', 'queued', 0, T0],
      ['x', 'queued', 0, T0 + 60_000],
    ]);
    expect(first[0]!.post).toEqual(makePost('tg'));
    const second = store.addDeliveries('art-1', [
      newDelivery('tg', T0 + 5),
      newDelivery('fb', T0, { status: 'skipped' }),
    ]);
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ channel: 'fb', status: 'skipped', nextAttemptAt: null });
    expect(store.getDelivery(first[0]!.id)!.scheduledAt).toBe(T0);
    expect(store.countByStatus()).toEqual([
      { channel: 'fb', status: 'skipped', count: 1 },
      { channel: 'tg', status: 'queued', count: 1 },
      { channel: 'x', status: 'queued', count: 1 },
    ]);
  });

  it('rolls an article and its deliveries back together when the transaction throws', () => {
    expect(() =>
      store.transaction(() => {
        store.addArticle(makeArticle(1), 'k1');
        store.addDeliveries('art-1', [newDelivery('tg', T0)]);
        throw new Error('compose failed');
      }),
    ).toThrow('compose failed');
    expect(store.getArticle('art-1')).toBeUndefined();
    expect(store.listDeliveries()).toEqual([]);
    expect(store.countByStatus()).toEqual([]);
  });

  it('lists scheduled times of a channel from a time on, ignoring failed and skipped rows', () => {
    for (let i = 0; i < 4; i++) {
      store.addArticle(makeArticle(i), `k${i}`);
      store.addDeliveries(`art-${i}`, [
        newDelivery('tg', T0 + i * 1000),
        newDelivery('x', T0 + i * 1000 + 1),
      ]);
    }
    store.addArticle(makeArticle(9), 'k9');
    store.addDeliveries('art-9', [newDelivery('tg', T0 + 9000, { status: 'skipped' })]);
    expect(store.scheduledTimes('tg', T0 + 1000)).toEqual([T0 + 1000, T0 + 2000, T0 + 3000]);
  });
});

describe('claiming and sending', () => {
  let store: SqliteStore;
  const ids: Record<string, number> = {};
  beforeEach(() => {
    store = openMemoryStore({ now: () => T0, scrub: (t) => t.replaceAll('SECRET-TOKEN', '[redacted]') });
    // Inserted out of time order so ordering by next_attempt_at (then id) is really tested.
    const plan: [string, string, number][] = [
      ['a', 'tg', T0 - 1000],
      ['b', 'tg', T0 - 5000],
      ['c', 'tg', T0 - 5000],
      ['d', 'tg', T0 + 60_000],
      ['e', 'x', T0 - 10],
      ['f', 'fb', T0 - 99_000],
    ];
    for (const [n, channel, at] of plan) {
      store.addArticle(makeArticle(n), `k-${n}`);
      ids[n] = store.addDeliveries(`art-${n}`, [newDelivery(channel, at)])[0]!.id;
    }
  });
  afterEach(() => store.close());

  it('claims due rows per channel, oldest first, within the limit, and skips future rows and other channels', () => {
    const claimed = store.claimDue(T0, [
      { channel: 'tg', limit: 2 },
      { channel: 'x', limit: 5 },
    ]);
    expect(claimed.map((d) => d.id)).toEqual([ids.b, ids.c, ids.e]);
    expect(claimed.every((d) => d.status === 'sending')).toBe(true);
    expect(store.getDelivery(ids.b!)!.status).toBe('sending');
    expect(store.getDelivery(ids.a!)!.status).toBe('queued');
    expect(store.getDelivery(ids.f!)!.status).toBe('queued'); // channel not asked for
    // Claimed rows are not handed out twice; the future row stays until due.
    expect(store.claimDue(T0, [{ channel: 'tg', limit: 10 }]).map((d) => d.id)).toEqual([ids.a]);
    expect(store.claimDue(T0 + 59_999, [{ channel: 'tg', limit: 10 }])).toEqual([]);
    expect(store.claimDue(T0 + 60_000, [{ channel: 'tg', limit: 10 }]).map((d) => d.id)).toEqual([ids.d]);
    expect(store.claimDue(T0, [{ channel: 'fb', limit: 0 }])).toEqual([]);
  });

  it('claims only the given ids when asked (crier post --now leaves the rest of the outbox alone)', () => {
    const claimed = store.claimDue(
      T0,
      [
        { channel: 'tg', limit: 5 },
        { channel: 'fb', limit: 5 },
      ],
      [ids.a!, ids.f!],
    );
    expect(claimed.map((d) => d.id)).toEqual([ids.f, ids.a]);
    expect(store.getDelivery(ids.b!)!.status).toBe('queued');
    expect(store.getDelivery(ids.c!)!.status).toBe('queued');
    expect(store.claimDue(T0, [{ channel: 'tg', limit: 5 }], [])).toEqual([]);
  });

  it('claims atomically: a failure while claiming leaves every row queued', () => {
    expect(() =>
      store.transaction(() => {
        store.claimDue(T0, [{ channel: 'tg', limit: 10 }]);
        throw new Error('crash');
      }),
    ).toThrow('crash');
    expect(store.countByStatus().find((c) => c.channel === 'tg' && c.status === 'sending')).toBeUndefined();
    expect(store.claimDue(T0, [{ channel: 'tg', limit: 10 }])).toHaveLength(3);
  });

  it('goes queued -> sending -> sent with the receipt stored', () => {
    expect(store.nextDueAt()).toBe(T0 - 99_000);
    const [d] = store.claimDue(T0, [{ channel: 'x', limit: 1 }]);
    expect(
      store.markSent(d!.id, { remoteId: '1790', url: 'https://x.com/i/status/1790', postedAt: T0 + 5 }),
    ).toBe(true);
    const sent = store.getDelivery(d!.id)!;
    expect(sent).toMatchObject({
      status: 'sent',
      attempts: 1,
      remoteId: '1790',
      remoteUrl: 'https://x.com/i/status/1790',
      sentAt: T0 + 5,
      nextAttemptAt: null,
      articleTitle: 'Headline e',
      articleUrl: 'https://news.example/e',
    });
    expect(sent.post).toEqual(makePost('x'));
  });

  it('records a dry run as dry-run', () => {
    const [d] = store.claimDue(T0, [{ channel: 'x', limit: 1 }]);
    store.markSent(d!.id, { remoteId: 'dry-run', postedAt: T0, dryRun: true });
    expect(store.getDelivery(d!.id)!.status).toBe('dry-run');
  });

  it('counts attempts on retry and takes the row again only when due', () => {
    const [d] = store.claimDue(T0, [{ channel: 'x', limit: 1 }]);
    expect(store.markRetry(d!.id, T0 + 30_000, 'rate-limited', '429 Too Many Requests')).toBe(true);
    expect(store.getDelivery(d!.id)).toMatchObject({
      status: 'queued',
      attempts: 1,
      nextAttemptAt: T0 + 30_000,
      lastErrorKind: 'rate-limited',
      lastError: '429 Too Many Requests',
    });
    expect(store.claimDue(T0 + 29_999, [{ channel: 'x', limit: 1 }])).toEqual([]);
    const [again] = store.claimDue(T0 + 30_000, [{ channel: 'x', limit: 1 }]);
    store.markRetry(again!.id, T0 + 90_000, 'transient', 'HTTP 503');
    expect(store.getDelivery(d!.id)!.attempts).toBe(2);
  });

  it('marks failed and uncertain, scrubbing secrets out of the stored error', () => {
    const [e] = store.claimDue(T0, [{ channel: 'x', limit: 1 }]);
    const [f] = store.claimDue(T0, [{ channel: 'fb', limit: 1 }]);
    store.markFailed(e!.id, 'auth', 'token SECRET-TOKEN rejected: 401');
    store.markUncertain(f!.id, 'timeout after POST https://api.example/botSECRET-TOKEN/sendMessage');
    expect(store.getDelivery(e!.id)).toMatchObject({ status: 'failed', attempts: 1, lastErrorKind: 'auth' });
    expect(store.getDelivery(e!.id)!.lastError).toBe('token [redacted] rejected: 401');
    expect(store.getDelivery(f!.id)).toMatchObject({
      status: 'uncertain',
      attempts: 1,
      lastErrorKind: 'uncertain',
    });
    expect(store.getDelivery(f!.id)!.lastError).not.toContain('SECRET-TOKEN');
  });

  it('does not count a config failure as an attempt', () => {
    const [e] = store.claimDue(T0, [{ channel: 'x', limit: 1 }]);
    store.markFailed(e!.id, 'config', 'channel x has no credentials');
    expect(store.getDelivery(e!.id)).toMatchObject({
      status: 'failed',
      attempts: 0,
      lastErrorKind: 'config',
    });
  });

  it('ignores a late answer for a row that is no longer sending', () => {
    const [e] = store.claimDue(T0, [{ channel: 'x', limit: 1 }]);
    store.markUncertain(e!.id, 'timeout');
    expect(store.requeue({ ids: [e!.id] }, T0)).toEqual([e!.id]);
    expect(store.markSent(e!.id, { remoteId: 'late', postedAt: T0 })).toBe(false);
    expect(store.markFailed(e!.id, 'rejected', 'late')).toBe(false);
    expect(store.markRetry(e!.id, T0 + 1, 'transient', 'late')).toBe(false);
    expect(store.markUncertain(e!.id, 'late')).toBe(false);
    expect(store.getDelivery(e!.id)).toMatchObject({ status: 'queued', attempts: 1, lastError: 'timeout' });
    expect(store.markSent(999_999, { remoteId: 'x', postedAt: T0 })).toBe(false);
  });

  it('requeues failed, uncertain and skipped rows only, and returns only what changed', () => {
    const claimed = store.claimDue(T0, [
      { channel: 'tg', limit: 3 },
      { channel: 'x', limit: 1 },
    ]);
    const [b, c, e, a] = [ids.b!, ids.c!, ids.e!, ids.a!];
    expect(claimed.map((d) => d.id).sort()).toEqual([a, b, c, e].sort());
    store.markSent(b, { remoteId: 'r', postedAt: T0 });
    store.markFailed(c, 'rejected', 'too long');
    store.markUncertain(e, 'timeout');
    store.addArticle(makeArticle('s'), 'k-s');
    const skipped = store.addDeliveries('art-s', [newDelivery('fb', T0, { status: 'skipped' })])[0]!.id;

    expect(store.requeue({ ids: [b, c, skipped, a, 424242] }, T0 + 7)).toEqual([c, skipped]);
    expect(store.getDelivery(b)!.status).toBe('sent');
    expect(store.getDelivery(a)!.status).toBe('sending');
    expect(store.getDelivery(c)).toMatchObject({ status: 'queued', nextAttemptAt: T0 + 7, attempts: 1 });
    expect(store.requeue({ status: 'failed' }, T0)).toEqual([]);
    expect(store.requeue({ status: 'uncertain' }, T0 + 8)).toEqual([e]);
    expect(store.getDelivery(e)).toMatchObject({ status: 'queued', nextAttemptAt: T0 + 8 });
    expect(store.claimDue(T0 + 8, [{ channel: 'x', limit: 5 }]).map((d) => d.id)).toEqual([e]);
  });
});

describe('recovery after a crash', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tmpDataDir()));
  afterEach(() => cleanup());

  it('turns rows left sending into uncertain on a reopened database and never claims them again', () => {
    const before = openStore({ dataDir: dir, now: () => T0 });
    before.addArticle(makeArticle(1), 'k1');
    const [d1, d2] = before.addDeliveries('art-1', [newDelivery('tg', T0 - 1), newDelivery('x', T0 - 1)]);
    const claimed = before.claimDue(T0, [
      { channel: 'tg', limit: 1 },
      { channel: 'x', limit: 1 },
    ]);
    expect(claimed).toHaveLength(2);
    before.markSent(d2!.id, { remoteId: 'ok', postedAt: T0 });
    before.close(); // the process dies here with d1 in flight

    const after = openStore({ dataDir: dir, now: () => T0 + 1000 });
    expect(after.recoverInterrupted()).toBe(1);
    expect(after.getDelivery(d1!.id)).toMatchObject({
      status: 'uncertain',
      lastErrorKind: 'uncertain',
      lastError: INTERRUPTED_MESSAGE,
      nextAttemptAt: null,
    });
    expect(after.getDelivery(d2!.id)!.status).toBe('sent');
    expect(after.claimDue(T0 + 10 ** 9, [{ channel: 'tg', limit: 10 }])).toEqual([]);
    expect(after.nextDueAt()).toBeNull();
    expect(after.recoverInterrupted()).toBe(0);
    after.close();
  });
});
