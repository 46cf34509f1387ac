import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMemoryStore, openStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { tmpDataDir } from './helpers.js';

const FEED = 'https://news.example/rss';

describe('feed state', () => {
  let store: SqliteStore;
  beforeEach(
    () => (store = openMemoryStore({ now: () => 1000, scrub: (t) => t.replaceAll('k3y', '[redacted]') })),
  );
  afterEach(() => store.close());

  it('is undefined for an unknown feed and round-trips every field, updating in place', () => {
    expect(store.getFeedState(FEED)).toBeUndefined();
    store.saveFeedState({ url: FEED, errorCount: 0, primed: false });
    expect(store.getFeedState(FEED)).toEqual({ url: FEED, errorCount: 0, primed: false });
    const full = {
      url: FEED,
      etag: 'W/"abc"',
      lastModified: 'Tue, 24 Nov 2026 08:00:00 GMT',
      lastPollAt: 10,
      lastSuccessAt: 9,
      errorCount: 2,
      lastError: 'HTTP 503',
      nextPollAt: 600_010,
      primed: true,
    };
    store.saveFeedState(full);
    expect(store.getFeedState(FEED)).toEqual(full);
  });

  it('scrubs secrets from the stored feed error', () => {
    store.saveFeedState({ url: FEED, errorCount: 1, primed: true, lastError: 'GET ?api_key=k3y: 403' });
    expect(store.getFeedState(FEED)!.lastError).toBe('GET ?api_key=[redacted]: 403');
  });

  it('returns only the item keys new to that feed', () => {
    expect(store.markSeen(FEED, ['a', 'b', 'a'])).toEqual(['a', 'b']);
    expect(store.markSeen(FEED, ['b', 'c'])).toEqual(['c']);
    expect(store.markSeen('https://other.example/feed', ['a'])).toEqual(['a']);
    expect(store.markSeen(FEED, [])).toEqual([]);
  });

  it('remembers seen items across a reopen', () => {
    const { dir, cleanup } = tmpDataDir();
    try {
      const a = openStore({ dataDir: dir });
      a.markSeen(FEED, ['x']);
      a.close();
      const b = openStore({ dataDir: dir });
      expect(b.markSeen(FEED, ['x', 'y'])).toEqual(['y']);
      b.close();
    } finally {
      cleanup();
    }
  });
});
