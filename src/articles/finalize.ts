import { createHash } from 'node:crypto';
import { ArticleError, type Article, type ArticleDraft, type ArticleSource } from './article.js';
import { canonicalUrl, isHttpUrl } from './canonical-url.js';
import { cleanLine, cleanParagraphs } from './clean.js';
import { expandUrlTemplate, slugify } from './slug.js';

export interface FinalizeOptions {
  /**
   * `site.articleUrl`: the link for articles that carry no URL, e.g.
   * `https://news.example.com/{yyyy}/{slug}`. Default: none (such articles have no URL).
   */
  articleUrlTemplate?: string;
  /** A URL given on the command line (`--url`); wins over the article's own. Default: none. */
  urlOverride?: string;
  /** The clock for {yyyy}/{mm}/{dd} when the article has no date. Default: `new Date()`. */
  now?: Date;
}

/** Longest title accepted: a longer "title" is almost always a first paragraph with no title line. */
export const MAX_TITLE_LENGTH = 300;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function contentHash(title: string, paragraphs: readonly string[]): string {
  return sha256(`${title}\n\n${paragraphs.join('\n\n')}`);
}

/**
 * The store's dedupe key: the canonical URL when the article has its own URL, else
 * `hash:<sha256 of title and body>` (a template-made URL is not an identity). The same article
 * from two sources gets one key.
 */
export function articleKey(article: Pick<Article, 'title' | 'paragraphs' | 'url' | 'urlFromTemplate'>): string {
  if (article.url && !article.urlFromTemplate) return canonicalUrl(article.url);
  return `hash:${contentHash(article.title, article.paragraphs)}`;
}

/** Article id: the first 16 hex digits of the sha256 of the key (canonical URL, or content). */
export function articleIdFor(key: string): string {
  return key.startsWith('hash:') ? key.slice(5, 21) : sha256(key).slice(0, 16);
}

/** Quote a user value in an error, shortened so a huge or hostile value stays one readable line. */
function quote(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ');
  return JSON.stringify(oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine);
}

/** Validates an http(s) URL field; returns it trimmed, or throws an ArticleError naming the field. */
export function checkHttpUrl(value: string, field: string, ref: string): string {
  const url = value.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https') {
    throw new ArticleError(ref, `${field} uses "${scheme}:"; only http(s) URLs are accepted`);
  }
  if (!isHttpUrl(url)) {
    throw new ArticleError(ref, `${field} ${quote(url)} is not an absolute URL; only http(s) URLs are accepted`);
  }
  const parsed = new URL(url);
  if (parsed.username || parsed.password) {
    // The URL is posted publicly: never let credentials ride along (and never echo them).
    throw new ArticleError(ref, `${field} contains a user name or password; remove them from the URL`);
  }
  return url;
}

/** Parses a date string to ISO 8601 (UTC), or throws an ArticleError. */
export function normalizePublished(value: string, ref: string): string {
  const text = value.trim();
  // Date.parse accepts odd strings such as "1" (year 2001): insist on a four-digit year.
  const ms = /\b\d{4}\b|^\d{4}-/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new ArticleError(ref, `published ${quote(text)} is not a valid date; use ISO 8601 like 2024-01-05T09:30:00Z`);
  }
  return new Date(ms).toISOString();
}

/** Tags trimmed, leading '#' removed, inner whitespace collapsed, empty and repeated (any case) dropped. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = cleanLine(String(raw)).replace(/^#+\s*/, '');
    const key = tag.toLowerCase();
    if (tag === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

function normalizeLang(value: string, ref: string): string {
  try {
    const [tag] = Intl.getCanonicalLocales(value.trim());
    if (tag) return tag;
  } catch {
    // Fall through to the error below.
  }
  throw new ArticleError(ref, `lang ${quote(value)} is not a BCP 47 language tag; use one like en or pt-BR`);
}

/**
 * Turns a reader's draft into an Article: cleans title and body, validates every field, assigns
 * the URL (override, then the article's own, then the site template) and the id. Every reader
 * (file, feed, URL, webhook) ends here, so all articles are cleaned and keyed the same way.
 * Throws ArticleError (one line, naming `source.ref`) for input that cannot be an article.
 */
export function finalizeArticle(draft: ArticleDraft, source: ArticleSource, opts: FinalizeOptions = {}): Article {
  const ref = source.ref;
  const title = cleanLine(draft.title ?? '');
  if (title === '') throw new ArticleError(ref, 'no title: put the title on the first line (or `title:` in front matter)');
  if (title.length > MAX_TITLE_LENGTH) {
    throw new ArticleError(
      ref,
      `title is ${title.length} characters (over ${MAX_TITLE_LENGTH}): put a short title on its own first line, then a blank line`,
    );
  }
  const paragraphs = cleanParagraphs(draft.paragraphs ?? []);
  if (paragraphs.length === 0) throw new ArticleError(ref, 'has a title but no body text');

  const published = draft.published?.trim() ? normalizePublished(draft.published, ref) : undefined;
  const image = draft.image?.trim() ? checkHttpUrl(draft.image, 'image', ref) : undefined;
  const lang = draft.lang?.trim() ? normalizeLang(draft.lang, ref) : undefined;
  const tags = normalizeTags(draft.tags ?? []);

  let url: string | undefined;
  if (opts.urlOverride !== undefined) url = checkHttpUrl(opts.urlOverride, '--url', ref);
  else if (draft.url?.trim()) url = checkHttpUrl(draft.url, 'url', ref);

  const key = articleKey({ title, paragraphs, ...(url ? { url } : {}) });
  const id = articleIdFor(key);

  let urlFromTemplate = false;
  if (!url && opts.articleUrlTemplate) {
    const made = expandUrlTemplate(
      opts.articleUrlTemplate,
      { slug: slugify(title), id, date: published ? new Date(published) : (opts.now ?? new Date()) },
      ref,
    );
    url = checkHttpUrl(made, 'site.articleUrl', ref);
    urlFromTemplate = true;
  }

  return {
    id,
    title,
    paragraphs,
    ...(url ? { url } : {}),
    ...(urlFromTemplate ? { urlFromTemplate } : {}),
    ...(published ? { published } : {}),
    tags,
    ...(image ? { image } : {}),
    ...(lang ? { lang } : {}),
    source,
  };
}
