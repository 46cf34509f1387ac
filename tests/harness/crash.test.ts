import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCrashHarness, type CrashReport } from '../../bench/support/crash.js';

// The short variant of `npm run harness:crash`: 10 SIGKILLs of `node dist/cli.js run` (built by pretest).
let report: CrashReport | undefined;
afterAll(() => {
  if (report) rmSync(report.artifacts.workspace.dir, { recursive: true, force: true });
});

describe('crash harness (short)', () => {
  it('after 10 SIGKILLs every (article, channel) is posted exactly once, or uncertain and at most once', async () => {
    report = await runCrashHarness({ kills: 10, articles: 30, maxKillDelayMs: 300, seed: 7, keep: true });
    expect(report.duplicates).toEqual([]);
    expect(report.losses).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.open).toBe(0);
    expect(report.sent + report.uncertain).toBe(90);
    // The kills did hit the service mid-work: some restarts found rows left "sending".
    expect(report.interrupted).toBe(report.uncertain);
    expect(report.posts).toBe(report.sent + report.uncertainPosted);
  }, 60_000);
});
