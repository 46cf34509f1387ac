import type { Article } from '../articles/article.js';
import { fitPost, shortenedBySpace } from './fit.js';
import { hashtagsFor } from './hashtags.js';
import { summarize } from './summary.js';
import { shortenAtWord } from './text.js';
import type { ComposeContext, ComposedPost, PlatformComposer } from './types.js';

/** Graph API limit for a Page post message. */
export const FACEBOOK_MESSAGE_LIMIT = 63_206;
/** A feed post reads best short: the default summary budget. */
const DEFAULT_SUMMARY = 600;
const TITLE_MAX = 500;
/** Used in the request path when the page id is not configured (previews without credentials). */
export const PAGE_ID_PLACEHOLDER = '{page-id}';
const DEFAULT_GRAPH_VERSION = 'v24.0';

function message(title: string, summary: string, tags: string[]): string {
  return [title, summary, tags.join(' ')].filter(Boolean).join('\n\n');
}

/** Facebook Page: message = title, summary and hashtags; the link travels separately (Graph builds the card). */
export const facebookComposer: PlatformComposer = {
  platform: 'facebook',
  compose(article: Article, ctx: ComposeContext): ComposedPost {
    const compose = ctx.channel.compose;
    const start = Math.min(compose.summaryChars ?? DEFAULT_SUMMARY, FACEBOOK_MESSAGE_LIMIT);
    const tags = hashtagsFor(article, compose.hashtags);
    const title = shortenAtWord(article.title, TITLE_MAX);
    const full = summarize(article, start);
    const fitted = fitPost(FACEBOOK_MESSAGE_LIMIT, start, tags.length, (budget, k) => {
      const summary = summarize(article, budget);
      const text = message(title, summary, tags.slice(0, k));
      return { length: text.length, cut: shortenedBySpace(summary, full), value: text };
    });
    const text = fitted?.value ?? message(title, '', []);
    const version = ctx.targets?.facebookGraphVersion ?? DEFAULT_GRAPH_VERSION;
    const pageId = ctx.targets?.facebookPageId ?? PAGE_ID_PLACEHOLDER;
    return {
      channel: ctx.channel.id,
      platform: 'facebook',
      length: text.length,
      limit: FACEBOOK_MESSAGE_LIMIT,
      text: `${text}\n\n${ctx.link}`,
      requests: [{ endpoint: `POST /${version}/${pageId}/feed`, body: { message: text, link: ctx.link } }],
    };
  },
};
