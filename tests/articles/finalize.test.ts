import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ArticleError, type ArticleDraft, type ArticleSource } from '../../src/articles/article.js';
import { articleKey, finalizeArticle } from '../../src/articles/finalize.js';

const file: ArticleSource = { kind: 'file', ref: 'story.md' };
const feed: ArticleSource = { kind: 'feed', ref: 'https://n.example/rss' };
const draft = (over: Partial<ArticleDraft> = {}): ArticleDraft => ({
  title: 'Storm hits the coast',
  paragraphs: ['Winds reached 120 km/h on Sunday.', 'Thousands lost power.'],
  ...over,
});

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ArticleError);
    return (err as Error).message;
  }
  throw new Error('expected an ArticleError');
}

describe('validation', () => {
  it('requires a title and a body', () => {
    expect(errorOf(() => finalizeArticle(draft({ title: '  ' }), file))).toMatch(/^story\.md: no title/);
    expect(errorOf(() => finalizeArticle(draft({ paragraphs: [] }), file))).toBe('story.md: has a title but no body text');
    expect(errorOf(() => finalizeArticle(draft({ paragraphs: ['Advertisement', '   '] }), file))).toBe(
      'story.md: has a title but no body text',
    );
  });

  it('accepts only http(s) for url and image, naming the field', () => {
    expect(errorOf(() => finalizeArticle(draft({ url: 'javascript:alert(1)' }), file))).toBe(
      'story.md: url uses "javascript:"; only http(s) URLs are accepted',
    );
    expect(errorOf(() => finalizeArticle(draft({ image: 'JavaScript:alert(1)' }), file))).toBe(
      'story.md: image uses "javascript:"; only http(s) URLs are accepted',
    );
    expect(errorOf(() => finalizeArticle(draft({ image: 'data:image/png;base64,AAAA' }), file))).toMatch(/image uses "data:"/);
    expect(errorOf(() => finalizeArticle(draft({ url: 'news.example/story' }), file))).toMatch(
      /url "news\.example\/story" is not an absolute URL/,
    );
    expect(errorOf(() => finalizeArticle(draft(), file, { urlOverride: 'ftp://x.example/a' }))).toMatch(/--url uses "ftp:"/);
  });

  it('rejects a URL carrying credentials without echoing them', () => {
    const message = errorOf(() => finalizeArticle(draft({ url: 'https://bob:hunter2@n.example/a' }), file));
    expect(message).toBe('story.md: url contains a user name or password; remove them from the URL');
    expect(message).not.toContain('hunter2');
  });

  it('rejects a title that is really a paragraph', () => {
    expect(errorOf(() => finalizeArticle(draft({ title: 'word '.repeat(70) }), file))).toMatch(
      /^story\.md: title is 349 characters \(over 300\): put a short title on its own first line/,
    );
    expect(finalizeArticle(draft({ title: 'x'.repeat(300) }), file).title).toHaveLength(300);
  });

  it('normalises published to ISO 8601 and rejects nonsense', () => {
    expect(finalizeArticle(draft({ published: '2024-01-05' }), file).published).toBe('2024-01-05T00:00:00.000Z');
    expect(finalizeArticle(draft({ published: 'Fri, 05 Jan 2024 09:30:00 +0100' }), file).published).toBe(
      '2024-01-05T08:30:00.000Z',
    );
    expect(errorOf(() => finalizeArticle(draft({ published: 'yesterday' }), file))).toMatch(
      /published "yesterday" is not a valid date; use ISO 8601/,
    );
    expect(errorOf(() => finalizeArticle(draft({ published: '1' }), file))).toMatch(/not a valid date/);
  });

  it('cleans tags and lang', () => {
    const a = finalizeArticle(draft({ tags: [' #Weather ', 'storm', '##STORM', '', 'coast  line'], lang: 'EN-us' }), file);
    expect(a.tags).toEqual(['Weather', 'storm', 'coast line']);
    expect(a.lang).toBe('en-US');
    expect(errorOf(() => finalizeArticle(draft({ lang: 'english language' }), file))).toMatch(/lang .* BCP 47/);
  });

  it('cleans the title like the body', () => {
    expect(finalizeArticle(draft({ title: ' <b>Storm</b>\u200B  hits &amp; stays ' }), file).title).toBe('Storm hits & stays');
  });
});

