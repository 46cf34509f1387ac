/**
 * The fault harness core: the crash harness's workload against a fake that fails 30 % of requests with
 * a 5xx, loses 5 % of answers after accepting the post, and answers everything with 429 during a storm.
 * Every (article, channel) must end `sent` once, or `uncertain`/`failed` with a reason, and no request
 * may reach a chat before its retry-after ran out.
 */
import { rmSync } from 'node:fs';
import { startPlatformFake } from '../../tests/support/platform-fake.js';
import type { FakeViolation } from '../../tests/support/fake-types.js';
import { waitUntil } from './child.js';
import { readStatus, runToCompletion } from './drive.js';
import {
  THREE_CHANNELS,
  checkExactlyOnce,
  fillInbox,
  makeWorkspace,
  type ExactlyOnceReport,
  type WorkloadChannel,
  type Workspace,
} from './workload.js';

export interface FaultOptions {
  /** Articles in the inbox (each goes to three channels). Default 200. */
  articles?: number;
  /** Share of requests answered 5xx. Default 0.3. */
  failRate?: number;
  /** Share of posts accepted whose answer is lost. Default 0.05. */
  dropRate?: number;
  /**
   * The 429 storm lasts this long from the first platform request, ms; 0 for none. Default 3000.
   * A Graph rate limit carries its wait in whole minutes, so a storm that hits Facebook makes the run
   * last at least a minute longer (crier rightly waits).
   */
  stormMs?: number;
  /** Default: x, telegram and facebook. */
  channels?: WorkloadChannel[];
  /** Seed for the fake's random choices. Default 1. */
  seed?: number;
  env?: Record<string, string>;
  /** Keep the tmp folder (the caller removes `workspace.dir`). Default false. */
  keep?: boolean;
}

export interface FaultReport extends ExactlyOnceReport {
  articles: number;
  channels: number;
  requests: number;
  posts: number;
  /** Requests answered with a 5xx. */
  serverErrors: number;
  /** Posts whose answer was lost on purpose. */
  droppedAnswers: number;
  /** 429 (or Graph rate-limit) answers. */
  rateLimited: number;
  /** Failed rows by error kind. */
  failedKinds: Record<string, number>;
  violations: FakeViolation[];
  seconds: number;
  ok: boolean;
  artifacts: { lines: string[]; statusStdout: string; workspace: Workspace };
}

export async function runFaultHarness(opts: FaultOptions = {}): Promise<FaultReport> {
  const { articles = 200, failRate = 0.3, dropRate = 0.05, stormMs = 3_000, seed = 1 } = opts;
  const channels = opts.channels ?? THREE_CHANNELS;
  const started = Date.now();
  // Telegram's per-chat window is shortened from 60 s to 2 s so its 429s come often within a short run;
  // X's per-user window is off (100 per 15 min would make the run take an hour).
  const fake = await startPlatformFake({
    seed,
    failRate,
    dropAfterAccept: dropRate,
    rateLimits: { telegramPerChat: { limit: 20, windowMs: 2_000 }, twitterPerUser: null },
  });
  let storming = stormMs <= 0;
  // The storm starts with the first platform request, so it hits the service at full speed.
  fake.onRequest((r) => {
    if (storming || r.platform === 'unknown') return;
    storming = true;
    fake.configure({ stormUntil: r.time + stormMs });
  });
  const ws = makeWorkspace('faults', { channels });
  const numbers = fillInbox(ws.inbox, articles);
  const env = { ...fake.env(), CRIER_DATA_DIR: ws.dataDir, CRIER_HTTP_PORT: '0', ...opts.env };
  try {
    const run = await runToCompletion(ws, env, 180_000);
    await waitUntil(() => storming, 'the storm to have started', 1_000);
    const status = await readStatus(ws, env);
    const check = checkExactlyOnce({
      articles: numbers,
      channels,
      posts: fake.posts,
      status: status.json,
      allowFailed: true,
    });
    const failedKinds: Record<string, number> = {};
    for (const d of status.json.deliveries) {
      if (d.status === 'failed')
        failedKinds[d.lastErrorKind ?? '?'] = (failedKinds[d.lastErrorKind ?? '?'] ?? 0) + 1;
    }
    const violations = [...fake.violations];
    return {
      ...check,
      articles,
      channels: channels.length,
      requests: fake.requests.length,
      posts: fake.posts.length,
      serverErrors: fake.requests.filter((r) => (r.status ?? 0) >= 500).length,
      droppedAnswers: fake.posts.filter((p) => p.answerLost).length,
      rateLimited: fake.rateLimits.length,
      failedKinds,
      violations,
      seconds: (Date.now() - started) / 1000,
      ok:
        check.duplicates.length === 0 &&
        check.losses.length === 0 &&
        check.problems.length === 0 &&
        violations.length === 0,
      artifacts: { lines: run.lines, statusStdout: status.stdout, workspace: ws },
    };
  } finally {
    await fake.close();
    if (!opts.keep) rmSync(ws.dir, { recursive: true, force: true });
  }
}
