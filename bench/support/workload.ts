/**
 * The harnesses' workload: a tmp folder with a config, an inbox of generated articles and a data dir,
 * and the exactly-once check of the fake's record against `crier status --json --limit 0`.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { FakePlatform, FakePost } from '../../tests/support/fake-types.js';
import { ConfigFileSchema } from '../../src/config/schema.js';
import { articleMarkdown, articleNumberIn, generateArticle } from './articles.js';

export interface WorkloadChannel {
  id: string;
  platform: FakePlatform;
}

/** One channel per platform, as the shipped config has them. */
export const THREE_CHANNELS: WorkloadChannel[] = [
  { id: 'x', platform: 'twitter' },
  { id: 'telegram', platform: 'telegram' },
  { id: 'facebook', platform: 'facebook' },
];

/** Client-side limits high enough never to hold the harnesses back (the fake enforces its own). */
export const GENEROUS_RATE = { perMinute: 100_000, perHour: 1_000_000, perDay: 10_000_000 };

/** The default delivery settings (those of the shipped config): the service as users run it. */
export const SHIPPED_DELIVERY = ConfigFileSchema.parse({}).delivery;

export interface Workspace {
  dir: string;
  inbox: string;
  dataDir: string;
  configPath: string;
  dbFile: string;
}

export interface WorkspaceOptions {
  channels: WorkloadChannel[];
  /** Merged over the `delivery` section. Default: fast ticks and short backoff for the harnesses. */
  delivery?: Record<string, number>;
  /** `rate` of every channel. Default GENEROUS_RATE. */
  rate?: Record<string, number>;
  /** `sources.feeds` entries. Default none. */
  feeds?: Record<string, unknown>[];
  /** Inbox sweep cron (seconds field allowed). Default every second, so a missed watch event costs little. */
  sweep?: string;
}

/** Makes a tmp folder with config, inbox and data dir. */
export function makeWorkspace(prefix: string, opts: WorkspaceOptions): Workspace {
  const dir = mkdtempSync(path.join(tmpdir(), `crier-${prefix}-`));
  const inbox = path.join(dir, 'inbox');
  const dataDir = path.join(dir, 'data');
  mkdirSync(inbox);
  const config = {
    site: { name: 'Harness News', campaign: 'harness' },
    channels: opts.channels.map((c) => ({
      id: c.id,
      platform: c.platform,
      rate: opts.rate ?? GENEROUS_RATE,
    })),
    sources: {
      inbox: { enabled: true, path: inbox, sweep: opts.sweep ?? '* * * * * *' },
      feeds: opts.feeds ?? [],
      webhook: { enabled: true, maxBodyBytes: 1_048_576 },
    },
    delivery: {
      maxAttempts: 5,
      backoffBaseMs: 50,
      backoffMaxMs: 1_000,
      publishTimeoutMs: 10_000,
      shutdownTimeoutMs: 2_000,
      tickMs: 20,
      ...opts.delivery,
    },
  };
  const configPath = path.join(dir, 'crier.yaml');
  writeFileSync(configPath, stringify(config));
  return { dir, inbox, dataDir, configPath, dbFile: path.join(dataDir, 'crier.db') };
}

/** Writes articles 1..count into the inbox as Markdown files. */
export function fillInbox(inbox: string, count: number, bytes = 1500): number[] {
  const numbers = Array.from({ length: count }, (_, i) => i + 1);
  for (const n of numbers)
    writeFileSync(path.join(inbox, `article-${n}.md`), articleMarkdown(generateArticle(n, bytes)));
  return numbers;
}

/** One entry of `crier status --json` deliveries. */
export interface StatusDelivery {
  id: number;
  articleId: string;
  title: string;
  articleUrl?: string;
  channel: string;
  platform: string;
  status: string;
  attempts: number;
  lastErrorKind?: string;
  lastError?: string;
}

export interface StatusJson {
  counts: { channel: string; status: string; count: number }[];
  deliveries: StatusDelivery[];
}

