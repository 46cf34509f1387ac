/**
 * Deterministic English-like articles for the benchmark and the harnesses, built from the shared BBC
 * news-dev articles (read by path, never copied): paragraphs are drawn with a seeded PRNG until the
 * wanted size is reached (without the shared data, from made-up sentences). Every article gets a unique URL https://news.example.com/a/<n>, which ends up
 * in every platform's post (the UTM link), so a post can be mapped back to its article.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED_DATA } from './paths.js';

export const ARTICLE_HOST = 'https://news.example.com';
const MARKER = /news\.example\.com\/a\/(\d+)(?!\d)/;

/** The article URL for number `n`. */
export function articleUrl(n: number): string {
  return `${ARTICLE_HOST}/a/${n}`;
}

/** The article number in any text holding its URL (a post text, a JSON request body), or undefined. */
export function articleNumberIn(text: string | undefined): number | undefined {
  const m = text === undefined ? null : MARKER.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** mulberry32: small, fast, good enough to shuffle text deterministically. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Pool {
  titles: string[];
  paragraphs: string[];
}

let pool: Pool | undefined;

const SUBJECTS = [
  'The council',
  'The minister',
  'Local traders',
  'The rail operator',
  'Researchers',
  'The club',
];
const VERBS = ['announced', 'rejected', 'delayed', 'approved', 'criticised', 'welcomed'];
const OBJECTS = ['a new budget', 'the bridge repairs', 'higher fares', 'the stadium plan', 'a hiring freeze'];
const TAILS = ['on Tuesday', 'after a long debate', 'despite protests', 'for the second year running'];

/**
 * Made-up sentences for a checkout without the shared reference data next to it (a fresh clone):
 * less varied than real articles, but the same shape, so the harnesses still run.
 */
function syntheticPool(): Pool {
  const random = seededRandom(42);
  const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
  const sentence = () => `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(TAILS)}.`;
  const paragraphs = Array.from({ length: 300 }, () => Array.from({ length: 3 }, sentence).join(' '));
  const titles = Array.from({ length: 50 }, () => sentence().replace(/\.$/, ''));
  return { titles, paragraphs };
}

/** Titles and paragraphs of the shared BBC articles (title on line one, paragraphs after). */
function loadPool(): Pool {
  if (pool) return pool;
  const root = path.join(SHARED_DATA, 'news-dev', 'bbc', 'article');
  if (!existsSync(root)) {
    pool = syntheticPool();
    return pool;
  }
  const titles: string[] = [];
  const paragraphs: string[] = [];
  for (const topic of readdirSync(root).sort()) {
    for (const name of readdirSync(path.join(root, topic)).sort()) {
      const text = readFileSync(path.join(root, topic, name), 'utf8').replace(/\r\n/g, '\n');
      const [first, ...rest] = text.split('\n');
      if (first?.trim()) titles.push(first.trim());
      for (const p of rest.join('\n').split(/\n\s*\n|\n/))
        if (p.trim().length > 40) paragraphs.push(p.trim());
    }
  }
  if (titles.length === 0 || paragraphs.length === 0) throw new Error(`no articles under ${root}`);
  pool = { titles, paragraphs };
  return pool;
}

export interface GeneratedArticle {
  n: number;
  title: string;
  url: string;
  paragraphs: string[];
}

/** Article number `n` with a body of about `bytes` bytes (default 1.5 KB); same n and size, same text. */
export function generateArticle(n: number, bytes = 1500): GeneratedArticle {
  const { titles, paragraphs } = loadPool();
  const random = seededRandom(n * 7919 + bytes);
  const title = `${titles[Math.floor(random() * titles.length)]!} (${n})`;
  const body: string[] = [];
  let size = 0;
  while (size < bytes) {
    const p = paragraphs[Math.floor(random() * paragraphs.length)]!;
    body.push(p);
    size += Buffer.byteLength(p) + 2;
  }
  return { n, title, url: articleUrl(n), paragraphs: body };
}

/** The article as a Markdown file with front matter, as a newsroom would drop it in the inbox. */
export function articleMarkdown(a: GeneratedArticle, tags: string[] = ['News', 'Benchmarks']): string {
  return `---\nurl: ${a.url}\ntags: [${tags.join(', ')}]\n---\n# ${a.title}\n\n${a.paragraphs.join('\n\n')}\n`;
}

/** The article as the web hook's JSON body. */
export function articleWebhookJson(a: GeneratedArticle): string {
  return JSON.stringify({ title: a.title, body: a.paragraphs.join('\n\n'), url: a.url, tags: ['News'] });
}
