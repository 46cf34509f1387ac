/**
 * `npm run bench [-- --json] [--quick] [--only compose,latency,throughput,store]`: crier's figures on
 * this machine, printed as one table (or one JSON document). `--quick` shortens every section (fewer
 * articles, a 100 k-row store) for a smoke run; its figures are not the ones to publish.
 */
import { cpus } from 'node:os';
import { benchCompose } from './compose-bench.js';
import { benchLatency } from './latency-bench.js';
import { benchStore } from './store-bench.js';
import { benchThroughput } from './throughput-bench.js';
import { formatTable, round } from './support/table.js';

const SECTIONS = ['compose', 'latency', 'throughput', 'store'] as const;
const mb = (bytes: number | undefined) => (bytes === undefined ? NaN : round(bytes / 1024 / 1024));

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const quick = argv.includes('--quick');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '').split(',') : [...SECTIONS];
  const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new Error(`--only: unknown section "${unknown[0]}"; use ${SECTIONS.join(',')}`);
  const progress = (line: string) => {
    if (!json) console.error(line);
  };
  const result: Record<string, unknown> = {
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      platform: process.platform,
    },
    quick,
  };
  const rows: (string | number)[][] = [['section', 'figure', 'value']];

  if (only.includes('compose')) {
    progress('compose ...');
    const compose = benchCompose(quick ? 0.5 : 3);
    result.compose = compose;
    for (const c of compose) {
      rows.push([
        'compose',
        `${c.sizeKb} KB article (${c.meanBytes} B): articles/s, one core`,
        round(c.articlesPerSecond, 0),
      ]);
    }
  }
  if (only.includes('latency')) {
    const perSource = quick ? 20 : 100;
    progress(`latency: ${perSource} inbox files, ${perSource} web hook posts ...`);
    const latency = await benchLatency(perSource);
    result.latency = latency.latency;
    result.memory = latency.memory;
    for (const l of latency.latency) {
      rows.push([
        'latency',
        `${l.source} -> first platform request, p50 ms (n=${l.articles})`,
        round(l.p50Ms),
      ]);
      rows.push(['latency', `${l.source} -> first platform request, p99 ms`, round(l.p99Ms)]);
    }
    rows.push(['memory', 'idle RSS after start, MB', mb(latency.memory.idle?.rss)]);
    rows.push([
      'memory',
      `peak RSS after ${perSource * 2} articles x 3 channels, MB`,
      mb(latency.memory.afterRun?.hwm),
    ]);
  }
  if (only.includes('throughput')) {
    const articles = quick ? 1 : 5;
    progress(`throughput: 100 Telegram channels x ${articles} articles, two scenarios ...`);
    const throughput = await benchThroughput(articles);
    result.throughput = throughput;
    for (const t of throughput) {
      const label = `${t.channels} ch x ${t.articles} art, ${t.scenario}`;
      rows.push([
        'throughput',
        `${label}: posts/s (allowed ${round(t.allowedPerSecond, 2)})`,
        round(t.achievedPerSecond, 2),
      ]);
      rows.push(['throughput', `${label}: share of allowed rate`, `${round(t.share * 100, 0)} %`]);
      rows.push(['throughput', `${label}: 429s received`, t.rateLimited]);
      rows.push(['throughput', `${label}: requests inside a retry-after`, t.retryAfterViolations]);
      rows.push(['memory', `peak RSS, ${label}, MB`, mb(t.peak?.hwm)]);
    }
  }
  if (only.includes('store')) {
    const deliveries = quick ? 100_000 : 1_000_000;
    progress(`store: seeding ${deliveries} deliveries ...`);
    const store = await benchStore(deliveries, quick ? 3 : 5);
    result.store = store;
    rows.push([
      'store',
      `seed ${deliveries} deliveries, s (file ${round(store.fileMb, 0)} MB)`,
      round(store.seedSeconds),
    ]);
    for (const f of store.figures) rows.push(['store', `${f.command}, median ms`, round(f.medianMs, 0)]);
  }

  if (json) console.log(JSON.stringify(result, null, 2));
  else console.log(formatTable(rows));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
