import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ArticleError } from '../../src/articles/article.js';
import {
  entryToArticle,
  entryToDraft,
  itemUrl,
  parseFeedText,
  readFeedBytes,
  type ParsedFeed,
} from '../../src/sources/feed-reader.js';
import { decodeText } from '../../src/sources/fetch-body.js';
import { htmlToText } from '../../src/sources/html-text.js';

const FEEDS = path.resolve(__dirname, '../../../shared/data/feeds');
const EXPECTED = path.join(FEEDS, 'expected/rss-parser');
const files = fs.readdirSync(FEEDS).filter((f) => f !== 'expected');
const NOT_FEEDS = new Set(['nodefeedparser__notafeed.html', 'rssparser__unrecognized.rss']);
/** Real feeds whose entries carry only an id (no title or link): upstream test cases for missing fields. */
const BARE = new Set(['rssparser__incomplete-fields.atom', 'rssparser__missing-fields.atom']);
/** Its only item has no title (a Trac comment). */
const UNTITLED = new Set(['nodefeedparser__relative-channel-image-url.xml']);
/** Its only link is a tag: URI, which is not an article URL. */
const NO_HTTP_LINK = new Set(['nodefeedparser__atom-with-tag-uri-links.xml']);

const feedUrlOf = (file: string) => `https://feeds.example.com/${file}`;
function read(file: string, feedUrl = feedUrlOf(file)): ParsedFeed {
  return readFeedBytes(fs.readFileSync(path.join(FEEDS, file)), { feedUrl });
}
const titles = (feed: ParsedFeed) => feed.entries.map((e) => entryToDraft(e, feed).title);

