import type { HTMLElement } from 'node-html-parser';
import { ArticleError, type Article, type ArticleDraft } from '../articles/article.js';
import { finalizeArticle } from '../articles/finalize.js';
import { BodyTooLarge, decodeText, discard, readCapped } from './fetch-body.js';
import { htmlToParagraphs, htmlToText, httpUrl, languageTag, parseHtml } from './html-text.js';

export interface UrlReaderOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Refuse pages larger than this. Default: 5 MB. */
  maxBytes?: number;
  /** Abort the fetch after this long. Default: 20 s. */
  timeoutMs?: number;
  /** Passed to finalizeArticle. */
  articleUrlTemplate?: string;
  /** Passed to finalizeArticle. */
  now?: Date;
}

function meta(root: HTMLElement, ...names: string[]): string | undefined {
  for (const name of names) {
    const el =
      root.querySelector(`meta[property="${name}"]`) ??
      root.querySelector(`meta[name="${name}"]`) ??
      undefined;
    const content = el?.getAttribute('content')?.trim();
    if (content) return content;
  }
  return undefined;
}

function metaAll(root: HTMLElement, name: string): string[] {
  return root
    .querySelectorAll(`meta[property="${name}"]`)
    .map((el) => el.getAttribute('content')?.trim() ?? '')
    .filter((t) => t.length > 0);
}

/**
 * Body paragraphs: `<p>` inside the `<article>` (or `<main>`) with the most of them, else every `<p>`;
 * never those in an aside, nav, footer, form or figure.
 */
function bodyParagraphs(root: HTMLElement): string[] {
  const containers = [...root.querySelectorAll('article'), ...root.querySelectorAll('main')];
  let best: HTMLElement | undefined;
  let bestCount = 0;
  for (const c of containers) {
    const n = c.querySelectorAll('p').length;
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  // Asides, navigation and footers hold "related" links and credits, not the story.
  const ps = (best ?? root)
    .querySelectorAll('p')
    .filter((p) => !p.closest('aside, nav, footer, form, figure'));
  return ps.flatMap((p) => htmlToParagraphs(p.innerHTML));
}

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Extracts an ArticleDraft from an HTML page fetched from `pageUrl` (pure; exported for tests). */
export function extractArticle(html: string, pageUrl: string): ArticleDraft {
  const root = parseHtml(html);
  const title =
    htmlToText(meta(root, 'og:title', 'twitter:title') ?? '') ||
    htmlToText(root.querySelector('title')?.innerHTML ?? '');
  const h1 = htmlToText(root.querySelector('h1')?.innerHTML ?? '');
  const canonical =
    httpUrl(root.querySelector('link[rel="canonical"]')?.getAttribute('href'), pageUrl) ??
    httpUrl(meta(root, 'og:url'), pageUrl) ??
    httpUrl(pageUrl);
  const image = httpUrl(meta(root, 'og:image', 'og:image:url', 'twitter:image'), pageUrl);
  const published = isoDate(
    meta(root, 'article:published_time', 'datePublished', 'pubdate', 'date') ??
      root.querySelector('time[datetime]')?.getAttribute('datetime'),
  );
  const lang =
    languageTag(root.querySelector('html')?.getAttribute('lang')) ?? languageTag(meta(root, 'og:locale'));
  const tags = [...new Set(metaAll(root, 'article:tag'))];
  return {
    title: title || h1,
    paragraphs: bodyParagraphs(root),
    tags,
    ...(canonical ? { url: canonical } : {}),
    ...(image ? { image } : {}),
    ...(published ? { published } : {}),
    ...(lang ? { lang } : {}),
  };
}

/**
 * Fetches a web page and reads it as an article (for `crier post <url>`): title from og:title,
 * `<title>` or `<h1>`; paragraphs from the article body; og:image; canonical URL; publish date; lang.
 * Throws ArticleError naming the URL on anything it cannot use.
 */
export async function readArticleUrl(url: string, opts: UrlReaderOptions = {}): Promise<Article> {
  const target = httpUrl(url);
  if (!target) throw new ArticleError(url, 'only http(s) URLs can be read, e.g. https://example.com/news/1');
  const doFetch = opts.fetch ?? globalThis.fetch;
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  let response: Response;
  let bytes: Uint8Array;
  try {
    response = await doFetch(target, {
      headers: {
        accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
        'user-agent': 'crier (article reader)',
      },
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      discard(response);
      throw new ArticleError(
        url,
        `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
      );
    }
    const type = response.headers.get('content-type') ?? '';
    if (type && !/html|xml/i.test(type)) {
      discard(response);
      throw new ArticleError(url, `not a web page (Content-Type ${type.split(';')[0]})`);
    }
    bytes = await readCapped(response, maxBytes);
  } catch (err) {
    if (err instanceof ArticleError) throw err;
    if (err instanceof BodyTooLarge) throw new ArticleError(url, `page is larger than ${maxBytes} bytes`);
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError') throw new ArticleError(url, `no response within ${timeoutMs} ms`);
    throw new ArticleError(url, `cannot fetch: ${e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}`);
  }
  // After redirects, relative links are relative to where the page really is.
  const pageUrl = httpUrl(response.url) ?? target;
  const draft = extractArticle(decodeText(bytes, response.headers.get('content-type')), pageUrl);
  if (!draft.title) throw new ArticleError(url, 'no title found (no og:title, <title> or <h1>)');
  if (draft.paragraphs.length === 0) throw new ArticleError(url, 'no article text found (no <p> paragraphs)');
  return finalizeArticle(
    draft,
    { kind: 'url', ref: url },
    {
      ...(opts.articleUrlTemplate ? { articleUrlTemplate: opts.articleUrlTemplate } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    },
  );
}
