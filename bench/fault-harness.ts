/**
 * `npm run harness:faults [-- --articles N --seed N --json]`: the crash harness's workload against a fake
 * failing 30 % of requests with a 5xx, losing 5 % of answers and answering 429 during a storm. Exits 1
 * on any duplicate, loss, failed row without a reason, or request made before its retry-after ran out.
 */
import { runFaultHarness, type FaultReport } from './support/faults.js';
import { formatTable, intFlag } from './support/table.js';

function table(r: FaultReport): string {
  const kinds = Object.entries(r.failedKinds)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return formatTable([
    ['fault harness', 'value'],
    ['articles x channels', `${r.articles} x ${r.channels} = ${r.expected}`],
    ['platform requests', r.requests],
    ['answered 5xx', r.serverErrors],
    ['answers dropped after accepting', r.droppedAnswers],
    ['answered 429 (storm + limits)', r.rateLimited],
    ['sent, posted exactly once', r.sent],
    ['uncertain (posted at most once)', `${r.uncertain} (${r.uncertainPosted} reached the platform)`],
    ['failed, with a reason', `${r.failed}${kinds ? ` (${kinds})` : ''}`],
    ['left queued or sending', r.open],
    ['duplicates', r.duplicates.length],
    ['losses', r.losses.length],
    ['retry-after / token-in-URL violations', r.violations.length],
    ['seconds', r.seconds.toFixed(1)],
    ['result', r.ok ? 'PASS' : 'FAIL'],
  ]);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const report = await runFaultHarness({
    articles: intFlag(argv, 'articles', 200),
    seed: intFlag(argv, 'seed', 1),
  });
  const { artifacts: _artifacts, ...figures } = report;
  if (json) console.log(JSON.stringify(figures, null, 2));
  else {
    console.log(table(report));
    const details = [...report.duplicates, ...report.losses, ...report.problems];
    for (const v of report.violations) details.push(`${v.kind} on ${v.platform}: ${v.detail}`);
    for (const p of details.slice(0, 20)) console.log(`  ${p}`);
  }
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 2;
});
