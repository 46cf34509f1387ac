/**
 * The crash harness core: the service against the loopback fake, killed with SIGKILL at random moments
 * and restarted, then one clean run to finish; the fake's record and `crier status` must show every
 * (article, channel) posted exactly once, or `uncertain` and posted at most once.
 */
import { rmSync } from 'node:fs';
import { startPlatformFake } from '../../tests/support/platform-fake.js';
import { seededRandom } from './articles.js';
import { startServiceChild } from './child.js';
import { readProgress, sendingIds } from './db.js';
import { readStatus, runToCompletion, workDone } from './drive.js';
import {
  THREE_CHANNELS,
  checkExactlyOnce,
  fillInbox,
  makeWorkspace,
  type ExactlyOnceReport,
  type Workspace,
} from './workload.js';

export interface CrashOptions {
  /** SIGKILLs before the final clean run. Default 100. */
  kills?: number;
  /** Articles in the inbox (each goes to three channels). Default 200. */
  articles?: number;
  /** Longest wait after "crier is running" before a kill, ms. Default 400. */
  maxKillDelayMs?: number;
  /** Seed for kill timing and the fake's answer delays. Default 1. */
  seed?: number;
  /** Progress lines go here. Default: nowhere. */
  log?: (line: string) => void;
  /** Extra environment for the service, e.g. a web hook token. */
  env?: Record<string, string>;
  /** Keep the tmp folder (the caller removes `workspace.dir`). Default false. */
  keep?: boolean;
}

export interface CrashReport extends ExactlyOnceReport {
  kills: number;
  /** Kills that landed before the service said it was running. */
  killedStarting: number;
  /** Rows the restarts found `sending` and turned `uncertain`. */
  interrupted: number;
  /** Kills that came after all work was already done (they test nothing). */
  killsAfterDone: number;
  articles: number;
  posts: number;
  seconds: number;
  ok: boolean;
  /** Every log line of every run, the status output: for secret checks. */
  artifacts: { lines: string[]; statusStdout: string; workspace: Workspace };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runCrashHarness(opts: CrashOptions = {}): Promise<CrashReport> {
  const { kills = 100, articles = 200, maxKillDelayMs = 400, seed = 1, log = () => undefined } = opts;
  const started = Date.now();
  const random = seededRandom(seed);
  // No platform limits: the harness is about crashes, the fault harness covers limits.
  const fake = await startPlatformFake({
    seed,
    delayMs: [0, 15],
    rateLimits: { telegramPerChat: null, telegramPerBot: null, twitterPerUser: null },
  });
  const ws = makeWorkspace('crash', { channels: THREE_CHANNELS });
  const numbers = fillInbox(ws.inbox, articles);
  const env = { ...fake.env(), CRIER_DATA_DIR: ws.dataDir, CRIER_HTTP_PORT: '0', ...opts.env };
  const lines: string[] = [];
  let killedStarting = 0;
  let killsAfterDone = 0;
  const interrupted = new Set<number>();
  try {
    for (let k = 1; k <= kills; k++) {
      const child = startServiceChild({ cwd: ws.dir, env, configPath: ws.configPath });
      // One kill in five lands during startup (before or while recovery and the inbox scan run).
      if (random() < 0.2) {
        await Promise.race([sleep(random() * 250), child.exited]);
        if (!child.http) killedStarting++;
      } else {
        await child.ready;
        await sleep(random() * maxKillDelayMs);
      }
      if (workDone(ws)) killsAfterDone++;
      child.kill('SIGKILL');
      await child.exited;
      lines.push(...child.lines);
      // Read from the database, not the restart's log line: a kill can land between the two. A set, as
      // a kill before recovery leaves the same rows sending for the next start.
      for (const id of sendingIds(ws.dbFile)) interrupted.add(id);
      if (k % 10 === 0) {
        const p = readProgress(ws.dbFile);
        log(
          `kill ${k}/${kills}: ${p?.articles ?? 0} articles, ${p?.open ?? 0} open, ${fake.posts.length} posts`,
        );
      }
    }
    const final = await runToCompletion(ws, env);
    lines.push(...final.lines);
    const status = await readStatus(ws, env);
    const check = checkExactlyOnce({
      articles: numbers,
      channels: THREE_CHANNELS,
      posts: fake.posts,
      status: status.json,
      allowFailed: false,
    });
    return {
      ...check,
      kills,
      killedStarting,
      interrupted: interrupted.size,
      killsAfterDone,
      articles,
      posts: fake.posts.length,
      seconds: (Date.now() - started) / 1000,
      ok: check.duplicates.length === 0 && check.losses.length === 0 && check.problems.length === 0,
      artifacts: { lines, statusStdout: status.stdout, workspace: ws },
    };
  } finally {
    await fake.close();
    if (!opts.keep) rmSync(ws.dir, { recursive: true, force: true });
  }
}
