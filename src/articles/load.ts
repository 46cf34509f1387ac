import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ArticleError, type Article, type ArticleSource } from './article.js';
import { finalizeArticle, type FinalizeOptions } from './finalize.js';
import { markdownReader } from './markdown.js';
import { textReader, type FileFormat, type TextArticleReader } from './reader.js';

/** Default largest article file: 2 MB. */
export const DEFAULT_MAX_ARTICLE_BYTES = 2 * 1024 * 1024;

/** File extensions crier reads, and the format each means. */
export const ARTICLE_EXTENSIONS: Readonly<Record<string, FileFormat>> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
};

const READERS: Record<FileFormat, TextArticleReader> = { text: textReader, markdown: markdownReader };

export interface ReadArticleOptions extends FinalizeOptions {
  /** Largest file accepted, in bytes; checked before reading. Default 2 MB. */
  maxBytes?: number;
  /** Read as this format whatever the extension. Default: from the extension. */
  format?: FileFormat;
}

export interface ReadArticleTextOptions extends FinalizeOptions {
  /** Names the input in errors and becomes `source.ref`. */
  ref: string;
  format: FileFormat;
  /** Where the text came from. Default `{ kind: 'file', ref }`. */
  source?: ArticleSource;
}

/** The reader for a format. */
export function readerFor(format: FileFormat): TextArticleReader {
  return READERS[format];
}

/** The format for a file name, or undefined when the extension is not an article one. */
export function formatForPath(file: string): FileFormat | undefined {
  return ARTICLE_EXTENSIONS[path.extname(file).toLowerCase()];
}

/** A byte count in the unit people expect: "10.0 MB", "512.0 KB", "12 bytes". */
export function formatBytes(bytes: number, fixed = true): string {
  const unit = bytes >= 1024 * 1024 ? ['MB', 1024 * 1024] : bytes >= 1024 ? ['KB', 1024] : undefined;
  if (!unit) return `${bytes} bytes`;
  const value = bytes / (unit[1] as number);
  const text = fixed || !Number.isInteger(value) ? value.toFixed(1) : String(value);
  return `${text} ${unit[0] as string}`;
}

/** Parses in-memory text (already decoded) as an article of the given format. */
export function readArticleText(text: string, opts: ReadArticleTextOptions): Article {
  const { ref, format, source, ...finalizeOpts } = opts;
  if (text.replace(/^\uFEFF/, '').trim() === '') throw new ArticleError(ref, 'is empty');
  const draft = readerFor(format).read(text, ref);
  return finalizeArticle(draft, source ?? { kind: 'file', ref }, finalizeOpts);
}

/** Share of control bytes (other than tab, newline, CR, form feed) above which a file is binary. */
const BINARY_CONTROL_SHARE = 0.1;

/**
 * Decodes file bytes as UTF-8 text, refusing binary data and other encodings with a one-line
 * ArticleError naming `ref`. A UTF-8 byte order mark is fine (it is dropped).
 */
export function decodeArticleBytes(bytes: Uint8Array, ref: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ArticleError(ref, 'is UTF-16 text: save it as UTF-8');
  }
  const sample = bytes.subarray(0, 64 * 1024);
  let controls = 0;
  for (const b of sample) {
    if (b === 0) throw new ArticleError(ref, 'looks like a binary file, not text');
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) controls++;
  }
  if (sample.length > 0 && controls / sample.length > BINARY_CONTROL_SHARE) {
    throw new ArticleError(ref, 'looks like a binary file, not text');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ArticleError(ref, 'is not valid UTF-8: save it as UTF-8');
  }
}

function fsProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  return `cannot be read (${code ?? (err as Error).message})`;
}

/**
 * Reads one article file: the format from the extension (.txt, .md, .markdown), the size checked
 * before reading, the bytes checked for binary data and UTF-8, then parsed and finalized.
 * Throws a one-line ArticleError naming the file for any problem.
 */
export async function readArticleFile(file: string, opts: ReadArticleOptions = {}): Promise<Article> {
  const { maxBytes = DEFAULT_MAX_ARTICLE_BYTES, format: forced, ...finalizeOpts } = opts;
  const format = forced ?? formatForPath(file);
  if (!format) {
    throw new ArticleError(
      file,
      `has an unsupported extension "${path.extname(file) || '(none)'}"; use ${Object.keys(ARTICLE_EXTENSIONS).join(', ')}`,
    );
  }
  let size: number;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new ArticleError(file, 'is a directory, not an article file');
    size = info.size;
  } catch (err) {
    if (err instanceof ArticleError) throw err;
    throw new ArticleError(file, fsProblem(err));
  }
  if (size > maxBytes) {
    const limit = formatBytes(maxBytes, false);
    // "is 2.0 MB, over the 2 MB limit" reads as a contradiction: show bytes when rounding hides the excess.
    const shown = parseFloat(formatBytes(size)) === parseFloat(limit) ? `${size} bytes` : formatBytes(size);
    throw new ArticleError(file, `is ${shown}, over the ${limit} limit`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new ArticleError(file, fsProblem(err));
  }
  if (bytes.length === 0) throw new ArticleError(file, 'is empty');
  const text = decodeArticleBytes(bytes, file);
  return readArticleText(text, { ...finalizeOpts, ref: file, format });
}

/**
 * Expands paths into article files: a directory means every .txt/.md/.markdown file directly in
 * it (sorted, hidden files skipped, not recursive); a file is taken as given. A missing or
 * unreadable path becomes an error entry instead of stopping the rest.
 */
export async function collectArticleFiles(paths: string[]): Promise<{ files: string[]; errors: ArticleError[] }> {
  const files: string[] = [];
  const errors: ArticleError[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    const key = path.resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const p of paths) {
    try {
      const info = await stat(p);
      if (!info.isDirectory()) {
        add(p);
        continue;
      }
      const entries = await readdir(p, { withFileTypes: true });
      const names = entries
        .filter((e) => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith('.') && formatForPath(e.name))
        .map((e) => e.name)
        .sort();
      for (const name of names) add(path.join(p, name));
    } catch (err) {
      errors.push(new ArticleError(p, fsProblem(err)));
    }
  }
  return { files, errors };
}
