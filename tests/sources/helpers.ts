import { Writable } from 'node:stream';
import type { Article } from '../../src/articles/article.js';
import { createLogger, type Logger } from '../../src/log.js';

export interface CapturedLog {
  logger: Logger;
  /** Parsed JSON log lines so far. */
  lines(): Record<string, unknown>[];
  /** The raw text of every line so far. */
  text(): string;
}

/** A JSON pino logger whose lines the test can read back. */
export function captureLogger(): CapturedLog {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', pretty: false, destination });
  const text = () => chunks.join('');
  return {
    logger,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((l) => l.trim().length > 0)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** An ingest that records articles and dedupes by id, like the service's. */
export function recordingIngest(): {
  ingest: (a: Article) => { articleId: string; created: boolean };
  articles: Article[];
} {
  const articles: Article[] = [];
  const ids = new Set<string>();
  return {
    articles,
    ingest(article) {
      const created = !ids.has(article.id);
      if (created) {
        ids.add(article.id);
        articles.push(article);
      }
      return { articleId: article.id, created };
    },
  };
}

/** A small RSS 2.0 document; items are given newest first, as feeds list them. */
export function rss(
  items: { guid: string; title?: string; date?: string; body?: string; link?: string }[],
): string {
  const body = items
    .map(
      (
        i,
      ) => `<item>${i.title === undefined ? '' : `<title>${i.title}</title>`}<guid isPermaLink="false">${i.guid}</guid>
<link>${i.link ?? `https://news.example/${i.guid}`}</link>${i.date ? `<pubDate>${i.date}</pubDate>` : ''}
<description>${i.body ?? `Body of ${i.guid}.`}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>https://news.example/</link>${body}</channel></rss>`;
}
