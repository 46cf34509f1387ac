/**
 * `npm run harness:crash [-- --kills N --articles N --seed N --json]`: SIGKILL the service at random
 * moments against the loopback fake, then check nothing was posted twice or lost. Exits 1 on any
 * duplicate or loss.
 */
import { runCrashHarness, type CrashReport } from './support/crash.js';
import { formatTable, intFlag } from './support/table.js';

function table(r: CrashReport): string {
  return formatTable([
    ['crash harness', 'value'],
    ['articles x channels', `${r.articles} x 3 = ${r.expected}`],
    ['SIGKILLs (during startup)', `${r.kills} (${r.killedStarting})`],
    ['kills after all work was done', r.killsAfterDone],
    ['rows found "sending" at restart -> uncertain', r.interrupted],
    ['sent, posted exactly once', r.sent],
    ['uncertain (posted at most once)', `${r.uncertain} (${r.uncertainPosted} reached the platform)`],
    ['failed', r.failed],
    ['left queued or sending', r.open],
    ['duplicates', r.duplicates.length],
    ['losses', r.losses.length],
    ['platform posts', r.posts],
    ['seconds', r.seconds.toFixed(1)],
    ['result', r.ok ? 'PASS' : 'FAIL'],
  ]);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const report = await runCrashHarness({
    kills: intFlag(argv, 'kills', 100),
    articles: intFlag(argv, 'articles', 200),
    seed: intFlag(argv, 'seed', 1),
    log: json ? () => undefined : (line) => console.error(line),
  });
  const { artifacts: _artifacts, ...figures } = report;
  if (json) console.log(JSON.stringify(figures, null, 2));
  else {
    console.log(table(report));
    for (const p of [...report.duplicates, ...report.losses, ...report.problems].slice(0, 20))
      console.log(`  ${p}`);
  }
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 2;
});
