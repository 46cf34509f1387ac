/** Where an article came from: used in logs, errors and the store. */
export interface ArticleSource {
  kind: 'file' | 'feed' | 'webhook' | 'url';
  /** File path, feed URL, or a webhook request id. */
  ref: string;
}

/** A cleaned article, ready to compose. Readers produce it; nothing downstream re-cleans it. */
export interface Article {
  /** Stable id: a hash of the canonical URL, or of the title and body when there is no URL. */
  id: string;
  title: string;
  /** Body paragraphs as plain text (cleaned: no promo lines, NFC, no control characters). */
  paragraphs: string[];
  /** Absolute http(s) URL of the article, when known. */
  url?: string;
  /**
   * True when `url` was made from the `site.articleUrl` template rather than given by the
   * article: such a URL is a link, not an identity (the id then comes from the content).
   */
  urlFromTemplate?: boolean;
  /** ISO 8601 timestamp. */
  published?: string;
  tags: string[];
  /** Absolute http(s) URL of a lead image. */
  image?: string;
  /** BCP 47 language tag, e.g. "en". */
  lang?: string;
  source: ArticleSource;
}

/** What a reader extracts before cleaning and id assignment. */
export interface ArticleDraft {
  title: string;
  /** Raw body paragraphs (plain text; Markdown already stripped). */
  paragraphs: string[];
  url?: string;
  published?: string;
  tags?: string[];
  image?: string;
  lang?: string;
}

/** Thrown for any input that cannot become an article. The message is one line naming the problem. */
export class ArticleError extends Error {
  override name = 'ArticleError';
  constructor(
    /** The file, feed URL or request the problem is in. */
    readonly ref: string,
    message: string,
  ) {
    super(`${ref}: ${message}`);
  }
}
