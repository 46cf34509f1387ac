import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArticleError } from '../../src/articles/article.js';
import { extractArticle, readArticleUrl } from '../../src/sources/url-reader.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const PAGE = `<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Harbour reopens | The Example Times</title>
  <meta property="og:title" content="Harbour reopens after the storm">
  <meta property="og:image" content="/img/harbour.jpg">
  <meta property="article:published_time" content="2026-06-01T09:30:00+02:00">
  <meta property="article:tag" content="storm">
  <meta property="article:tag" content="harbour">
  <link rel="canonical" href="https://news.example/2026/harbour?ref=home">
  <script>var p = "<p>not text</p>";</script>
</head>
<body>
  <nav><p>Home | World | Sport</p></nav>
  <article>
    <h1>Harbour reopens</h1>
    <p>The harbour reopened on <b>Monday</b> &amp; ships queued overnight.</p>
    <p>Officials said repairs took <a href="/x">three days</a>.</p>
    <aside><p>Related: another story</p></aside>
  </article>
  <footer><p>© The Example Times</p></footer>
</body>
</html>`;

describe('extractArticle', () => {
  it('takes og:title, article paragraphs (not the aside), og:image, canonical link, date, tags and lang', () => {
    const draft = extractArticle(PAGE, 'https://news.example/harbour-page');
    expect(draft).toEqual({
      title: 'Harbour reopens after the storm',
      paragraphs: [
        'The harbour reopened on Monday & ships queued overnight.',
        'Officials said repairs took three days.',
      ],
      url: 'https://news.example/2026/harbour?ref=home',
      image: 'https://news.example/img/harbour.jpg',
      published: '2026-06-01T07:30:00.000Z',
      tags: ['storm', 'harbour'],
      lang: 'en-GB',
    });
  });

  it('falls back to <title>, then <h1>, and to every <p> without an <article>', () => {
    const a = extractArticle(
      '<html><head><title>Plain title</title></head><body><p>One.</p><p>Two.</p></body></html>',
      'https://x.org/a',
    );
    expect(a).toMatchObject({ title: 'Plain title', paragraphs: ['One.', 'Two.'], url: 'https://x.org/a' });
    const b = extractArticle(
      '<body><h1>Only a heading</h1><main><p>Body.</p></main></body>',
      'https://x.org/b',
    );
    expect(b).toMatchObject({ title: 'Only a heading', paragraphs: ['Body.'] });
  });
});

describe('readArticleUrl', () => {
  it('fetches a page and finalizes it as a url-sourced Article', async () => {
    server.use(http.get('https://news.example/harbour-page', () => HttpResponse.html(PAGE)));
    const article = await readArticleUrl('https://news.example/harbour-page');
    expect(article.title).toBe('Harbour reopens after the storm');
    expect(article.source).toEqual({ kind: 'url', ref: 'https://news.example/harbour-page' });
    expect(article.paragraphs[0]).toBe('The harbour reopened on Monday & ships queued overnight.');
    expect(article.image).toBe('https://news.example/img/harbour.jpg');
  });

  it('decodes a page by its declared charset', async () => {
    const bytes = Buffer.from(
      '<html><head><meta charset="iso-8859-1"><title>Mãe</title></head><body><p>Olá mundo.</p></body></html>',
      'latin1',
    );
    server.use(
      http.get(
        'https://pt.example/a',
        () => new HttpResponse(bytes, { headers: { 'content-type': 'text/html' } }),
      ),
    );
    const article = await readArticleUrl('https://pt.example/a');
    expect(article.title).toBe('Mãe');
    expect(article.paragraphs).toEqual(['Olá mundo.']);
  });

  it.each([
    ['ftp://x.org/a', /only http\(s\) URLs/],
    ['javascript:alert(1)', /only http\(s\) URLs/],
  ])('refuses %s', async (url, message) => {
    await expect(readArticleUrl(url)).rejects.toThrow(message);
  });

  it('names the URL and the status on an HTTP error', async () => {
    server.use(
      http.get(
        'https://news.example/gone',
        () => new HttpResponse('no', { status: 404, statusText: 'Not Found' }),
      ),
    );
    await expect(readArticleUrl('https://news.example/gone')).rejects.toThrow(
      new ArticleError('https://news.example/gone', 'HTTP 404 Not Found'),
    );
  });

  it('refuses a page over maxBytes and a non-HTML response', async () => {
    server.use(
      http.get('https://news.example/huge', () => HttpResponse.html(`<p>${'x'.repeat(5000)}</p>`)),
      http.get(
        'https://news.example/pic',
        () => new HttpResponse(new Uint8Array(10), { headers: { 'content-type': 'image/png' } }),
      ),
    );
    await expect(readArticleUrl('https://news.example/huge', { maxBytes: 1000 })).rejects.toThrow(
      /larger than 1000 bytes/,
    );
    await expect(readArticleUrl('https://news.example/pic')).rejects.toThrow(
      /not a web page \(Content-Type image\/png\)/,
    );
  });

  it('refuses a page without article text', async () => {
    server.use(
      http.get('https://news.example/empty', () =>
        HttpResponse.html('<title>T</title><div>no paragraphs</div>'),
      ),
    );
    await expect(readArticleUrl('https://news.example/empty')).rejects.toThrow(/no article text/);
  });
});
