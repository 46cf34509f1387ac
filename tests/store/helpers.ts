import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Article } from '../../src/articles/article.js';
import type { ComposedPost } from '../../src/compose/types.js';
import type { NewDelivery } from '../../src/store/types.js';

/** A fresh temporary data directory; removed by the returned cleanup. */
export function tmpDataDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crier-store-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function makeArticle(n: number | string, over: Partial<Article> = {}): Article {
  return {
    id: `art-${n}`,
    title: `Headline ${n}`,
    paragraphs: [`First paragraph of ${n}.`, 'Second — with “quotes” and émoji 📰.'],
    url: `https://news.example/${n}`,
    published: '2026-11-20T10:00:00Z',
    tags: ['world', 'tech'],
    lang: 'en',
    source: { kind: 'feed', ref: 'https://news.example/rss' },
    ...over,
  };
}

export function makePost(channel: string, text = 'Headline https://news.example/1'): ComposedPost {
  return {
    channel,
    platform: 'telegram',
    length: text.length,
    limit: 4096,
    text,
    requests: [
      { endpoint: 'POST /sendMessage', body: { chat_id: '@news', text, nested: { a: [1, null, 'x'] } } },
    ],
  };
}

export function newDelivery(
  channel: string,
  scheduledAt: number,
  over: Partial<NewDelivery> = {},
): NewDelivery {
  return { channel, platform: 'telegram', post: makePost(channel), scheduledAt, ...over };
}
