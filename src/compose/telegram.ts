import type { Article } from '../articles/article.js';
import type { ChannelConfig } from '../config/schema.js';
import { fitPost, shortenedBySpace } from './fit.js';
import { hashtagsFor } from './hashtags.js';
import { summaryParagraphs } from './summary.js';
import { escapeTelegramHtml as esc, telegramVisibleLength } from './telegram-html.js';
import { shortenAtWord } from './text.js';
import type { ComposeContext, ComposedPost, PlatformComposer, PlatformRequest } from './types.js';

/** sendMessage text limit (after entity parsing). */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** sendPhoto caption limit. */
export const TELEGRAM_CAPTION_LIMIT = 1024;
/** Default summary budgets: a message reads well at about this size; a caption must leave room. */
const DEFAULT_SUMMARY = { text: 800, caption: 600 } as const;
const TITLE_MAX = 256;

interface Parts {
  title: string;
  /** Summary paragraphs, shown with a blank line between them. */
  summary: string[];
  link: string;
  tags: string[];
}

function toHtml(p: Parts): string {
  return [
    p.title ? `<b>${esc(p.title)}</b>` : '',
    ...p.summary.map(esc),
    `<a href="${esc(p.link)}">Read more</a>`,
    esc(p.tags.join(' ')),
  ]
    .filter(Boolean)
    .join('\n\n');
}

function toText(p: Parts): string {
  return [p.title, ...p.summary, p.link, p.tags.join(' ')].filter(Boolean).join('\n\n');
}

/** link_preview_options with only the keys that apply (Bot API defaults cover the rest). */
export function linkPreviewOptions(channel: ChannelConfig, link: string): Record<string, unknown> {
  const lp = channel.compose.linkPreview;
  if (lp.isDisabled) return { is_disabled: true };
  const options: Record<string, unknown> = { url: link };
  if (lp.preferLargeMedia) options.prefer_large_media = true;
  if (lp.showAboveText) options.show_above_text = true;
  return options;
}

interface Fitted {
  html: string;
  parts: Parts;
  limit: number;
}

/** The HTML for a message (`photo` false) or a caption (`photo` true), fitted to its limit. */
function fitHtml(article: Article, ctx: ComposeContext, photo: boolean): Fitted {
  const compose = ctx.channel.compose;
  const limit = photo ? TELEGRAM_CAPTION_LIMIT : TELEGRAM_TEXT_LIMIT;
  const start = Math.min(compose.summaryChars ?? DEFAULT_SUMMARY[photo ? 'caption' : 'text'], limit);
  const tags = hashtagsFor(article, compose.hashtags);
  // Long titles are shortened first so a summary always has room.
  const title = shortenAtWord(article.title, Math.min(TITLE_MAX, Math.floor(limit / 4)));
  const full = summaryParagraphs(article, start).join(' ');
  const fitted = fitPost(limit, start, tags.length, (budget, k) => {
    const summary = summaryParagraphs(article, budget);
    const parts = { title, summary, link: ctx.link, tags: tags.slice(0, k) };
    const html = toHtml(parts);
    return {
      length: telegramVisibleLength(html),
      cut: shortenedBySpace(summary.join(' '), full),
      value: { html, parts },
    };
  });
  const bare = { title, summary: [], link: ctx.link, tags: [] };
  return { ...(fitted?.value ?? { parts: bare, html: toHtml(bare) }), limit };
}

/** Telegram: bold title, summary, a "Read more" link and hashtags, in parse_mode HTML. */
export const telegramComposer: PlatformComposer = {
  platform: 'telegram',
  compose(article: Article, ctx: ComposeContext): ComposedPost {
    const photo = ctx.channel.compose.photo && article.image !== undefined;
    const chatId = ctx.targets?.telegramChatId;
    const target = chatId !== undefined ? { chat_id: chatId } : {};
    const message = (f: Fitted): PlatformRequest => ({
      endpoint: 'POST /sendMessage',
      body: {
        ...target,
        text: f.html,
        parse_mode: 'HTML',
        link_preview_options: linkPreviewOptions(ctx.channel, ctx.link),
      },
    });
    const chosen = fitHtml(article, ctx, photo);
    // A photo post carries the message it would be without the photo, so the adapter can still
    // post the article when Telegram cannot fetch or use the image.
    const request: PlatformRequest = photo
      ? {
          endpoint: 'POST /sendPhoto',
          body: { ...target, photo: article.image, caption: chosen.html, parse_mode: 'HTML' },
          fallback: message(fitHtml(article, ctx, false)),
        }
      : message(chosen);
    return {
      channel: ctx.channel.id,
      platform: 'telegram',
      length: telegramVisibleLength(chosen.html),
      limit: chosen.limit,
      text: toText(chosen.parts),
      requests: [request],
    };
  },
};
