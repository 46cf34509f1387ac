import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../../src/articles/article.js';
import { ChannelSchema, type ChannelConfig } from '../../src/config/schema.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** /work/main/tests/compose -> /work/shared/data */
export const SHARED_DATA = path.resolve(here, '../../../shared/data');
export const SEED_ARTICLE = path.join(SHARED_DATA, 'articles/000_5e6d6438e66fa35a.txt');

export function makeArticle(fields: Partial<Article> & { paragraphs: string[] }): Article {
  return {
    id: 'test',
    title: 'Test article',
    tags: [],
    url: 'https://news.example.com/a/test',
    source: { kind: 'file', ref: 'test.txt' },
    ...fields,
  };
}

/** The plain-text article format: title on the first line, paragraphs split by blank lines. */
export function readArticle(file: string, extra: Partial<Article> = {}): Article {
  const blocks = readFileSync(file, 'utf8')
    .replace(/\r\n?/g, '\n')
    .replace(/\n/, '\n\n')
    .split(/\n\s*\n/)
    .map((b) => b.replace(/\s*\n\s*/g, ' ').trim())
    .filter((b) => b.length > 0);
  const [title = '', ...paragraphs] = blocks;
  return makeArticle({ id: path.basename(file), title, paragraphs, ...extra });
}

export function channel(
  platform: ChannelConfig['platform'],
  compose: Record<string, unknown> = {},
  id: string = platform,
): ChannelConfig {
  return ChannelSchema.parse({ id, platform, compose });
}
