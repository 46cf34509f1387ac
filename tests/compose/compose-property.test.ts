import fc from 'fast-check';
import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { composePost } from '../../src/compose/compose.js';
import { utmLink } from '../../src/compose/links.js';
import { writtenWithoutSpaces } from '../../src/compose/text.js';
import {
  escapeTelegramHtml,
  telegramVisibleLength,
  validateTelegramHtml,
} from '../../src/compose/telegram-html.js';
import type { ComposedPost } from '../../src/compose/types.js';
import { channel, makeArticle } from './article-helpers.js';

const plainWord = fc.constantFrom(
  'the',
  'police',
  'Kirkuk',
  'Iraq',
  'said',
  'on',
  'Monday',
  'U.S.',
  'Dr.',
  '3.5',
  'end.',
  'why?',
);
const oddWord = fc.constantFrom(
  'a<b',
  '&',
  '>',
  '"quoted"',
  '&amp;',
  '<b>bold</b>',
  'example.com',
  'news.bbc.co.uk/path',
  'https://ex.test/p?q=1&r=<2>',
  '東京都で地震が発生しました。',
  '中文新闻',
  '😀',
  '👨‍👩‍👧‍👦',
  '🇺🇦',
  'مرحبا',
  'שָׁלוֹם',
  '@someone',
  '#tag',
  '…',
  '“Go',
  'home.”',
);
const longWord = fc.string({
  unit: fc.constantFrom('a', 'b', 'é', 'z', '東'),
  minLength: 20,
  maxLength: 320,
});
const word = fc.oneof(
  { weight: 6, arbitrary: plainWord },
  { weight: 3, arbitrary: oddWord },
  { weight: 1, arbitrary: longWord },
);
const sentence = fc
  .tuple(fc.array(word, { minLength: 1, maxLength: 30 }), fc.constantFrom('.', '!', '?', '', '。'))
  .map(([ws, end]) => ws.join(' ') + end);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 4 }).map((s) => s.join(' '));

const article: fc.Arbitrary<Article> = fc
  .record({
    title: fc.oneof(
      fc.array(word, { minLength: 1, maxLength: 12 }).map((w) => w.join(' ')),
      fc.array(word, { minLength: 100, maxLength: 400 }).map((w) => w.join(' ')),
    ),
    paragraphs: fc.oneof(
      fc.array(paragraph, { minLength: 0, maxLength: 8 }),
      word.map((w) => [w]),
    ),
    tags: fc.array(fc.constantFrom('World news', 'Москва', '2024', 'C++ & <Rust>', '東京', ''), {
      maxLength: 3,
    }),
    url: fc.constantFrom(
      'https://news.example.com/a/1',
      'https://x.test/a?q="x"&y=<1>#frag',
      'http://ex.test/%E6%9D%B1?utm_source=rss&id=2',
    ),
    image: fc.option(fc.constant('https://img.test/p.jpg?a=1&b=2'), { nil: undefined }),
  })
  .map((f) => makeArticle(f));

const xConfig = fc.record({
  text: fc.constantFrom('summary', 'headline'),
  thread: fc.boolean(),
  maxThreadPosts: fc.integer({ min: 1, max: 5 }),
  hashtags: fc.integer({ min: 0, max: 4 }),
  photo: fc.boolean(),
});
const tgConfig = fc.record({
  photo: fc.boolean(),
  hashtags: fc.integer({ min: 0, max: 4 }),
  summaryChars: fc.option(fc.integer({ min: 40, max: 6000 }), { nil: undefined }),
});

function segmenterBoundaries(text: string): Set<number> {
  const seg = new Intl.Segmenter(undefined, { granularity: 'word' });
  return new Set([...seg.segment(text)].map((s) => s.index));
}

