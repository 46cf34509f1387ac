import { watch, type FSWatcher } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Article } from '../articles/article.js';
import { formatForPath, readArticleFile } from '../articles/load.js';
import type { Logger } from '../log.js';
import { scheduleJob, type Job } from '../schedule/cron.js';
import type { SourceIngest } from './feed-poller.js';

type ReadOptions = NonNullable<Parameters<typeof readArticleFile>[1]>;

export interface InboxOptions {
  /** The folder to watch; it and its `done/` and `failed/` subfolders are created as needed. */
  dir: string;
  ingest: SourceIngest;
  logger: Logger;
  /** Passed to readArticleFile (e.g. the site's article URL template). Default: {}. */
  readOptions?: ReadOptions;
  /** Cron expression for the fallback sweep. Default: every 30 seconds. */
  sweepCron?: string;
  /** A file counts as fully written when its size and mtime are unchanged this long. Default: 200 ms. */
  stableMs?: number;
  /** Waits between the two stability checks. Default: a timer of `stableMs`; tests inject their own. */
  settle?: (ms: number) => Promise<void>;
  /** Reads one file. Default: readArticleFile. */
  read?: (file: string, opts: ReadOptions) => Promise<Article>;
}

export interface ScanResult {
  /** Names moved to done/. */
  processed: string[];
  /** Names moved to failed/ (with a `.error` note beside them). */
  failed: string[];
  /** Names still being written; a later scan takes them. */
  pending: string[];
}

export interface Inbox {
  start(): Promise<void>;
  /** Stops watching and sweeping; resolves once a scan in progress has finished its current file. */
  stop(): Promise<void>;
  /** Looks at the folder now; scans never overlap (a request during a scan queues one more). */
  scan(): Promise<ScanResult>;
}

/**
 * Files the inbox takes: article extensions (`.txt`, `.md`, also `.text`, `.markdown`), not hidden,
 * not an editor or download temp file (`*.tmp`, `*.part`, `*~`).
 */
export function isInboxFile(name: string): boolean {
  if (name.startsWith('.') || name.endsWith('~')) return false;
  if (/\.(tmp|part|crdownload|swp)$/i.test(name)) return false;
  return formatForPath(name) !== undefined;
}

