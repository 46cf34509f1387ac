import twitterText from 'twitter-text';
import type { Article } from '../articles/article.js';
import { fitPost, shortenedBySpace } from './fit.js';
import { hashtagsFor } from './hashtags.js';
import { splitSentences } from './sentences.js';
import { summarize } from './summary.js';
import { shortenAtWord } from './text.js';
import type { ComposeContext, ComposedPost, PlatformComposer, PlatformRequest } from './types.js';

/** X's limit in weighted characters (twitter-text config v3: URLs 23, CJK and emoji 2). */
export const TWEET_LIMIT = 280;

/** Weighted length and validity exactly as X counts them. */
export function parseTweet(text: string): { weightedLength: number; valid: boolean } {
  const parsed = twitterText.parseTweet(text);
  return { weightedLength: parsed.weightedLength, valid: parsed.valid };
}

// twitter-text rejects these outright; they carry nothing visible.
const INVALID = /[\uFFFE\uFEFF\uFFFF]/g;

function clean(text: string): string {
  return text.replace(INVALID, '');
}

function withLink(body: string, link: string, tags: string[]): string {
  const tail = tags.length ? `${link} ${tags.join(' ')}` : link;
  return body ? `${body}\n\n${tail}` : tail;
}

function fits(text: string): boolean {
  return parseTweet(text).valid;
}

/** Greedily packs sentences (or, for a sentence too long for one tweet, words) into valid tweets. */
function pack(summary: string, first: (body: string) => string): string[] | null {
  const tweets: string[] = [];
  let current = '';
  const wrap = (body: string): string => (tweets.length === 0 ? first(body) : body);
  const add = (unit: string): boolean => {
    const candidate = current ? `${current} ${unit}` : unit;
    if (fits(wrap(candidate))) {
      current = candidate;
      return true;
    }
    if (!current) return false;
    tweets.push(wrap(current));
    current = '';
    return add(unit);
  };
  for (const sentence of splitSentences(summary)) {
    if (add(sentence)) continue;
    for (const word of sentence.split(' ')) if (!add(word)) return null;
  }
  if (current || tweets.length === 0) tweets.push(wrap(current));
  return tweets;
}

function composeThread(article: Article, ctx: ComposeContext, tags: string[]): string[] {
  const max = ctx.channel.compose.maxThreadPosts;
  const start = ctx.channel.compose.summaryChars ?? max * 260;
  const full = clean(summarize(article, start));
  for (let k = tags.length; k >= 0; k--) {
    let budget = start;
    while (budget >= 0) {
      const summary = clean(summarize(article, budget));
      const tweets = pack(summary, (body) => withLink(body, ctx.link, tags.slice(0, k)));
      if (tweets && tweets.length <= max) {
        if (!shortenedBySpace(summary, full) || k === 0) return tweets;
        break;
      }
      budget = budget > 40 ? Math.floor(budget * 0.9) : budget - 1;
    }
  }
  return [withLink('', ctx.link, [])];
}

function composeSingle(article: Article, ctx: ComposeContext, tags: string[]): string {
  const headline = ctx.channel.compose.text === 'headline';
  const source = (budget: number): string =>
    clean(headline ? shortenAtWord(article.title, budget) : summarize(article, budget));
  const start = Math.min(ctx.channel.compose.summaryChars ?? TWEET_LIMIT, TWEET_LIMIT);
  const full = source(start);
  const fitted = fitPost(TWEET_LIMIT, start, tags.length, (budget, k) => {
    const body = source(budget);
    const text = withLink(body, ctx.link, tags.slice(0, k));
    const parsed = parseTweet(text);
    // An invalid tweet that is within 280 (it never is in practice) must still not be accepted.
    const length = parsed.valid ? parsed.weightedLength : Math.max(parsed.weightedLength, TWEET_LIMIT + 1);
    return { length, cut: shortenedBySpace(body, full), value: text };
  });
  return fitted ? fitted.value : withLink('', ctx.link, []);
}

/** The article image to attach, when the channel wants photos and the image is an absolute http(s) URL. */
function imageFor(article: Article, ctx: ComposeContext): string | undefined {
  const image = article.image;
  if (!ctx.channel.compose.photo || image === undefined) return undefined;
  return /^https?:\/\/[^/\s]/i.test(image) && URL.canParse(image) ? image : undefined;
}

/**
 * X: the summary (or headline), a blank line, the link and hashtags; 280 weighted characters per tweet.
 * With `compose.photo`, the first tweet carries the article image as a media hint for the adapter.
 */
export const twitterComposer: PlatformComposer = {
  platform: 'twitter',
  compose(article: Article, ctx: ComposeContext): ComposedPost {
    const tags = hashtagsFor(article, ctx.channel.compose.hashtags);
    const thread = ctx.channel.compose.thread && ctx.channel.compose.text === 'summary';
    const tweets = thread ? composeThread(article, ctx, tags) : [composeSingle(article, ctx, tags)];
    const image = imageFor(article, ctx);
    return {
      channel: ctx.channel.id,
      platform: 'twitter',
      length: Math.max(...tweets.map((t) => parseTweet(t).weightedLength)),
      limit: TWEET_LIMIT,
      text: tweets.join('\n\n'),
      requests: tweets.map((text, i): PlatformRequest => {
        const request: PlatformRequest = { endpoint: 'POST /2/tweets', body: { text } };
        // One picture per post, on the tweet that shows in timelines; replies stay text only.
        if (i === 0 && image !== undefined) request.media = { url: image };
        return request;
      }),
    };
  },
};