/** Every word of the post is a word of the article, the link, a hashtag, or a word prefix ending in "…". */
function assertNoCutWords(post: ComposedPost, a: Article, link: string): void {
  const known = new Set([a.title, ...a.paragraphs].join(' ').split(/\s+/u));
  for (const token of post.text.split(/\s+/u).filter(Boolean)) {
    if (known.has(token) || token === link || token.startsWith('#') || token === '…') continue;
    expect(token.endsWith('…'), `"${token}" is not a word of the article`).toBe(true);
    const stem = token.slice(0, -1);
    const whole = [...known].some(
      (w) =>
        w.startsWith(stem) &&
        (/^[\s,;:\-–—(["'“‘«]*$/u.test(w.slice(stem.length)) ||
          // Text written without spaces is cut between the words the Unicode segmenter finds.
          (writtenWithoutSpaces(w) && segmenterBoundaries(w).has(stem.length))),
    );
    expect(whole, `"${token}" cuts a word`).toBe(true);
  }
}

const link = (a: Article, source: string): string => utmLink(a.url!, { source, campaign: 'crier' });

describe('composers on generated articles', () => {
  it('X: every tweet valid, the link in the first, no cut words', () => {
    fc.assert(
      fc.property(article, xConfig, (a, cfg) => {
        const post = composePost(a, channel('twitter', cfg), { campaign: 'crier' });
        expect(post.length).toBeLessThanOrEqual(280);
        expect(post.requests.length).toBeLessThanOrEqual(cfg.thread ? cfg.maxThreadPosts : 1);
        for (const r of post.requests) {
          const parsed = twitterText.parseTweet(r.body.text as string);
          expect(parsed.valid, r.body.text as string).toBe(true);
          expect(parsed.weightedLength).toBeLessThanOrEqual(280);
        }
        expect(post.requests[0]!.body.text).toContain(link(a, 'twitter'));
        // The image rides on the first tweet only, as a hint beside the body, never inside it.
        expect(post.requests.map((r) => r.media)).toEqual(
          post.requests.map((_, i) => (i === 0 && cfg.photo && a.image ? { url: a.image } : undefined)),
        );
        for (const r of post.requests) expect(r.body).not.toHaveProperty('media');
        assertNoCutWords(post, a, link(a, 'twitter'));
      }),
      { numRuns: 250 },
    );
  });

  it('Telegram: valid HTML within 4096 (1024 as a caption), escaped link present', () => {
    fc.assert(
      fc.property(article, tgConfig, (a, cfg) => {
        const post = composePost(a, channel('telegram', cfg), { campaign: 'crier' });
        const body = post.requests[0]!.body;
        const html = (body.caption ?? body.text) as string;
        expect(validateTelegramHtml(html)).toBeNull();
        const limit = cfg.photo && a.image ? 1024 : 4096;
        expect(post.limit).toBe(limit);
        expect(telegramVisibleLength(html)).toBeLessThanOrEqual(limit);
        expect(html).toContain(`<a href="${escapeTelegramHtml(link(a, 'telegram'))}">`);
        assertNoCutWords(post, a, link(a, 'telegram'));
        // A photo post carries the text message to send when Telegram cannot use the photo:
        // exactly the no-photo composition, valid and within 4096 on its own.
        const fallback = post.requests[0]!.fallback;
        if (limit === 1024) {
          const plain = composePost(a, channel('telegram', { ...cfg, photo: false }), { campaign: 'crier' });
          expect(fallback).toEqual(plain.requests[0]);
          const text = fallback!.body.text as string;
          expect(fallback!.endpoint).toBe('POST /sendMessage');
          expect(validateTelegramHtml(text)).toBeNull();
          expect(telegramVisibleLength(text)).toBeLessThanOrEqual(4096);
          expect(text).toContain(`<a href="${escapeTelegramHtml(link(a, 'telegram'))}">`);
        } else {
          expect(fallback).toBeUndefined();
        }
      }),
      { numRuns: 250 },
    );
  });

  it('Facebook: message within the limit, link separate, no cut words', () => {
    fc.assert(
      fc.property(article, fc.integer({ min: 0, max: 4 }), (a, hashtags) => {
        const post = composePost(a, channel('facebook', { hashtags }), { campaign: 'crier' });
        const body = post.requests[0]!.body;
        expect(body.link).toBe(link(a, 'facebook'));
        expect((body.message as string).length).toBeLessThanOrEqual(63_206);
        assertNoCutWords(post, a, link(a, 'facebook'));
      }),
      { numRuns: 200 },
    );
  });
});