/** An empty file older than this is a mistake, not a write in progress. */
const EMPTY_GRACE_MS = 60_000;

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/** Moves `file` into `dir` under its own name, or with a timestamp suffix when the name is taken. */
async function moveInto(file: string, dir: string): Promise<string> {
  const name = path.basename(file);
  let target = path.join(dir, name);
  if (await exists(target)) {
    const ext = path.extname(name);
    target = path.join(dir, `${name.slice(0, name.length - ext.length)}-${stamp(new Date())}${ext}`);
  }
  await fs.rename(file, target);
  return target;
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/** A folder of article files: watched, swept on a schedule, each file moved to done/ or failed/. */
export function createInbox(opts: InboxOptions): Inbox {
  const { dir, ingest } = opts;
  const logger = opts.logger.child({ source: `inbox:${dir}` });
  const doneDir = path.join(dir, 'done');
  const failedDir = path.join(dir, 'failed');
  const stableMs = opts.stableMs ?? 200;
  const settle = opts.settle ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const read = opts.read ?? readArticleFile;
  const readOptions = (opts.readOptions ?? {}) as ReadOptions;

  let watcher: FSWatcher | undefined;
  let job: Job | undefined;
  let running: Promise<ScanResult> | undefined;
  let queued: Promise<ScanResult> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  /** Not started (or stopped): no retry timers. */
  let stopped = true;
  /** stop() was called: a running scan leaves the rest of its files for next time. */
  let closing = false;

  async function ensureDirs(): Promise<void> {
    await fs.mkdir(doneDir, { recursive: true });
    await fs.mkdir(failedDir, { recursive: true });
  }

  async function snapshot(names: string[]): Promise<Map<string, { size: number; mtimeMs: number }>> {
    const out = new Map<string, { size: number; mtimeMs: number }>();
    for (const name of names) {
      const st = await fs.stat(path.join(dir, name)).catch(() => undefined);
      if (st?.isFile()) out.set(name, { size: st.size, mtimeMs: st.mtimeMs });
    }
    return out;
  }

  async function processFile(name: string, result: ScanResult): Promise<void> {
    const file = path.join(dir, name);
    try {
      const article = await read(file, readOptions);
      const { articleId, created } = ingest(article);
      await moveInto(file, doneDir);
      logger.info(
        { file: name, article: articleId, created },
        created ? 'inbox file ingested' : 'inbox file already known',
      );
      result.processed.push(name);
    } catch (err) {
      const reason = ((err as Error).message ?? String(err)).split('\n')[0]!;
      logger.warn({ file: name }, `inbox file failed: ${reason}`);
      try {
        const moved = await moveInto(file, failedDir);
        await fs.writeFile(`${moved}.error`, `${reason}\n`);
        result.failed.push(name);
      } catch (moveErr) {
        logger.error(
          { file: name, err: moveErr },
          'cannot move the failed file to failed/: it stays in the inbox',
        );
      }
    }
  }

  async function runScan(): Promise<ScanResult> {
    const result: ScanResult = { processed: [], failed: [], pending: [] };
    await ensureDirs();
    const names = (await fs.readdir(dir)).filter(isInboxFile).sort();
    if (names.length === 0) return result;
    // One wait for the whole batch: a file whose size or mtime moves in between is still being written.
    const before = await snapshot(names);
    await settle(stableMs);
    const after = await snapshot([...before.keys()]);
    for (const [name, a] of after) {
      if (closing) {
        result.pending.push(name);
        continue;
      }
      const b = before.get(name)!;
      const empty = a.size === 0 && Date.now() - a.mtimeMs < EMPTY_GRACE_MS;
      if (a.size !== b.size || a.mtimeMs !== b.mtimeMs || empty) {
        result.pending.push(name);
        continue;
      }
      await processFile(name, result);
    }
    if (result.pending.length > 0 && !stopped) {
      // Look again soon rather than waiting for the next sweep.
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => void requestScan(), stableMs * 2);
      retryTimer.unref();
    }
    return result;
  }

  function scan(): Promise<ScanResult> {
    if (queued) return queued;
    const previous = running ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        running = next;
        return runScan();
      })
      .finally(() => {
        if (running === next) running = undefined;
      });
    queued = next;
    return next;
  }

  function requestScan(): Promise<void> {
    return scan().then(
      (r) => {
        if (r.processed.length + r.failed.length > 0) logger.debug({ ...r }, 'inbox scan');
      },
      (err: unknown) => logger.error({ err }, `inbox scan failed: ${(err as Error).message}`),
    );
  }

  return {
    async start() {
      await ensureDirs();
      stopped = false;
      closing = false;
      try {
        watcher = watch(dir, { persistent: false }, (_event, filename) => {
          if (!filename || isInboxFile(filename.toString())) void requestScan();
        });
        watcher.on('error', (err) => logger.warn({ err }, 'inbox watch failed: relying on the sweep'));
      } catch (err) {
        logger.warn({ err }, 'cannot watch the inbox: relying on the sweep');
      }
      job = scheduleJob('inbox-sweep', opts.sweepCron ?? '*/30 * * * * *', () => requestScan(), {
        onError: (err) => logger.error({ err }, 'inbox sweep failed'),
      });
      void requestScan();
    },
    async stop() {
      stopped = true;
      closing = true;
      watcher?.close();
      watcher = undefined;
      job?.stop();
      job = undefined;
      clearTimeout(retryTimer);
      // The service closes the store next: let the file being ingested finish first.
      await (queued ?? running)?.catch(() => undefined);
    },
    scan,
  };
}
