import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { goodArticle, health, startHarness, warnings, type Harness } from './service-helper.js';

const SHARED = path.resolve(import.meta.dirname, '../../../shared/data/feeds');

function item(i: number): string {
  return `<item><title>Item ${i}: council publishes its spending plan</title><link>https://news.example.com/feed/${i}</link><guid>feed-${i}</guid><description>The council published its spending plan for year ${i}, with more money for buses and parks.</description></item>`;
}
const rss = (items: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Bad input</title><link>https://news.example.com/</link><description>x</description>${items}</channel></rss>`;

const BIG = rss(Array.from({ length: 10_000 }, (_, i) => item(10_000 - i)).join(''));
const FEEDS: Record<string, string | Buffer> = {
  '/malformed.xml': '<rss><channel><title>Broken<item><title>A</tile></item></rss',
  '/truncated.xml': rss([1, 2, 3].map(item).join('')).slice(0, 400),
  '/big.xml': BIG,
  '/not-a-feed.rss': readFileSync(path.join(SHARED, 'rssparser__unrecognized.rss')),
};

let server: Server;
let base: string;
let h: Harness;
const url = (p: string) => `${base}${p}`;

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = FEEDS[req.url ?? ''];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/rss+xml' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h = await startHarness({
    feeds: Object.keys(FEEDS).map((p) => ({ url: url(p), backfill: p === '/big.xml' ? 3 : 1 })),
  });
  writeFileSync(path.join(h.inbox, 'good.md'), goodArticle(1));
  // Every feed is polled once at start; wait for all four polls to be recorded.
  await vi.waitFor(
    () => {
      for (const p of Object.keys(FEEDS))
        expect(h.service.store.getFeedState(url(p))?.lastPollAt).toBeDefined();
    },
    { timeout: 15_000, interval: 50 },
  );
}, 30_000);
afterAll(async () => {
  await h.stop();
  await new Promise((r) => server.close(r));
});

describe('bad input through feeds', () => {
  it.each(['/malformed.xml', '/truncated.xml', '/not-a-feed.rss'])(
    '%s: the poll fails with one logged reason, kept in the feed state',
    (p) => {
      const state = h.service.store.getFeedState(url(p))!;
      expect(state.errorCount).toBe(1);
      expect(state.lastError).toMatch(/\w/);
      expect(state.lastError!.split('\n')).toHaveLength(1);
      const logged = warnings(h.lines, 'feed poll failed').filter((l) => l.includes(url(p)));
      expect(logged).toHaveLength(1);
    },
  );

  it('a feed of 10,000 items is primed: all marked seen, only the backfill posted', async () => {
    const state = h.service.store.getFeedState(url('/big.xml'))!;
    expect(state.primed).toBe(true);
    expect(state.lastError).toBeUndefined();
    const primed = h.lines.find((l) => l.includes('feed primed') && l.includes(url('/big.xml')));
    expect(primed).toContain('"seen":10000');
    expect(primed).toContain('"ingested":3');
    // The newest three items, and nothing older.
    await vi.waitFor(
      () => {
        const feedRows = h.service.store.listDeliveries({}).filter((d) => d.articleUrl?.includes('/feed/'));
        expect(feedRows.filter((d) => d.status === 'sent')).toHaveLength(9);
      },
      { timeout: 10_000, interval: 50 },
    );
    const numbers = new Set(
      h.service.store
        .listDeliveries({})
        .map((d) => /\/feed\/(\d+)/.exec(d.articleUrl ?? '')?.[1])
        .filter(Boolean),
    );
    expect([...numbers].sort()).toEqual(['10000', '9998', '9999']);
    // Polling again sees nothing new.
    expect(h.service.store.markSeen(url('/big.xml'), ['feed-5000'])).toEqual([]);
  });

  it('stays up, and the inbox article is delivered and kept', async () => {
    expect(await health(h)).toBe(200);
    await vi.waitFor(
      () => {
        const good = h.service.store.listDeliveries({}).filter((d) => d.articleUrl?.endsWith('/good/1'));
        expect(good.map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
      },
      { timeout: 10_000, interval: 50 },
    );
  });
});
