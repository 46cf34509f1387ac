import type { Article } from '../articles/article.js';
import { createChannels } from '../channels/create.js';
import { createIngest } from '../ingest.js';
import { createDispatcher } from '../schedule/dispatcher.js';
import { readArticleUrl } from '../sources/url-reader.js';
import { openStore } from '../store/sqlite-store.js';
import type { Delivery, DeliveryView, Store } from '../store/types.js';
import { CommandFailed, commandContext, type CommandContext, type GlobalOptions } from './context.js';
import { readArticles, selectChannels } from './preview.js';

export interface PostOptions {
  now?: boolean;
  channels?: string;
  url?: string;
  /** Seconds to wait for --now deliveries to finish. */
  wait?: string;
}

const FINAL = new Set(['sent', 'dry-run', 'failed', 'uncertain', 'skipped']);

async function gather(inputs: string[], ctx: CommandContext, url: string | undefined) {
  const web = inputs.filter((i) => /^https?:\/\//i.test(i));
  const files = inputs.filter((i) => !web.includes(i));
  const report = (m: string) => ctx.err(`crier: ${m}`);
  const { articles, failed } =
    files.length > 0 ? await readArticles(files, ctx.config, url, report) : { articles: [], failed: 0 };
  let webFailed = 0;
  const fromWeb: Article[] = [];
  for (const u of web) {
    try {
      fromWeb.push(
        await readArticleUrl(u, {
          ...(ctx.config.site.articleUrl ? { articleUrlTemplate: ctx.config.site.articleUrl } : {}),
        }),
      );
    } catch (err) {
      webFailed++;
      report((err as Error).message);
    }
  }
  return { articles: [...articles, ...fromWeb], failed: failed + webFailed };
}

function describe(d: DeliveryView): string {
  switch (d.status) {
    case 'sent':
      return `${d.channel}: sent ${d.remoteUrl ?? d.remoteId ?? ''}`.trimEnd();
    case 'dry-run':
      return `${d.channel}: dry-run (no credentials; nothing was sent)`;
    case 'queued':
      return `${d.channel}: queued, next attempt ${d.nextAttemptAt ? new Date(d.nextAttemptAt).toISOString() : '-'}${
        d.lastError ? ` (${d.lastErrorKind}: ${d.lastError})` : ''
      }`;
    default:
      return `${d.channel}: ${d.status}${d.lastError ? `: ${d.lastErrorKind}: ${d.lastError}` : ''}`;
  }
}

/** Waits until every delivery is final, or waiting on longer than `deadline` (e.g. a rate limit of hours). */
async function settle(store: Store, ids: number[], deadline: number): Promise<DeliveryView[]> {
  for (;;) {
    const rows = ids.map((id) => store.getDelivery(id)!);
    const pending = rows.filter((r) => !FINAL.has(r.status));
    const waitingLong = pending.every((r) => r.status === 'queued' && (r.nextAttemptAt ?? 0) > deadline);
    if (pending.length === 0 || waitingLong || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `crier post`: ingest now; with --now also dispatch right away and print each receipt. */
export async function postCommand(inputs: string[], opts: PostOptions, global: GlobalOptions): Promise<void> {
  const ctx = commandContext(global, { logToStderr: true, logLevel: opts.now ? 'warn' : undefined });
  const channels = selectChannels(ctx.config, opts.channels).map((c) => c.id);
  const waitSeconds = opts.wait === undefined ? 120 : Number(opts.wait);
  if (!Number.isFinite(waitSeconds) || waitSeconds <= 0) {
    throw new CommandFailed(`--wait must be a number of seconds, got "${opts.wait}"`, 2);
  }
  const { articles, failed } = await gather(inputs, ctx, opts.url);
  const store = openStore({ dataDir: ctx.config.dataDir, scrub: ctx.scrub });
  let problems = failed;
  try {
    const ingest = createIngest({ store, config: ctx.config, logger: ctx.logger });
    const queued: Delivery[] = [];
    for (const article of articles) {
      const result = ingest(article, { channels, immediate: Boolean(opts.now) });
      if (!result.created) {
        ctx.out(
          `${article.title}: already known (article ${result.articleId}); nothing new to post, see crier status`,
        );
      } else if (!opts.now) {
        ctx.out(`${article.title}: queued for ${result.deliveries.map((d) => d.channel).join(', ')}`);
      }
      queued.push(...result.deliveries);
    }
    if (opts.now && queued.length > 0) {
      const live = createChannels(ctx.config, ctx.logger, {
        timeoutMs: ctx.config.delivery.publishTimeoutMs,
      });
      const dispatcher = createDispatcher({
        store,
        channels: live.filter((c) => channels.includes(c.id)),
        config: ctx.config,
        logger: ctx.logger,
        only: queued.map((d) => d.id),
      });
      dispatcher.start();
      const rows = await settle(
        store,
        queued.map((d) => d.id),
        Date.now() + waitSeconds * 1000,
      );
      await dispatcher.stop(ctx.config.delivery.shutdownTimeoutMs);
      let title = '';
      for (const d of rows) {
        if (d.articleTitle !== title) ctx.out((title = d.articleTitle));
        ctx.out(`  ${describe(d)}`);
        if (d.status === 'failed' || d.status === 'uncertain') problems++;
      }
    }
  } finally {
    store.close();
  }
  if (problems > 0) throw new CommandFailed(`${problems} problem(s); see above`);
}
