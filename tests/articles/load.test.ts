import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleError } from '../../src/articles/article.js';
import { collectArticleFiles, readArticleFile, readArticleText } from '../../src/articles/load.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SEED = path.resolve(here, '../../../shared/data/articles/000_5e6d6438e66fa35a.txt');
const FIX = path.resolve(here, '../fixtures/articles');
const fixture = (name: string): string => path.join(FIX, name);

/** Runs `fn` and returns the ArticleError it throws (failing the test if it does not). */
async function articleError(fn: () => Promise<unknown>): Promise<ArticleError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ArticleError);
    expect((err as Error).message).not.toContain('\n');
    return err as ArticleError;
  }
  throw new Error('expected an ArticleError');
}

describe('the seed article', () => {
  it('reads the title, keeps every paragraph and drops the promo footer', async () => {
    const a = await readArticleFile(SEED);
    expect(a.title).toBe('Seven Iraqi police killed in suspected IS attack');
    expect(a.paragraphs).toHaveLength(15);
    expect(a.paragraphs[0]).toMatch(/^Iraqi police and government sources told AFP/);
    expect(a.paragraphs.at(-1)).toMatch(/resulted in the deaths of 32 persons\.$/);
    const all = a.paragraphs.join('\n');
    expect(all).not.toMatch(/Get more/i);
    expect(all).not.toMatch(/Facebook, Twitter and Telegram/);
    // Curly quotes survive cleaning.
    expect(all).toContain('“a direct attack with small arms”');
    expect(a.source).toEqual({ kind: 'file', ref: SEED });
    expect(a.url).toBeUndefined();
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gets a template URL without changing its content id', async () => {
    const plain = await readArticleFile(SEED);
    const linked = await readArticleFile(SEED, {
      articleUrlTemplate: 'https://news.example.com/{yyyy}/{mm}/{slug}',
      now: new Date('2024-06-09T12:00:00Z'),
    });
    expect(linked.url).toBe('https://news.example.com/2024/06/seven-iraqi-police-killed-in-suspected-is-attack');
    expect(linked.urlFromTemplate).toBe(true);
    expect(linked.id).toBe(plain.id);
  });

  it('takes --url over everything and keys the article by it', async () => {
    const a = await readArticleFile(SEED, { urlOverride: 'https://www.example.org/iraq?utm_source=x' });
    expect(a.url).toBe('https://www.example.org/iraq?utm_source=x');
    expect(a.urlFromTemplate).toBeUndefined();
    const b = await readArticleFile(SEED);
    expect(a.id).not.toBe(b.id);
  });
});

describe('fixtures', () => {
  it('reads Markdown with front matter', async () => {
    const a = await readArticleFile(fixture('feature.md'));
    expect(a.title).toBe('Harbour bridge reopens after two-year repairs');
    expect(a.url).toBe('https://news.example.com/2024/bridge-reopens/?utm_source=feed&utm_medium=rss#top');
    expect(a.published).toBe('2024-03-05T07:30:00.000Z');
    expect(a.tags).toEqual(['Infrastructure', 'Transport', 'city']);
    expect(a.image).toBe('https://cdn.example.com/img/bridge.jpg');
    expect(a.lang).toBe('en-GB');
    expect(a.paragraphs).toEqual([
      'The harbour bridge reopened on Tuesday after a two-year repair programme, the city council said.',
      'What changed',
      'New steel cables on the north span',
      'A widened cycle lane',
      'Quieter road surface',
      '"It is like a new bridge," said engineer Maya Okafor.',
      'traffic_count = 40000',
      'Use Bridge Street or see https://example.com/map for detours. Tolls stay unchanged & free.',
    ]);
  });

  it('cleans HTML in a text file to text, dropping script and style', async () => {
    const a = await readArticleFile(fixture('html-body.txt'));
    expect(a.title).toBe('Council approves new budget');
    expect(a.paragraphs).toEqual([
      'The council approved the budget on Monday by nine votes to four.',
      'Spending on libraries rises by 4% — the first rise in a decade.',
    ]);
  });

  it('accepts a UTF-8 byte order mark and CRLF line ends', async () => {
    const a = await readArticleFile(fixture('bom.txt'));
    expect(a.title).toBe('BOM headline');
    expect(a.paragraphs).toEqual(['A paragraph written on Windows.']);
  });
});