export interface ExactlyOnceReport {
  /** articles x channels. */
  expected: number;
  sent: number;
  uncertain: number;
  /** Uncertain rows whose post the platform does have (the rest never reached it). */
  uncertainPosted: number;
  failed: number;
  /** Rows still queued or sending. */
  open: number;
  /** (article, channel) posted more than once. */
  duplicates: string[];
  /** (article, channel) with no row, or `sent` with no post, or `failed` where failure is not allowed. */
  losses: string[];
  /** Other broken promises: open rows, failed rows without a reason, posts of unknown articles. */
  problems: string[];
}

/** The article number and channel a fake post belongs to, or undefined for a post of no known article. */
function postKey(post: FakePost, channelOf: Map<string, string>): string | undefined {
  const n = articleNumberIn(`${post.text} ${post.link ?? ''}`);
  const channel = channelOf.get(post.platform);
  return n === undefined || channel === undefined ? undefined : `${n}|${channel}`;
}

/**
 * Every (article, channel) posted exactly once when `sent`, at most once when `uncertain` (or `failed`
 * with a reason, when `allowFailed`), and nothing left queued or sending.
 */
export function checkExactlyOnce(input: {
  articles: number[];
  channels: WorkloadChannel[];
  posts: readonly FakePost[];
  status: StatusJson;
  allowFailed: boolean;
}): ExactlyOnceReport {
  const channelOf = new Map(input.channels.map((c) => [c.platform as string, c.id]));
  const postCount = new Map<string, number>();
  const problems: string[] = [];
  for (const post of input.posts) {
    const key = postKey(post, channelOf);
    if (key === undefined)
      problems.push(`a ${post.platform} post of no known article: ${post.text.slice(0, 60)}`);
    else postCount.set(key, (postCount.get(key) ?? 0) + 1);
  }
  const rows = new Map<string, StatusDelivery[]>();
  for (const d of input.status.deliveries) {
    const key = `${articleNumberIn(d.articleUrl) ?? '?'}|${d.channel}`;
    rows.set(key, [...(rows.get(key) ?? []), d]);
  }
  const report: ExactlyOnceReport = {
    expected: input.articles.length * input.channels.length,
    sent: 0,
    uncertain: 0,
    uncertainPosted: 0,
    failed: 0,
    open: 0,
    duplicates: [],
    losses: [],
    problems,
  };
  for (const n of input.articles) {
    for (const c of input.channels) {
      const key = `${n}|${c.id}`;
      const name = `article ${n} on ${c.id}`;
      const posted = postCount.get(key) ?? 0;
      const found = rows.get(key) ?? [];
      if (posted > 1) report.duplicates.push(`${name}: posted ${posted} times`);
      if (found.length !== 1) {
        report.losses.push(`${name}: ${found.length} delivery rows`);
        continue;
      }
      const d = found[0]!;
      switch (d.status) {
        case 'sent':
          report.sent++;
          if (posted === 0) report.losses.push(`${name}: "sent" but the platform has no post`);
          break;
        case 'uncertain':
          report.uncertain++;
          if (posted > 0) report.uncertainPosted++;
          break;
        case 'failed':
          report.failed++;
          if (!input.allowFailed) report.losses.push(`${name}: failed (${d.lastError ?? 'no reason'})`);
          else if (!d.lastError) problems.push(`${name}: failed without a reason`);
          else if (posted > 0)
            problems.push(`${name}: "failed" but the platform has the post (${d.lastError})`);
          break;
        case 'queued':
        case 'sending':
          report.open++;
          problems.push(`${name}: left ${d.status}`);
          break;
        default:
          problems.push(`${name}: unexpected status ${d.status}`);
      }
    }
  }
  return report;
}

/** True when the check found no duplicate, loss or other problem. */
export function passed(r: ExactlyOnceReport): boolean {
  return r.duplicates.length === 0 && r.losses.length === 0 && r.problems.length === 0;
}
