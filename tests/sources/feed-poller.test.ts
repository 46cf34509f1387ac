import fs from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFeedPoller, type FeedPollerOptions } from '../../src/sources/feed-poller.js';
import { openMemoryStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { captureLogger, recordingIngest, rss } from './helpers.js';

const FEED = 'https://news.example/feed.xml';
const SMALL = fs.readFileSync(path.resolve(__dirname, '../fixtures/feeds/small.rss'));
const SHARED = path.resolve(__dirname, '../../../shared/data/feeds');

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let store: SqliteStore;
let clock: number;
let log: ReturnType<typeof captureLogger>;
let rec: ReturnType<typeof recordingIngest>;
/** Every request the fake feed server saw. */
let requests: Request[];

beforeEach(() => {
  store = openMemoryStore();
  clock = Date.parse('2026-06-03T12:00:00Z');
  log = captureLogger();
  rec = recordingIngest();
  requests = [];
});
afterEach(() => store.close());

function poller(extra: Partial<FeedPollerOptions> = {}) {
  return createFeedPoller({
    feeds: [{ url: FEED, backfill: 0 }],
    store,
    ingest: rec.ingest,
    logger: log.logger,
    now: () => clock,
    ...extra,
  });
}

/** Serves `body()` with an ETag; answers 304 when the client already has that ETag. */
function serveFeed(body: () => string | Uint8Array, etag: () => string = () => '"v1"') {
  server.use(
    http.get(FEED, ({ request }) => {
      requests.push(request.clone());
      if (request.headers.get('if-none-match') === etag()) return new HttpResponse(null, { status: 304 });
      return new HttpResponse(body(), {
        headers: {
          'content-type': 'application/rss+xml; charset=utf-8',
          etag: etag(),
          'last-modified': 'Wed, 03 Jun 2026 10:00:00 GMT',
        },
      });
    }),
  );
}

describe('feed poller', () => {
  it('marks the backlog seen on the first poll and posts none', async () => {
    serveFeed(() => SMALL);
    const outcome = await poller().pollOnce(FEED);
    expect(outcome).toEqual({ status: 'primed', seen: 3, ingested: 0 });
    expect(rec.articles).toEqual([]);
    expect(store.getFeedState(FEED)).toMatchObject({ primed: true, etag: '"v1"', errorCount: 0 });
    expect(store.markSeen(FEED, ['story-1', 'story-2', 'story-3'])).toEqual([]);
  });

  it('with backfill N posts the newest N, oldest of them first', async () => {
    serveFeed(() => SMALL);
    const outcome = await poller({ feeds: [{ url: FEED, backfill: 2 }] }).pollOnce(FEED);
    expect(outcome).toMatchObject({ status: 'primed', ingested: 2 });
    expect(rec.articles.map((a) => a.title)).toEqual(['Second story', 'Third story']);
    const third = rec.articles[1]!;
    expect(third.source).toEqual({ kind: 'feed', ref: FEED });
    expect(third.url).toBe('https://news.example/stories/3');
    expect(third.paragraphs).toEqual(['The third story begins here.', 'It has a second paragraph.']);
    expect(third.tags).toEqual(['Science']);
    expect(third.image).toBe('https://img.news.example/3.jpg');
    expect(third.lang).toBe('en');
  });

  it('sends the stored validators and treats 304 as nothing new', async () => {
    serveFeed(() => SMALL);
    const p = poller();
    await p.pollOnce(FEED);
    expect(requests[0]!.headers.get('if-none-match')).toBeNull();
    clock += 300_000;
    expect(await p.pollOnce(FEED)).toEqual({ status: 'not-modified' });
    expect(requests[1]!.headers.get('if-none-match')).toBe('"v1"');
    expect(requests[1]!.headers.get('if-modified-since')).toBe('Wed, 03 Jun 2026 10:00:00 GMT');
    expect(rec.articles).toEqual([]);
    expect(store.getFeedState(FEED)).toMatchObject({ lastSuccessAt: clock, etag: '"v1"' });
  });

  it('ingests an item that appears later exactly once', async () => {
    let items = [{ guid: 'a', title: 'Old one', date: 'Mon, 01 Jun 2026 09:00:00 GMT' }];
    let version = 1;
    serveFeed(
      () => rss(items),
      () => `"v${version}"`,
    );
    const p = poller();
    await p.pollOnce(FEED);
    items = [{ guid: 'b', title: 'New one', date: 'Tue, 02 Jun 2026 09:00:00 GMT' }, ...items];
    version = 2;
    clock += 300_000;
    expect(await p.pollOnce(FEED)).toEqual({ status: 'polled', fresh: 1, ingested: 1 });
    expect(rec.articles.map((a) => a.title)).toEqual(['New one']);
    expect(store.getFeedState(FEED)!.etag).toBe('"v2"');
    // Same document again without validators (a server that ignores them): still nothing new.
    store.saveFeedState({ ...store.getFeedState(FEED)!, etag: undefined, lastModified: undefined });
    clock += 300_000;
    expect(await p.pollOnce(FEED)).toEqual({ status: 'polled', fresh: 0, ingested: 0 });
    expect(rec.articles).toHaveLength(1);
  });

  it('backs off a failing feed exponentially and logs each failure once with the reason', async () => {
    server.use(
      http.get(FEED, ({ request }) => {
        requests.push(request);
        return new HttpResponse('oops', { status: 503, statusText: 'Service Unavailable' });
      }),
    );
    const p = poller();
    const start = clock;
    expect(await p.pollOnce(FEED)).toEqual({ status: 'failed', error: 'HTTP 503 Service Unavailable' });
    expect(store.getFeedState(FEED)).toMatchObject({
      errorCount: 1,
      lastError: 'HTTP 503 Service Unavailable',
      nextPollAt: start + 60_000,
    });
    // Ticks inside the backoff window do not touch the server.
    clock += 30_000;
    expect(await p.pollOnce(FEED)).toEqual({ status: 'skipped', reason: 'backoff' });
    expect(requests).toHaveLength(1);
    clock = start + 60_000;
    await p.pollOnce(FEED);
    expect(store.getFeedState(FEED)).toMatchObject({ errorCount: 2, nextPollAt: clock + 120_000 });
    const warnings = log.lines().filter((l) => String(l.msg).startsWith('feed poll failed'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({
      msg: 'feed poll failed: HTTP 503 Service Unavailable',
      source: `feed:${FEED}`,
    });

    // Recovery clears the error state.
    serveFeed(() => SMALL);
    clock += 120_000;
    expect(await p.pollOnce(FEED)).toMatchObject({ status: 'primed' });
    const state = store.getFeedState(FEED)!;
    expect(state.errorCount).toBe(0);
    expect(state.lastError).toBeUndefined();
    expect(state.nextPollAt).toBeUndefined();
  });

  it('caps the backoff delay', async () => {
    server.use(http.get(FEED, () => HttpResponse.error()));
    const p = poller({ backoffBaseMs: 1000, backoffMaxMs: 5000 });
    for (let i = 0; i < 6; i++) {
      await p.pollOnce(FEED);
      clock = store.getFeedState(FEED)!.nextPollAt!;
    }
    const s = store.getFeedState(FEED)!;
    expect(s.errorCount).toBe(6);
    expect(s.nextPollAt! - s.lastPollAt!).toBe(5000);
    expect(s.lastError).toMatch(/fetch/i);
  });

  it('fails (and backs off) on a page that is not a feed', async () => {
    const html = fs.readFileSync(path.join(SHARED, 'nodefeedparser__notafeed.html'));
    server.use(http.get(FEED, () => new HttpResponse(html, { headers: { 'content-type': 'text/html' } })));
    expect(await poller().pollOnce(FEED)).toEqual({ status: 'failed', error: 'not an RSS or Atom feed' });
    expect(store.getFeedState(FEED)).toMatchObject({ errorCount: 1, primed: false });
  });

  it('refuses a response over the size limit', async () => {
    server.use(
      http.get(FEED, () => new HttpResponse(rss([{ guid: 'x', title: 'x', body: 'y'.repeat(5000) }]))),
    );
    const outcome = await poller({ maxBytes: 1000 }).pollOnce(FEED);
    expect(outcome).toEqual({ status: 'failed', error: 'response is larger than 1000 bytes' });
  });

  it('reads a gzip body sent without Content-Encoding (compressed.xml)', async () => {
    const gz = fs.readFileSync(path.join(SHARED, 'nodefeedparser__compressed.xml'));
    server.use(
      http.get(FEED, () => new HttpResponse(gz, { headers: { 'content-type': 'application/rss+xml' } })),
    );
    const outcome = await poller({ feeds: [{ url: FEED, backfill: 1 }] }).pollOnce(FEED);
    expect(outcome).toMatchObject({ status: 'primed', seen: 10, ingested: 1 });
    expect(rec.articles[0]!.title).toMatch(/[А-Яа-я]/);
  });

  it('skips an item that cannot become an article and ingests the rest', async () => {
    serveFeed(() =>
      rss([
        { guid: 'c', title: 'Good new item', date: 'Wed, 03 Jun 2026 09:00:00 GMT' },
        { guid: 'b', date: 'Tue, 02 Jun 2026 09:00:00 GMT' },
        { guid: 'a', title: 'Another good one', date: 'Mon, 01 Jun 2026 09:00:00 GMT' },
      ]),
    );
    const outcome = await poller({ feeds: [{ url: FEED, backfill: 3 }] }).pollOnce(FEED);
    expect(outcome).toMatchObject({ ingested: 2 });
    expect(rec.articles.map((a) => a.title)).toEqual(['Another good one', 'Good new item']);
    expect(log.text()).toContain('feed item skipped');
  });

  it('ingests at most maxItemsPerPoll of a huge burst of new items, newest first', async () => {
    let items: { guid: string; title: string }[] = [];
    serveFeed(
      () => rss(items),
      () => `"n${items.length}"`,
    );
    const p = poller({ maxItemsPerPoll: 200 });
    await p.pollOnce(FEED);
    items = Array.from({ length: 10_000 }, (_, i) => ({
      guid: `g${10_000 - i}`,
      title: `Item ${10_000 - i}`,
    }));
    clock += 300_000;
    const outcome = await p.pollOnce(FEED);
    expect(outcome).toEqual({ status: 'polled', fresh: 10_000, ingested: 200 });
    expect(rec.articles.at(-1)!.title).toBe('Item 10000');
    expect(rec.articles[0]!.title).toBe('Item 9801');
    expect(log.text()).toContain('only the newest 200 are ingested');
  });

  it('never lets two polls of one feed overlap', async () => {
    serveFeed(() => SMALL);
    const p = poller();
    const [a, b] = await Promise.all([p.pollOnce(FEED), p.pollOnce(FEED)]);
    expect([a.status, b.status].sort()).toEqual(['primed', 'skipped']);
    expect(requests).toHaveLength(1);
  });

  it('does not log a token-bearing header value', async () => {
    serveFeed(() => SMALL);
    await poller().pollOnce(FEED);
    expect(log.text()).not.toMatch(/if-none-match/i);
  });
});

describe('feed poller jobs', () => {
  it('start() polls each feed once right away; stop() waits for the poll in progress', async () => {
    serveFeed(() => SMALL);
    const p = poller();
    p.start();
    await p.stop();
    expect(requests).toHaveLength(1);
    expect(store.getFeedState(FEED)).toMatchObject({ primed: true });
  });

  it('start() refuses an invalid schedule, naming the feed', () => {
    const p = poller({ feeds: [{ url: FEED, schedule: 'every minute' }], pollOnStart: false });
    expect(() => p.start()).toThrow(`job "feed:${FEED}": invalid cron expression "every minute"`);
  });
});