describe('bad input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'crier-articles-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rejects an empty file', async () => {
    const e = await articleError(() => readArticleFile(fixture('empty.txt')));
    expect(e.message).toBe(`${fixture('empty.txt')}: is empty`);
    const blank = path.join(dir, 'blank.txt');
    await writeFile(blank, ' \n\n\t\n');
    expect((await articleError(() => readArticleFile(blank))).message).toBe(`${blank}: is empty`);
  });

  it('rejects a file with only a title', async () => {
    const e = await articleError(() => readArticleFile(fixture('title-only.txt')));
    expect(e.message).toBe(`${fixture('title-only.txt')}: has a title but no body text`);
  });

  it('rejects a file whose body is only promo lines', async () => {
    const f = path.join(dir, 'promo-only.txt');
    await writeFile(f, 'A headline\n\nFollow us on Twitter\nAdvertisement\n');
    expect((await articleError(() => readArticleFile(f))).message).toContain('has a title but no body text');
  });

  it('rejects binary data', async () => {
    const withNul = path.join(dir, 'image.txt');
    await writeFile(withNul, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    expect((await articleError(() => readArticleFile(withNul))).message).toBe(
      `${withNul}: looks like a binary file, not text`,
    );
    const controls = path.join(dir, 'controls.txt');
    await writeFile(controls, Buffer.from('Title\n\n' + '\x01\x02\x03\x04 ab'.repeat(50)));
    expect((await articleError(() => readArticleFile(controls))).message).toContain('looks like a binary file, not text');
  });

  it('rejects invalid UTF-8 and UTF-16', async () => {
    const latin1 = path.join(dir, 'latin1.txt');
    await writeFile(latin1, Buffer.from('Caf\xe9 opens\n\nIt serves cr\xeapes.\n', 'latin1'));
    expect((await articleError(() => readArticleFile(latin1))).message).toBe(
      `${latin1}: is not valid UTF-8: save it as UTF-8`,
    );
    const utf16 = path.join(dir, 'utf16.txt');
    await writeFile(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Title\n\nBody\n', 'utf16le')]));
    expect((await articleError(() => readArticleFile(utf16))).message).toContain('save it as UTF-8');
  });

  it('rejects a file over the size limit before reading it', async () => {
    const big = path.join(dir, 'big.txt');
    await writeFile(big, 'Big story\n\n' + 'word '.repeat(2 * 1024 * 1024));
    const e = await articleError(() => readArticleFile(big));
    expect(e.message).toBe(`${big}: is 10.0 MB, over the 2 MB limit`);
    const small = path.join(dir, 'small.txt');
    await writeFile(small, 'Small story\n\n' + 'x'.repeat(3000));
    expect((await articleError(() => readArticleFile(small, { maxBytes: 1024 }))).message).toBe(
      `${small}: is 2.9 KB, over the 1 KB limit`,
    );
  });

  it('rejects a javascript: URL in front matter, naming the field', async () => {
    const e = await articleError(() => readArticleFile(fixture('js-url.md')));
    expect(e.message).toBe(`${fixture('js-url.md')}: url uses "javascript:"; only http(s) URLs are accepted`);
  });

  it('rejects a missing file, a directory and an unknown extension', async () => {
    const missing = path.join(dir, 'nope.txt');
    expect((await articleError(() => readArticleFile(missing))).message).toBe(`${missing}: does not exist`);
    expect((await articleError(() => readArticleFile(path.join(dir, 'x.md')))).message).toContain('does not exist');
    const docx = path.join(dir, 'story.docx');
    await writeFile(docx, 'Title\n\nBody');
    expect((await articleError(() => readArticleFile(docx))).message).toContain('unsupported extension ".docx"');
  });
});

describe('collectArticleFiles', () => {
  it('expands a directory to its sorted .txt/.md files and reports missing paths', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crier-collect-'));
    try {
      await mkdir(path.join(dir, 'sub'));
      for (const name of ['b.md', 'a.txt', 'c.markdown', 'notes.json', '.hidden.txt', 'sub/deep.txt']) {
        await writeFile(path.join(dir, name), 'T\n\nB');
      }
      const missing = path.join(dir, 'missing.txt');
      const { files, errors } = await collectArticleFiles([dir, missing, path.join(dir, 'a.txt')]);
      expect(files).toEqual(['a.txt', 'b.md', 'c.markdown'].map((n) => path.join(dir, n)));
      expect(errors.map((e) => e.message)).toEqual([`${missing}: does not exist`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('readArticleText', () => {
  it('reads in-memory Markdown with a given source', () => {
    const a = readArticleText('# Hello *world*\n\nA body.', {
      ref: 'req-1',
      format: 'markdown',
      source: { kind: 'webhook', ref: 'req-1' },
    });
    expect(a.title).toBe('Hello world');
    expect(a.paragraphs).toEqual(['A body.']);
    expect(a.source.kind).toBe('webhook');
  });
});
