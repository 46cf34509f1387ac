import type { Article } from '../articles/article.js';
import type { ChannelConfig, Config, Platform } from '../config/schema.js';
import { facebookComposer } from './facebook.js';
import { utmLink } from './links.js';
import { telegramComposer } from './telegram.js';
import { twitterComposer } from './twitter.js';
import type { ComposeTargets, ComposedPost, PlatformComposer } from './types.js';

/** One composer per platform: a new platform is one file plus one line here. */
const COMPOSERS: Record<Platform, PlatformComposer> = {
  twitter: twitterComposer,
  telegram: telegramComposer,
  facebook: facebookComposer,
};

/** What composePost needs besides the article and the channel. */
export interface ComposePostContext {
  /** utm_campaign for the link. */
  campaign: string;
  targets?: ComposeTargets;
}

/** Composes the post for one channel; pure. Throws a one-line error when the article has no URL. */
export function composePost(article: Article, channel: ChannelConfig, ctx: ComposePostContext): ComposedPost {
  if (!article.url) {
    throw new Error(
      `article "${article.title.slice(0, 60)}" has no URL: give it one, or set site.articleUrl in the config`,
    );
  }
  const composer = COMPOSERS[channel.platform];
  const link = utmLink(article.url, { source: channel.platform, medium: 'social', campaign: ctx.campaign });
  const context = { channel, link, campaign: ctx.campaign, ...(ctx.targets ? { targets: ctx.targets } : {}) };
  return composer.compose(article, context);
}

/** Posts for every enabled channel in the config, in config order. */
export function composeAll(article: Article, config: Config): ComposedPost[] {
  return config.channels
    .filter((c) => c.enabled)
    .map((c) => composePost(article, c, { campaign: config.site.campaign, targets: config.targets }));
}