describe('feed-reader on the 37 shared feeds', () => {
  it('has all 37 files', () => {
    expect(files).toHaveLength(37);
  });

  it.each(files.filter((f) => !NOT_FEEDS.has(f)))(
    '%s parses to items with keys, titles and links',
    (file) => {
      const feed = read(file);
      expect(feed.entries.length).toBeGreaterThan(0);
      for (const e of feed.entries) expect(e.key.length).toBeGreaterThan(0);
      if (BARE.has(file)) return;
      const drafts = feed.entries.map((e) => entryToDraft(e, feed));
      if (!UNTITLED.has(file)) expect(drafts.some((d) => d.title.length > 0)).toBe(true);
      if (!NO_HTTP_LINK.has(file)) expect(drafts.some((d) => /^https?:\/\//.test(d.url ?? ''))).toBe(true);
      // Nothing decoded with the wrong charset.
      for (const d of drafts) expect(`${d.title}${d.paragraphs.join('')}`).not.toContain('\uFFFD');
    },
  );

  it.each([...NOT_FEEDS])('%s is rejected as "not an RSS or Atom feed"', (file) => {
    expect(() => read(file)).toThrow(ArticleError);
    expect(() => read(file)).toThrow(`${feedUrlOf(file)}: not an RSS or Atom feed`);
  });

  it.each([
    ['nodefeedparser__rss2sample.xml', 4],
    ['nodefeedparser__illegally-nested.xml', 10],
    ['nodefeedparser__saxerror.xml', 3],
    ['rssparser__guardian.rss', 55],
    ['rssparser__rss-1.rss', 69],
    ['rssparser__craigslist.rss', 25],
    ['nodefeedparser__wapowellness.xml', 29],
    ['rssparser__reddit-home.rss', 24],
  ])('%s has %i items', (file, count) => {
    expect(read(file).entries).toHaveLength(count);
  });

  it.each(fs.readdirSync(EXPECTED))('titles and links match rss-parser expected output (%s)', (name) => {
    const file = files.find((f) => f.startsWith(`rssparser__${name.replace(/\.json$/, '')}.`))!;
    const expected = JSON.parse(fs.readFileSync(path.join(EXPECTED, name), 'utf8')).feed.items as {
      title?: string;
      link?: string;
    }[];
    const feed = read(file);
    expect(feed.entries).toHaveLength(expected.length);
    const mine = new Set(titles(feed));
    const links = feed.entries.map((e) => itemUrl(e.item, feed.feedUrl));
    for (const item of expected) {
      // rss-parser decoded Latin-1 feeds as UTF-8 (U+FFFD); those titles are checked below instead.
      if (item.title && !item.title.includes('\uFFFD')) expect(mine).toContain(htmlToText(item.title));
      const link = item.link?.trim();
      // rss-parser leaves relative links relative; ours are resolved, so compare where they point.
      if (link) expect(links.some((l) => l !== undefined && new URL(link, l).href === l)).toBe(true);
    }
  });

  it('decodes Latin-1 and windows-1251 feeds by their XML declaration', () => {
    expect(titles(read('rssparser__encoding.rss'))).toContain(
      'Mãe de utente é a nova presidente da Raríssimas',
    );
    expect(titles(read('rssparser__heraldsun.rss'))).toContain('The First Item');
    expect(titles(read('nodefeedparser__iconv.xml'))).toContain(
      'В Бузулуке главные стройплощадки – детсад и Ледовый дворец',
    );
  });

  it('decodes Latin-1 bytes of a feed with no XML declaration (uolNoticias)', () => {
    expect(titles(read('rssparser__uolNoticias.rss'))).toContain(
      'Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno',
    );
  });

  it('gunzips compressed bytes to the same feed as the plain one', () => {
    expect(titles(read('nodefeedparser__compressed.xml'))).toEqual(titles(read('nodefeedparser__iconv.xml')));
  });

  it('prefers a Content-Type charset, but falls back when the bytes contradict it', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><x>Mãe</x>', 'latin1');
    expect(decodeText(latin1, 'text/xml; charset=utf-8')).toContain('Mãe');
    const cyrillic = new Uint8Array([0xc2]); // "В" in windows-1251, "Â" in Latin-1
    expect(decodeText(cyrillic, 'application/rss+xml; charset=windows-1251')).toBe('В');
    // A server default of Latin-1 for a document that says (and is) UTF-8.
    const utf8 = Buffer.from('<?xml version="1.0" encoding="utf-8"?><x>Größe</x>', 'utf8');
    expect(decodeText(utf8, 'text/xml; charset=ISO-8859-1')).toContain('Größe');
  });

  it('handles the malformed feed (unescaped &) by keeping every item', () => {
    const feed = read('nodefeedparser__saxerror.xml');
    expect(titles(feed)).toEqual(['Good Item', 'Bad Item', 'Item After Error']);
    expect(entryToDraft(feed.entries[2]!, feed).url).toBe('http://example.com/after');
  });

  it('rejects tag: URIs as article URLs and keys such items by their id', () => {
    const feed = read('nodefeedparser__atom-with-tag-uri-links.xml');
    const draft = entryToDraft(feed.entries[0]!, feed);
    expect(draft.url).toBeUndefined();
    expect(feed.entries[0]!.key).toBe('tag:mefi.social,2024-01-26:objectId=20368395');
  });

  it('falls back from a tag: link to an http(s) guid', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>A</title>
      <link href="tag:x.org,2024:1"/><id>https://x.org/posts/1</id><summary>Body text.</summary></entry></feed>`;
    const feed = parseFeedText(xml, 'https://x.org/feed.atom');
    expect(entryToDraft(feed.entries[0]!, feed).url).toBe('https://x.org/posts/1');
  });

  it('resolves relative item links against the feed URL', () => {
    const feed = read('nodefeedparser__rss-with-relative-urls.xml', 'https://www.arcgames.com/en/rss');
    const urls = feed.entries.map((e) => entryToDraft(e, feed).url);
    expect(urls[0]).toMatch(/^https:\/\/www\.arcgames\.com\/en\/games\/neverwinter\/news\/detail\/\d+/);
  });

  it('keys items without guid or link by a hash of title and date', () => {
    const xml = `<rss version="2.0"><channel><title>t</title>
      <item><title>One</title><pubDate>Tue, 20 May 2003 08:56:02 GMT</pubDate><description>x</description></item>
      <item><title>Two</title><pubDate>Tue, 20 May 2003 08:56:02 GMT</pubDate><description>x</description></item>
      </channel></rss>`;
    const [a, b] = parseFeedText(xml, 'https://x.org/rss').entries;
    expect(a!.key).toMatch(/^hash:[0-9a-f]{64}$/);
    expect(a!.key).not.toBe(b!.key);
    expect(parseFeedText(xml, 'https://x.org/rss').entries[0]!.key).toBe(a!.key);
  });

  it('orders entries newest first', () => {
    const dates = read('rssparser__guardian.rss').entries.map((e) => e.date!);
    expect([...dates].sort((x, y) => y - x)).toEqual(dates);
  });

  it('turns HTML descriptions into paragraphs and takes categories, image and language', () => {
    const feed = read('rssparser__guardian.rss');
    const draft = entryToDraft(feed.entries.at(-1)!, feed);
    expect(draft.paragraphs.length).toBeGreaterThan(1);
    for (const p of draft.paragraphs) expect(p).not.toMatch(/<\/?[a-z]+[ >]/i);
    expect(draft.tags!.length).toBeGreaterThan(0);
    // The widest of the media:content sizes.
    expect(draft.image).toMatch(/^https:\/\/i\.guim\.co\.uk\/.*[?&]w=460&/);
    expect(draft.lang).toBe('en-GB');
  });

  it('makes a headline-only item a one-paragraph article instead of dropping it', () => {
    const feed = read('rssparser__rss-1.rss');
    expect(entryToDraft(feed.entries[0]!, feed).paragraphs).toEqual([
      entryToDraft(feed.entries[0]!, feed).title,
    ]);
  });

  it('finalizes an item into an Article with source feed:<url>', () => {
    const feed = read('nodefeedparser__rss2sample.xml', 'https://liftoff.example/rss');
    const entry = feed.entries.find((e) => e.item.title === 'Star City')!;
    const article = entryToArticle(entry, feed);
    expect(article.source).toEqual({ kind: 'feed', ref: 'https://liftoff.example/rss' });
    expect(article.url).toBe('http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp');
    expect(article.paragraphs.join(' ')).toContain("Russia's Star City");
    expect(article.published).toBe('2003-06-03T09:39:21.000Z');
  });

  it('refuses an item without a title with an ArticleError', () => {
    const feed = read('nodefeedparser__rss2sample.xml');
    const untitled = feed.entries.find((e) => !e.item.title)!;
    expect(() => entryToArticle(untitled, feed)).toThrow(ArticleError);
  });

  it('takes the image from an enclosure or a media:thumbnail', () => {
    const iconv = read('nodefeedparser__iconv.xml');
    expect(entryToDraft(iconv.entries[0]!, iconv).image).toMatch(/^http:\/\/www\.oren\.ru\/upload\/.+\.jpg$/);
    const yt = read('rssparser__atom-customfields.atom');
    expect(entryToDraft(yt.entries[0]!, yt).image).toMatch(
      /^https:\/\/i\d\.ytimg\.com\/vi\/.+\/hqdefault\.jpg$/,
    );
  });

  it('reads an Atom feed: HTML titles to text, xml:lang, content paragraphs', () => {
    const bytes = fs.readFileSync(path.resolve(__dirname, '../fixtures/feeds/small.atom'));
    const feed = readFeedBytes(bytes, { feedUrl: 'https://atom.example/feed' });
    const [second, first] = feed.entries.map((e) => entryToDraft(e, feed));
    expect(second).toMatchObject({
      title: 'Zweite Meldung',
      url: 'https://atom.example/meldung/2',
      paragraphs: ['Erster Absatz über Größe.', 'Zweiter Absatz.'],
      published: '2026-06-02T10:00:00.000Z',
    });
    expect(first!.url).toBeUndefined();
    expect(first!.paragraphs).toEqual(['Nur eine Zusammenfassung.']);
  });

  it('reads gzip bytes served as the body', () => {
    const xml =
      '<rss version="2.0"><channel><title>t</title><item><title>Zipped</title><link>https://z.org/1</link><description>d</description></item></channel></rss>';
    const feed = readFeedBytes(gzipSync(xml), { feedUrl: 'https://z.org/rss' });
    expect(titles(feed)).toEqual(['Zipped']);
  });
});
