/**
 * Latency benchmark: `node dist/cli.js run` against the loopback fake; an article dropped into the inbox
 * (written aside, then renamed in, as a CMS export would) and an article POSTed to the web hook, each
 * timed to the first platform request the fake sees for it. Also the service's idle and peak RSS.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startPlatformFake } from '../tests/support/platform-fake.js';
import { articleMarkdown, articleNumberIn, articleWebhookJson, generateArticle } from './support/articles.js';
import { readRss, startServiceChild, type Rss } from './support/child.js';
import { percentile } from './support/table.js';
import { SHIPPED_DELIVERY, THREE_CHANNELS, makeWorkspace } from './support/workload.js';

export interface LatencyFigure {
  source: 'inbox' | 'webhook';
  articles: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LatencyResult {
  latency: LatencyFigure[];
  /** RSS after start-up with nothing to do, and the high-water mark after the run. */
  memory: { idle: Rss | undefined; afterRun: Rss | undefined };
}

const TOKEN = 'bench-webhook-token-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchLatency(perSource: number): Promise<LatencyResult> {
  // No platform limits, and generous client limits: this measures crier's path, not a rate limit's wait.
  const fake = await startPlatformFake({
    rateLimits: { telegramPerChat: null, telegramPerBot: null, twitterPerUser: null },
  });
  const ws = makeWorkspace('latency', {
    channels: THREE_CHANNELS,
    delivery: SHIPPED_DELIVERY,
    sweep: '*/30 * * * * *',
  });
  const env = { ...fake.env(), CRIER_DATA_DIR: ws.dataDir, CRIER_HTTP_PORT: '0', CRIER_WEBHOOK_TOKEN: TOKEN };
  const waiting = new Map<number, (t: number) => void>();
  fake.onRequest((r) => {
    const n = articleNumberIn(JSON.stringify(r.body));
    const resolve = n === undefined ? undefined : waiting.get(n);
    if (resolve) {
      waiting.delete(n!);
      resolve(performance.now());
    }
  });
  const firstRequest = (n: number) =>
    Promise.race([
      new Promise<number>((resolve) => waiting.set(n, resolve)),
      sleep(30_000).then(() => {
        throw new Error(`article ${n}: no platform request within 30 s`);
      }),
    ]);
  const child = startServiceChild({ cwd: ws.dir, env, configPath: ws.configPath });
  try {
    await child.ready;
    await sleep(1_000);
    const idle = readRss(child.pid);
    const inbox: number[] = [];
    for (let i = 1; i <= perSource; i++) {
      const n = i;
      const tmp = path.join(ws.dir, `article-${n}.md`);
      writeFileSync(tmp, articleMarkdown(generateArticle(n)));
      const seen = firstRequest(n);
      const t0 = performance.now();
      renameSync(tmp, path.join(ws.inbox, `article-${n}.md`));
      inbox.push((await seen) - t0);
    }
    const webhook: number[] = [];
    for (let i = 1; i <= perSource; i++) {
      const n = 100_000 + i;
      const body = articleWebhookJson(generateArticle(n));
      const seen = firstRequest(n);
      const t0 = performance.now();
      const res = await fetch(`${child.http}/articles`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body,
      });
      if (res.status !== 202) throw new Error(`web hook answered ${res.status}: ${await res.text()}`);
      webhook.push((await seen) - t0);
    }
    const afterRun = readRss(child.pid);
    const figure = (source: LatencyFigure['source'], ms: number[]): LatencyFigure => ({
      source,
      articles: ms.length,
      p50Ms: percentile(ms, 50),
      p99Ms: percentile(ms, 99),
      maxMs: Math.max(...ms),
    });
    return { latency: [figure('inbox', inbox), figure('webhook', webhook)], memory: { idle, afterRun } };
  } finally {
    await child.stop();
    await fake.close();
    rmSync(ws.dir, { recursive: true, force: true });
  }
}
