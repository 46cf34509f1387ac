import { type Article, ArticleError } from './articles/article.js';
import { articleKey } from './articles/finalize.js';
import { composePost } from './compose/compose.js';
import type { ComposedPost } from './compose/types.js';
import type { Config } from './config/schema.js';
import type { Logger } from './log.js';
import { planDelivery } from './schedule/planner.js';
import type { Delivery, NewDelivery, Store } from './store/types.js';

export interface IngestResult {
  articleId: string;
  /** False when the article was already stored (same canonical URL or content). */
  created: boolean;
  /** Deliveries created by this call (none for a duplicate whose deliveries exist). */
  deliveries: Delivery[];
}

export interface IngestCallOptions {
  /** Only these channel ids (default: every configured channel). */
  channels?: string[];
  /** Due right away instead of at the channel's next slot (`crier post --now`). */
  immediate?: boolean;
}

export type Ingest = (article: Article, call?: IngestCallOptions) => IngestResult;

export interface IngestOptions {
  store: Store;
  config: Config;
  logger: Logger;
  now?: () => number;
  /** Called after new deliveries were committed (wakes the dispatcher). */
  onQueued?: (deliveries: Delivery[]) => void;
}

/** How far back a channel's taken slots matter: the largest window any schedule rule looks at. */
const LOOKBACK_MS = 2 * 24 * 60 * 60 * 1000;

/**
 * Article -> store (deduped on its key) -> one composed, scheduled delivery per channel, all in one
 * transaction: a crash leaves either nothing or the article with all of its deliveries.
 */
export function createIngest(opts: IngestOptions): Ingest {
  const { store, config, logger } = opts;
  const now = opts.now ?? Date.now;
  const ctx = { campaign: config.site.campaign, targets: config.targets };

  return (article: Article, call: IngestCallOptions = {}): IngestResult => {
    const channels = call.channels
      ? config.channels.filter((c) => call.channels!.includes(c.id))
      : config.channels;
    const result = store.transaction(() => {
      const { article: stored, created } = store.addArticle(article, articleKey(article));
      if (!created) return { articleId: stored.id, created, deliveries: [] };
      const at = now();
      const planned: NewDelivery[] = channels.map((channel) => {
        let post: ComposedPost;
        try {
          post = composePost(stored.article, channel, ctx);
        } catch (err) {
          // Rolls the whole article back, so the source reports it and a fixed crier can take it again.
          throw new ArticleError(
            article.source.ref,
            `channel "${channel.id}": cannot compose the post: ${(err as Error).message}`,
          );
        }
        const scheduledAt =
          channel.enabled && !call.immediate
            ? planDelivery(
                channel.schedule,
                at,
                store.scheduledTimes(channel.id, at - LOOKBACK_MS),
                channel.id,
              )
            : at;
        return {
          channel: channel.id,
          platform: channel.platform,
          post,
          scheduledAt,
          status: channel.enabled ? 'queued' : 'skipped',
        };
      });
      return { articleId: stored.id, created, deliveries: store.addDeliveries(stored.id, planned) };
    });
    if (result.created) {
      logger.info(
        {
          article: result.articleId,
          title: article.title,
          source: `${article.source.kind}:${article.source.ref}`,
          deliveries: result.deliveries.map((d) => ({
            channel: d.channel,
            at: new Date(d.scheduledAt).toISOString(),
          })),
        },
        'article queued',
      );
      opts.onQueued?.(result.deliveries);
    } else {
      logger.info(
        { article: result.articleId, title: article.title },
        'article already known: nothing new queued',
      );
    }
    return result;
  };
}
