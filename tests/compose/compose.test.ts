import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { composeAll, composePost } from '../../src/compose/compose.js';
import { telegramVisibleLength, validateTelegramHtml } from '../../src/compose/telegram-html.js';
import { ConfigFileSchema, type Config } from '../../src/config/schema.js';
import { SEED_ARTICLE, channel, makeArticle, readArticle } from './article-helpers.js';

const seed = readArticle(SEED_ARTICLE);
const ctx = { campaign: 'crier' };
const body = (post: { requests: { body: Record<string, unknown> }[] }, i = 0): Record<string, unknown> =>
  post.requests[i]!.body;

function config(channels: unknown[]): Config {
  return {
    ...ConfigFileSchema.parse({ site: { campaign: 'spring' }, channels }),
    dataDir: '/tmp',
    http: { host: '127.0.0.1', port: 0 },
    logLevel: 'info',
    credentials: {},
    targets: { telegramChatId: '-1001', facebookPageId: '42', facebookGraphVersion: 'v25.0' },
    configPath: '(test)',
  };
}

describe('the seed article', () => {
  const posts = composeAll(
    seed,
    config([
      { id: 'x', platform: 'twitter' },
      { id: 'tg', platform: 'telegram', compose: { hashtags: 3 } },
      { id: 'fb', platform: 'facebook', compose: { hashtags: 3 } },
      { id: 'off', platform: 'twitter', enabled: false },
    ]),
  );

  it('gives one post per enabled channel, each with the tagged link and no promo footer', () => {
    expect(posts.map((p) => p.channel)).toEqual(['x', 'tg', 'fb']);
    for (const p of posts) {
      const sent = JSON.stringify(p.requests);
      expect(sent).toContain(`utm_source=${p.platform}`);
      expect(sent).toContain('utm_campaign=spring');
      expect(p.text).toContain('https://news.example.com/a/test?utm_source=');
      expect(sent).not.toMatch(/Get more/);
      expect(p.text).not.toMatch(/Get more/);
      expect(p.text).toContain('#Iraq');
      expect(p.length).toBeLessThanOrEqual(p.limit);
    }
  });

  it('X: valid per parseTweet and 280 weighted at most', () => {
    const text = body(posts[0]!).text as string;
    const parsed = twitterText.parseTweet(text);
    expect(parsed.valid).toBe(true);
    expect(posts[0]!.length).toBe(parsed.weightedLength);
    expect(posts[0]!.limit).toBe(280);
    expect(posts[0]!.requests).toEqual([{ endpoint: 'POST /2/tweets', body: { text } }]);
  });

  it('Telegram: valid HTML sendMessage with chat_id and preview options', () => {
    const p = posts[1]!;
    expect(p.requests[0]!.endpoint).toBe('POST /sendMessage');
    const b = body(p);
    expect(b.chat_id).toBe('-1001');
    expect(b.parse_mode).toBe('HTML');
    expect(validateTelegramHtml(b.text as string)).toBeNull();
    expect(b.text).toMatch(/^<b>Seven Iraqi police killed in suspected IS attack<\/b>\n\n/);
    expect(b.text).toContain(
      'utm_source=telegram&amp;utm_medium=social&amp;utm_campaign=spring">Read more</a>',
    );
    expect(b.link_preview_options).toEqual({
      url: 'https://news.example.com/a/test?utm_source=telegram&utm_medium=social&utm_campaign=spring',
      prefer_large_media: true,
    });
    expect(p.length).toBe(telegramVisibleLength(b.text as string));
    expect(p.limit).toBe(4096);
    // Summary paragraphs follow the article's: the lead paragraph stands alone after the title.
    const blocks = (b.text as string).split('\n\n');
    expect(blocks[1]).toBe(seed.paragraphs[0]);
    expect(blocks.length).toBeGreaterThan(4);
  });

  it('Facebook: feed post with message and link apart', () => {
    const p = posts[2]!;
    expect(p.requests[0]!.endpoint).toBe('POST /v25.0/42/feed');
    const b = body(p);
    expect(b.link).toBe(
      'https://news.example.com/a/test?utm_source=facebook&utm_medium=social&utm_campaign=spring',
    );
    expect(b.message).toMatch(/^Seven Iraqi police killed in suspected IS attack\n\n/);
    expect(b.message).not.toContain('https://');
    expect((b.message as string).length).toBeLessThan(900);
    expect(b.message).toMatch(/\n\n#Iraq #Baghdad #\w+$/);
  });
});

describe('X composer', () => {
  it('uses the headline when asked', () => {
    const p = composePost(seed, channel('twitter', { text: 'headline', hashtags: 0 }), ctx);
    expect(body(p).text).toBe(
      'Seven Iraqi police killed in suspected IS attack\n\nhttps://news.example.com/a/test?utm_source=twitter&utm_medium=social&utm_campaign=crier',
    );
  });

  it('counts bare domains in the text as 23 and still fits', () => {
    const words = Array.from({ length: 40 }, (_, i) => `site${i}.com`).join(' ');
    const a = makeArticle({ paragraphs: [`Read ${words} today.`, 'Short second sentence here.'] });
    const p = composePost(a, channel('twitter'), ctx);
    const parsed = twitterText.parseTweet(body(p).text as string);
    expect(parsed.valid).toBe(true);
    expect(parsed.weightedLength).toBeLessThanOrEqual(280);
    expect(body(p).text).toContain('utm_source=twitter');
  });

  it('threads a long summary: every tweet valid, link only in the first, at most maxThreadPosts', () => {
    const p = composePost(seed, channel('twitter', { thread: true, maxThreadPosts: 3 }), ctx);
    expect(p.requests.length).toBeGreaterThan(1);
    expect(p.requests.length).toBeLessThanOrEqual(3);
    p.requests.forEach((r, i) => {
      expect(r.endpoint).toBe('POST /2/tweets');
      expect(twitterText.parseTweet(r.body.text as string).valid).toBe(true);
      expect((r.body.text as string).includes('utm_source=twitter')).toBe(i === 0);
    });
    expect(p.length).toBe(
      Math.max(...p.requests.map((r) => twitterText.parseTweet(r.body.text as string).weightedLength)),
    );
  });

  it('drops hashtags before it has to shorten the only sentence', () => {
    // 250 chars: fits with the link (25 more), not with " #Alpha" or " #Alpha #Beta" as well.
    const long = 'Lorem ipsum dolor sit amet '.repeat(8).trim() + ' in Paris near the old river today.';
    expect(long).toHaveLength(250);
    const a = makeArticle({ paragraphs: [long], tags: ['Alpha', 'Beta'] });
    const p = composePost(a, channel('twitter', { hashtags: 2 }), ctx);
    const text = body(p).text as string;
    expect(text.startsWith(long)).toBe(true);
    expect(text).not.toContain('#Alpha');
    expect(twitterText.parseTweet(text).valid).toBe(true);
  });
});

describe('Telegram composer', () => {
  const a = makeArticle({
    title: 'Tom & Jerry <3 "quotes"',
    paragraphs: ['Cats & dogs <b>fight</b> over "treats" > bones.'],
    url: 'https://x.test/a?q="x"&y=1',
    image: 'https://img.test/p.jpg',
  });

  it('escapes article text and the href', () => {
    const html = body(composePost(a, channel('telegram'), ctx)).text as string;
    expect(validateTelegramHtml(html)).toBeNull();
    expect(html).toContain('<b>Tom &amp; Jerry &lt;3 &quot;quotes&quot;</b>');
    expect(html).toContain('Cats &amp; dogs &lt;b&gt;fight&lt;/b&gt;');
    expect(html).toMatch(
      /<a href="https:\/\/x\.test\/a\?q=%22x%22&amp;y=1&amp;utm_source=telegram[^"]*">Read more<\/a>/,
    );
  });

  it('sends a photo with a caption of at most 1024 when photo mode is on', () => {
    const long = makeArticle({
      ...a,
      paragraphs: Array.from({ length: 30 }, (_, i) => `Sentence number ${i} is about cats & dogs.`),
    });
    const p = composePost(long, channel('telegram', { photo: true, summaryChars: 3000 }), {
      campaign: 'c',
      targets: { telegramChatId: '@c' },
    });
    expect(p.requests[0]!.endpoint).toBe('POST /sendPhoto');
    const b = body(p);
    expect(b).toMatchObject({ chat_id: '@c', photo: 'https://img.test/p.jpg', parse_mode: 'HTML' });
    expect(b).not.toHaveProperty('text');
    expect(p.limit).toBe(1024);
    expect(telegramVisibleLength(b.caption as string)).toBeLessThanOrEqual(1024);
    expect(telegramVisibleLength(b.caption as string)).toBeGreaterThan(900);
    expect(validateTelegramHtml(b.caption as string)).toBeNull();
  });

  it('falls back to sendMessage without an image, and omits chat_id when unknown', () => {
    const p = composePost({ ...a, image: undefined }, channel('telegram', { photo: true }), ctx);
    expect(p.requests[0]!.endpoint).toBe('POST /sendMessage');
    expect(body(p)).not.toHaveProperty('chat_id');
  });

  it('attaches the message it would send without the photo as the fallback, for photo posts only', () => {
    const long = makeArticle({
      ...a,
      paragraphs: Array.from({ length: 30 }, (_, i) => `Sentence number ${i} is about cats & dogs.`),
    });
    const targets = { campaign: 'c', targets: { telegramChatId: '@c' } };
    const compose = { hashtags: 2, linkPreview: { showAboveText: true } };
    const withPhoto = composePost(long, channel('telegram', { ...compose, photo: true }), targets);
    const withoutPhoto = composePost(long, channel('telegram', { ...compose, photo: false }), targets);
    const photo = withPhoto.requests[0]!;
    expect(photo.endpoint).toBe('POST /sendPhoto');
    expect(photo.fallback).toEqual(withoutPhoto.requests[0]);
    expect(photo.fallback!.endpoint).toBe('POST /sendMessage');
    // The message has room for more summary than the caption had.
    expect(String(photo.fallback!.body.text).length).toBeGreaterThan(String(photo.body.caption).length);
    expect(validateTelegramHtml(photo.fallback!.body.text as string)).toBeNull();
    expect(withoutPhoto.requests[0]).not.toHaveProperty('fallback');
    const noImage = composePost({ ...long, image: undefined }, channel('telegram', { photo: true }), ctx);
    expect(noImage.requests[0]).not.toHaveProperty('fallback');
    // What the post says and measures is still the photo version.
    expect(withPhoto.limit).toBe(1024);
    expect(withPhoto.length).toBe(telegramVisibleLength(photo.body.caption as string));
  });

  it('sets only the link preview keys that apply', () => {
    const off = composePost(a, channel('telegram', { linkPreview: { isDisabled: true } }), ctx);
    expect(body(off).link_preview_options).toEqual({ is_disabled: true });
    const above = composePost(
      a,
      channel('telegram', { linkPreview: { preferLargeMedia: false, showAboveText: true } }),
      ctx,
    );
    expect(body(above).link_preview_options).toEqual({
      url: expect.stringContaining('utm_source=telegram'),
      show_above_text: true,
    });
  });
});

describe('Facebook composer and the registry', () => {
  it('uses a placeholder page id and the default Graph version when targets are unknown', () => {
    const p = composePost(seed, channel('facebook'), ctx);
    expect(p.requests[0]!.endpoint).toBe('POST /v24.0/{page-id}/feed');
  });

  it('honours summaryChars on any platform', () => {
    const p = composePost(seed, channel('facebook', { summaryChars: 250, hashtags: 0 }), ctx);
    const message = body(p).message as string;
    expect(message.length - seed.title.length - 2).toBeLessThanOrEqual(250);
  });

  it('refuses an article without a URL with a clear message', () => {
    expect(() => composePost({ ...seed, url: undefined }, channel('telegram'), ctx)).toThrow(
      /has no URL.*site\.articleUrl/,
    );
  });
});
