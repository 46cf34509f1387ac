import type { Article } from '../articles/article.js';
import { collectArticleFiles, readArticleFile } from '../articles/load.js';
import { composePost } from '../compose/compose.js';
import type { ComposedPost } from '../compose/types.js';
import { summarize } from '../compose/summary.js';
import type { Config } from '../config/schema.js';
import { CommandFailed, commandContext, type GlobalOptions } from './context.js';

export interface PreviewOptions {
  json?: boolean;
  url?: string;
  channels?: string;
}

/** The channels a command acts on: all enabled ones, or the `--channels a,b` subset (unknown ids fail). */
export function selectChannels(config: Config, list?: string): Config['channels'] {
  if (!list) return config.channels.filter((c) => c.enabled);
  const ids = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = new Set(config.channels.map((c) => c.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new CommandFailed(
      `--channels: unknown channel ${unknown.map((u) => `"${u}"`).join(', ')}; configured: ${[...known].join(', ')}`,
      2,
    );
  }
  return config.channels.filter((c) => ids.includes(c.id));
}

/** Reads every file (a directory means its .txt/.md files); bad ones are reported and skipped. */
export async function readArticles(
  paths: string[],
  config: Config,
  url: string | undefined,
  report: (message: string) => void,
): Promise<{ articles: Article[]; failed: number }> {
  const { files, errors } = await collectArticleFiles(paths);
  let failed = errors.length;
  for (const e of errors) report(e.message);
  const articles: Article[] = [];
  for (const file of files) {
    try {
      articles.push(
        await readArticleFile(file, {
          ...(config.site.articleUrl ? { articleUrlTemplate: config.site.articleUrl } : {}),
          ...(url ? { urlOverride: url } : {}),
        }),
      );
    } catch (err) {
      failed++;
      report((err as Error).message);
    }
  }
  return { articles, failed };
}

export function articleJson(a: Article): Record<string, unknown> {
  return {
    id: a.id,
    title: a.title,
    url: a.url,
    published: a.published,
    tags: a.tags,
    image: a.image,
    lang: a.lang,
    source: a.source,
  };
}

function renderPost(p: ComposedPost): string {
  const parts = p.requests.length > 1 ? ` (${p.requests.length} posts)` : '';
  return `── ${p.channel} · ${p.platform} · ${p.length}/${p.limit}${parts}\n${p.text}`;
}

export async function previewCommand(
  paths: string[],
  opts: PreviewOptions,
  global: GlobalOptions,
): Promise<void> {
  const ctx = commandContext(global, { logLevel: 'warn', logToStderr: true });
  const channels = selectChannels(ctx.config, opts.channels);
  const { articles, failed } = await readArticles(paths, ctx.config, opts.url, (m) => ctx.err(`crier: ${m}`));
  const composeCtx = { campaign: ctx.config.site.campaign, targets: ctx.config.targets };
  for (const article of articles) {
    const posts = channels.map((c) => composePost(article, c, composeCtx));
    if (opts.json) {
      ctx.out(
        JSON.stringify({
          article: articleJson(article),
          posts: posts.map((p) => ({
            channel: p.channel,
            platform: p.platform,
            length: p.length,
            limit: p.limit,
            requests: p.requests,
          })),
        }),
      );
    } else {
      ctx.out(`\n${article.title}\n${article.url ?? '(no URL)'} · id ${article.id}\n`);
      for (const p of posts) ctx.out(`${renderPost(p)}\n`);
    }
  }
  if (failed > 0)
    throw new CommandFailed(`${failed} of ${failed + articles.length} articles could not be read`);
}

export interface SummarizeOptions {
  chars?: string;
  json?: boolean;
}

export async function summarizeCommand(
  paths: string[],
  opts: SummarizeOptions,
  global: GlobalOptions,
): Promise<void> {
  const ctx = commandContext(global, { logLevel: 'warn', logToStderr: true });
  const chars = opts.chars === undefined ? 280 : Number(opts.chars);
  if (!Number.isInteger(chars) || chars < 20) {
    throw new CommandFailed(`--chars must be a whole number of at least 20, got "${opts.chars}"`, 2);
  }
  const { articles, failed } = await readArticles(paths, ctx.config, undefined, (m) =>
    ctx.err(`crier: ${m}`),
  );
  for (const article of articles) {
    const summary = summarize(article, chars);
    if (opts.json) ctx.out(JSON.stringify({ id: article.id, title: article.title, chars, summary }));
    else ctx.out(`${article.source.ref}\n${summary}\n`);
  }
  if (failed > 0)
    throw new CommandFailed(`${failed} of ${failed + articles.length} articles could not be read`);
}
