import type { ArticleDraft } from './article.js';
import { splitFrontMatter, type FrontMatter } from './front-matter.js';
import { removeHtmlBlocks } from './html.js';

/**
 * Something that turns one kind of input into an ArticleDraft. File readers take text; feed,
 * URL and webhook readers take their own input. Every reader hands its draft to
 * `finalizeArticle`, which cleans, validates and assigns the URL and id, so a reader only
 * extracts. Throw ArticleError(ref, ...) for input that cannot be an article.
 */
export interface ArticleReader<Input = string> {
  /** Short name used in options and errors, e.g. "text", "markdown", "rss". */
  readonly format: string;
  read(input: Input, ref: string): ArticleDraft | Promise<ArticleDraft>;
}

/** A reader of in-memory text: synchronous. */
export interface TextArticleReader extends ArticleReader<string> {
  readonly format: FileFormat;
  read(text: string, ref: string): ArticleDraft;
}

/** The text formats crier reads from files. */
export type FileFormat = 'text' | 'markdown';

/** Body text split into blocks (paragraphs) on blank lines, each block's lines kept. */
export function splitBlocks(body: string): string[][] {
  return body
    .split(/\n[^\S\n]*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0);
}

/** Newlines unified so the readers only deal with \n. */
export function unifyNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** A draft from a title, body blocks and front matter; front matter fields win. */
export function draftFrom(title: string, paragraphs: string[], fm: FrontMatter): ArticleDraft {
  return {
    title: fm.title ?? title,
    paragraphs,
    ...(fm.url !== undefined ? { url: fm.url } : {}),
    ...(fm.published !== undefined ? { published: fm.published } : {}),
    ...(fm.tags !== undefined ? { tags: fm.tags } : {}),
    ...(fm.image !== undefined ? { image: fm.image } : {}),
    ...(fm.lang !== undefined ? { lang: fm.lang } : {}),
  };
}

/**
 * Plain text: optional front matter, then the title on the first non-empty line and paragraphs
 * split by blank lines. With a front-matter title, a first line standing alone is taken as the
 * title line it overrides; a first line that runs straight into more text is body.
 */
export const textReader: TextArticleReader = {
  format: 'text',
  read(text: string, ref: string): ArticleDraft {
    const { frontMatter, body } = splitFrontMatter(unifyNewlines(text), ref);
    const blocks = splitBlocks(removeHtmlBlocks(body));
    const first = blocks[0] ?? [];
    let title = '';
    if (frontMatter.title === undefined || first.length === 1) {
      title = first.shift() ?? '';
      if (first.length === 0) blocks.shift();
    }
    return draftFrom(
      title,
      blocks.map((lines) => lines.join('\n')),
      frontMatter,
    );
  },
};