describe('URL and identity', () => {
  const sha16 = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);

  it('keys an article with its own URL by the canonical URL', () => {
    const a = finalizeArticle(draft({ url: 'https://News.example/storm/?utm_source=x#top' }), file);
    expect(a.url).toBe('https://News.example/storm/?utm_source=x#top');
    expect(articleKey(a)).toBe('https://news.example/storm');
    expect(a.id).toBe(sha16('https://news.example/storm'));
  });

  it('gives the same id for the same URL with tracking params or a fragment, from any source', () => {
    const urls = [
      'https://news.example/storm',
      'https://news.example/storm/',
      'https://news.example/storm?utm_source=twitter&utm_campaign=x',
      'https://NEWS.example:443/storm#comments',
      'https://news.example/storm?fbclid=123',
    ];
    const ids = new Set(urls.map((url, i) => finalizeArticle(draft({ url, title: `Title ${i}` }), i % 2 ? feed : file).id));
    expect(ids.size).toBe(1);
    expect(finalizeArticle(draft({ url: 'https://news.example/other' }), file).id).not.toBe([...ids][0]);
  });

  it('keys an article without a URL by its content', () => {
    const a = finalizeArticle(draft(), file);
    const hash = createHash('sha256')
      .update('Storm hits the coast\n\nWinds reached 120 km/h on Sunday.\n\nThousands lost power.')
      .digest('hex');
    expect(articleKey(a)).toBe(`hash:${hash}`);
    expect(a.id).toBe(hash.slice(0, 16));
    expect(finalizeArticle(draft(), feed).id).toBe(a.id);
    expect(finalizeArticle(draft({ paragraphs: ['Different body.'] }), file).id).not.toBe(a.id);
  });

  it('never keys by a template URL: same content, different dates, one key', () => {
    const tpl = { articleUrlTemplate: 'https://news.example/{yyyy}/{mm}/{dd}/{slug}' };
    const a = finalizeArticle(draft(), file, { ...tpl, now: new Date('2024-01-01T00:00:00Z') });
    const b = finalizeArticle(draft(), file, { ...tpl, now: new Date('2025-06-30T00:00:00Z') });
    expect(a.url).toBe('https://news.example/2024/01/01/storm-hits-the-coast');
    expect(b.url).toBe('https://news.example/2025/06/30/storm-hits-the-coast');
    expect(a.urlFromTemplate).toBe(true);
    expect(a.id).toBe(b.id);
    expect(articleKey(a)).toBe(articleKey(b));
    expect(articleKey(a)).toMatch(/^hash:[0-9a-f]{64}$/);
    expect(a.id).toBe(finalizeArticle(draft(), file).id);
  });

  it('takes the date for the template from published, and {id} from the content', () => {
    const a = finalizeArticle(draft({ published: '2023-12-31T23:59:00Z' }), file, {
      articleUrlTemplate: 'https://news.example/{yyyy}/{id}',
      now: new Date('2024-05-05T00:00:00Z'),
    });
    expect(a.url).toBe(`https://news.example/2023/${a.id}`);
  });

  it('prefers --url, then the article URL, then the template', () => {
    const tpl = { articleUrlTemplate: 'https://news.example/{slug}' };
    expect(finalizeArticle(draft({ url: 'https://own.example/a' }), file, tpl).url).toBe('https://own.example/a');
    const o = finalizeArticle(draft({ url: 'https://own.example/a' }), file, { ...tpl, urlOverride: 'https://cli.example/b' });
    expect(o.url).toBe('https://cli.example/b');
    expect(o.urlFromTemplate).toBeUndefined();
    expect(articleKey(o)).toBe('https://cli.example/b');
  });

  it('rejects a template that does not make an http(s) URL', () => {
    expect(errorOf(() => finalizeArticle(draft(), file, { articleUrlTemplate: '/news/{slug}' }))).toMatch(
      /site\.articleUrl "\/news\/storm-hits-the-coast" is not an absolute URL/,
    );
  });
});
