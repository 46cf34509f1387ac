/**
 * Store benchmark: `crier status` wall time (Node start-up included) with 1 M deliveries in the
 * database. The file is created and migrated by the store itself (openStore), then seeded directly
 * with better-sqlite3 in large transactions: 250,000 articles x 4 channels.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { readArticleText } from '../src/articles/load.js';
import { composePost } from '../src/compose/compose.js';
import { ChannelSchema } from '../src/config/schema.js';
import { openStore } from '../src/store/sqlite-store.js';
import { articleMarkdown, articleUrl, generateArticle } from './support/articles.js';
import { runCrier } from './support/child.js';
import { percentile } from './support/table.js';

export interface StoreFigure {
  command: string;
  /** Median wall time of `runs` runs, ms. */
  medianMs: number;
  runs: number;
}

export interface StoreResult {
  deliveries: number;
  seedSeconds: number;
  fileMb: number;
  figures: StoreFigure[];
}

const CHANNELS = [
  { id: 'x', platform: 'twitter' },
  { id: 'telegram', platform: 'telegram' },
  { id: 'telegram-2', platform: 'telegram' },
  { id: 'facebook', platform: 'facebook' },
] as const;

/** Status mix of a long-running outbox: almost all sent, a few failed, uncertain and queued. */
function statusFor(i: number): string {
  if (i % 1000 === 0) return 'failed';
  if (i % 2500 === 1) return 'uncertain';
  if (i % 5000 === 2) return 'queued';
  return 'sent';
}

function seed(file: string, deliveries: number): void {
  const sample = readArticleText(articleMarkdown(generateArticle(1)), { ref: 'seed', format: 'markdown' });
  // Real composed posts as stored by ingest, so rows have their true size.
  const posts = CHANNELS.map((c) =>
    JSON.stringify(
      composePost(sample, ChannelSchema.parse({ id: c.id, platform: c.platform }), { campaign: 'bench' }),
    ),
  );
  const articleJson = JSON.stringify(sample);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // seeding only; the store's own connections use FULL
  const insertArticle = db.prepare(
    `INSERT INTO articles (id, key, title, url, source, json, created_at) VALUES (?, ?, ?, ?, 'inbox', ?, ?)`,
  );
  const insertDelivery = db.prepare(
    `INSERT INTO deliveries (article_id, channel, platform, status, attempts, next_attempt_at, scheduled_at,
       last_error_kind, last_error, remote_id, remote_url, post_json, created_at, updated_at, sent_at)
     VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const articles = Math.ceil(deliveries / CHANNELS.length);
  const start = Date.now() - articles * 60_000;
  const batch = 20_000;
  let i = 0;
  for (let from = 0; from < articles; from += batch) {
    db.transaction(() => {
      for (let a = from; a < Math.min(articles, from + batch); a++) {
        const id = a.toString(16).padStart(16, '0');
        const t = start + a * 60_000;
        insertArticle.run(id, `url:${articleUrl(a)}`, `${sample.title} ${a}`, articleUrl(a), articleJson, t);
        CHANNELS.forEach((c, k) => {
          if (i >= deliveries) return;
          const status = statusFor(i++);
          const sent = status === 'sent';
          insertDelivery.run(
            id,
            c.id,
            c.platform,
            status,
            status === 'queued' ? t : null,
            t,
            status === 'failed' ? 'rejected' : status === 'uncertain' ? 'uncertain' : null,
            status === 'failed'
              ? 'text too long'
              : status === 'uncertain'
                ? 'interrupted while sending'
                : null,
            sent ? `${a}${k}` : null,
            sent ? `https://example.com/p/${a}${k}` : null,
            posts[k]!,
            t,
            t,
            sent ? t + 1000 : null,
          );
        });
      }
    })();
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

export async function benchStore(deliveries = 1_000_000, runs = 5): Promise<StoreResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'crier-store-'));
  try {
    const dataDir = path.join(dir, 'data');
    openStore({ dataDir }).close(); // creates the file and applies the store's migrations
    const file = path.join(dataDir, 'crier.db');
    const t0 = Date.now();
    seed(file, deliveries);
    const seedSeconds = (Date.now() - t0) / 1000;
    const env = { CRIER_DATA_DIR: dataDir };
    const commands = [
      ['--help'],
      ['status'],
      ['status', '--json'],
      ['status', '--json', '--limit', '1000'],
      ['status', '--json', '--status', 'failed,uncertain', '--limit', '0'],
    ];
    const figures: StoreFigure[] = [];
    for (const args of commands) {
      const times: number[] = [];
      for (let r = 0; r < runs; r++) {
        const run = await runCrier(args, { cwd: dir, env });
        if (run.code !== 0) throw new Error(`crier ${args.join(' ')} failed: ${run.stderr.trim()}`);
        times.push(run.ms);
      }
      figures.push({ command: `crier ${args.join(' ')}`, medianMs: percentile(times, 50), runs });
    }
    return { deliveries, seedSeconds, fileMb: statSync(file).size / 1024 / 1024, figures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
