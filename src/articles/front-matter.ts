import { parse } from 'yaml';
import { ArticleError } from './article.js';

/** The article fields front matter may set. */
export interface FrontMatter {
  title?: string;
  url?: string;
  published?: string;
  tags?: string[];
  image?: string;
  lang?: string;
}

export interface SplitFrontMatter {
  frontMatter: FrontMatter;
  /** The text after the closing `---` (the whole text when there is no front matter). */
  body: string;
}

/** Other names tools such as Jekyll and Hugo use for the same fields. */
const ALIASES: Record<string, keyof FrontMatter> = {
  title: 'title',
  url: 'url',
  link: 'url',
  canonical_url: 'url',
  published: 'published',
  date: 'published',
  tags: 'tags',
  image: 'image',
  lang: 'lang',
  language: 'lang',
};

function scalar(value: unknown, key: string, ref: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  throw new ArticleError(ref, `front matter \`${key}\` must be a single value, not a list or a mapping`);
}

function tagList(value: unknown, key: string, ref: string): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.split(',').map((t) => t.trim());
  if (Array.isArray(value) && value.every((v) => ['string', 'number'].includes(typeof v))) {
    return value.map(String);
  }
  throw new ArticleError(ref, `front matter \`${key}\` must be a list of words or a comma-separated string`);
}

/**
 * Splits an optional YAML front matter block (`---` on the first line, closed by `---` or `...`)
 * from the text and reads the article fields from it. Unknown keys are ignored; a block that is
 * not valid YAML, not a mapping, or never closed is an ArticleError naming `ref`.
 */
export function splitFrontMatter(text: string, ref: string): SplitFrontMatter {
  const src = text.replace(/^\uFEFF/, '');
  if (!/^---[^\S\n]*\r?\n/.test(src)) return { frontMatter: {}, body: src };
  const lines = src.split(/\r?\n/);
  const end = lines.findIndex((l, i) => i > 0 && /^(?:---|\.\.\.)\s*$/.test(l));
  if (end < 0) throw new ArticleError(ref, 'front matter opened with --- on line 1 is never closed: add a --- line after it');

  let data: unknown;
  try {
    data = parse(lines.slice(1, end).join('\n'));
  } catch (err) {
    const first = ((err as Error).message.split('\n')[0] ?? '').trim();
    throw new ArticleError(ref, `front matter is not valid YAML (${first})`);
  }
  const body = lines.slice(end + 1).join('\n');
  if (data === null || data === undefined) return { frontMatter: {}, body };
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ArticleError(ref, 'front matter must be a YAML mapping such as `title: ...`');
  }

  const fm: FrontMatter = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const field = ALIASES[key.toLowerCase()];
    // The first spelling wins, so `url` and `link` together do not silently swap.
    if (!field || fm[field] !== undefined) continue;
    if (field === 'tags') {
      const tags = tagList(value, key, ref);
      if (tags) fm.tags = tags;
    } else {
      const v = scalar(value, key, ref);
      if (v !== undefined) fm[field] = v;
    }
  }
  return { frontMatter: fm, body };
}
