import { createHash } from 'node:crypto';
import { parseFeed } from '@rowanmanning/feed-parser';
import { ArticleError, type Article, type ArticleDraft } from '../articles/article.js';
import { finalizeArticle } from '../articles/finalize.js';
import { decodeText, gunzipIfNeeded } from './fetch-body.js';
import { htmlToParagraphs, htmlToText, httpUrl, languageTag } from './html-text.js';

type ParsedLibFeed = ReturnType<typeof parseFeed>;
/** One item as the feed parser (`@rowanmanning/feed-parser`) exposes it; fields are computed lazily. */
export type FeedItem = ParsedLibFeed['items'][number];

export interface FeedEntry {
  /** The item's identity for "seen": guid, else link, else a hash of title and date. */
  key: string;
  /** Epoch ms of the item's publish (or update) date, when it has a valid one. */
  date?: number;
  item: FeedItem;
}

export interface ParsedFeed {
  feedUrl: string;
  title?: string;
  /** The feed's language (RSS `<language>`, Atom `xml:lang`). */
  lang?: string;
  /** Newest first (by date when every item has one, else in document order, as feeds list them). */
  entries: FeedEntry[];
}

export interface FeedArticleOptions {
  /** Passed to finalizeArticle for items without a usable URL. */
  articleUrlTemplate?: string;
  now?: Date;
}

/** Decompressed feeds above this are refused (default for `readFeedBytes`). */
export const MAX_FEED_BYTES = 10 * 1024 * 1024;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function itemDate(item: FeedItem): Date | undefined {
  const d = item.published ?? item.updated;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

/**
 * The article URL of an item: its link resolved against the feed URL; a link that is not http(s)
 * (Atom `tag:` URIs) falls back to an http(s) guid, else none (the article is keyed by content).
 */
export function itemUrl(item: FeedItem, feedUrl: string): string | undefined {
  return httpUrl(item.url, feedUrl) ?? httpUrl(item.id);
}

function itemKey(item: FeedItem, feedUrl: string): string {
  const guid = item.id?.trim();
  if (guid) return guid;
  const link = httpUrl(item.url, feedUrl) ?? item.url?.trim();
  if (link) return link;
  const title = item.title ?? '';
  const date = itemDate(item)?.toISOString() ?? '';
  // Items with neither title nor date would all collide; their text tells them apart.
  const extra = title || date ? '' : `\n${item.description ?? item.content ?? ''}`;
  return `hash:${sha256(`${title}\n${date}${extra}`)}`;
}

/**
 * Parses feed text (RSS 0.9x/1.0/2.0 or Atom). Throws ArticleError naming the feed when the text
 * is not a feed at all (an HTML page, a redirect notice).
 */
export function parseFeedText(xml: string, feedUrl: string): ParsedFeed {
  let feed: ParsedLibFeed;
  try {
    feed = parseFeed(xml);
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'INVALID_FEED') throw new ArticleError(feedUrl, 'not an RSS or Atom feed');
    throw new ArticleError(feedUrl, `cannot parse the feed: ${e.message.split('\n')[0]}`);
  }
  const entries: FeedEntry[] = feed.items.map((item) => {
    const date = itemDate(item)?.getTime();
    return { key: itemKey(item, feedUrl), item, ...(date !== undefined ? { date } : {}) };
  });
  if (entries.length > 0 && entries.every((e) => e.date !== undefined)) {
    entries.sort((a, b) => b.date! - a.date!);
  }
  const lang = languageTag(feed.language);
  return {
    feedUrl,
    ...(feed.title ? { title: htmlToText(feed.title) } : {}),
    ...(lang ? { lang } : {}),
    entries,
  };
}

/** Feed bytes as fetched (maybe gzip, any declared charset) to a parsed feed. */
export function readFeedBytes(
  bytes: Uint8Array,
  opts: { feedUrl: string; contentType?: string | null; maxBytes?: number },
): ParsedFeed {
  let plain: Uint8Array;
  try {
    plain = gunzipIfNeeded(bytes, opts.maxBytes ?? MAX_FEED_BYTES);
  } catch (err) {
    throw new ArticleError(opts.feedUrl, (err as Error).message);
  }
  return parseFeedText(decodeText(plain, opts.contentType), opts.feedUrl);
}

const IMAGE_PATH = /\.(jpe?g|png|gif|webp|avif)$/i;

/** The widest image among `media:content` elements (feeds such as the Guardian list several sizes, untyped). */
function widestMediaContent(item: FeedItem): string | undefined {
  let best: { url: string; width: number } | undefined;
  for (const el of item.element.findElementsWithName('content')) {
    const url = el.getAttributeAsUrl('url');
    if (!url) continue;
    const medium = el.getAttribute('medium');
    const type = el.getAttribute('type');
    const isImage =
      medium === 'image' ||
      type?.startsWith('image/') ||
      (!medium && !type && IMAGE_PATH.test(new URL(url, 'http://x').pathname));
    if (!isImage) continue;
    const width = el.getAttributeAsNumber('width') ?? 0;
    if (!best || width > best.width) best = { url, width };
  }
  return best?.url;
}

function itemImage(item: FeedItem, feedUrl: string): string | undefined {
  const candidates = [
    widestMediaContent(item),
    ...item.mediaImages.map((m) => m.url),
    ...item.media.map((m) => m.image),
    item.image?.url,
  ];
  for (const c of candidates) {
    const url = httpUrl(c, feedUrl);
    if (url) return url;
  }
  return undefined;
}

/**
 * A feed item as an ArticleDraft: HTML body to paragraphs, categories to tags, first image.
 * An item with a headline but no text (link posts, video feeds) gets its title as its one paragraph,
 * so it is posted as headline and link rather than dropped.
 */
export function entryToDraft(entry: FeedEntry, feed: Pick<ParsedFeed, 'feedUrl' | 'lang'>): ArticleDraft {
  const { item } = entry;
  const title = htmlToText(item.title ?? '');
  const fromContent = item.content ? htmlToParagraphs(item.content) : [];
  let paragraphs = fromContent.length > 0 ? fromContent : htmlToParagraphs(item.description ?? '');
  if (paragraphs.length === 0 && title) paragraphs = [title];
  const tags = [
    ...new Set(item.categories.map((c) => (c.label ?? c.term ?? '').trim()).filter((t) => t.length > 0)),
  ];
  const url = itemUrl(item, feed.feedUrl);
  const image = itemImage(item, feed.feedUrl);
  const date = entry.date !== undefined ? new Date(entry.date).toISOString() : undefined;
  return {
    title,
    paragraphs,
    tags,
    ...(url ? { url } : {}),
    ...(date ? { published: date } : {}),
    ...(image ? { image } : {}),
    ...(feed.lang ? { lang: feed.lang } : {}),
  };
}

/** A feed item as a finished Article (source `feed:<feed URL>`); throws ArticleError if it cannot be one. */
export function entryToArticle(
  entry: FeedEntry,
  feed: Pick<ParsedFeed, 'feedUrl' | 'lang'>,
  opts: FeedArticleOptions = {},
): Article {
  return finalizeArticle(entryToDraft(entry, feed), { kind: 'feed', ref: feed.feedUrl }, opts);
}
