/** Read-only looks into a crier database while (or after) a service uses it. */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface Progress {
  articles: number;
  deliveries: number;
  /** Rows queued or sending. */
  open: number;
  /** Queued rows due now or earlier (the rest wait for a backoff or retry-after). */
  due: number;
}

/** Counts rows; undefined while the database does not exist yet. */
export function readProgress(dbFile: string): Progress | undefined {
  if (!existsSync(dbFile)) return undefined;
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const hasTables = db
      .prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'deliveries'`)
      .get() as {
      n: number;
    };
    if (hasTables.n === 0) return undefined;
    const one = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;
    return {
      articles: one('SELECT count(*) AS n FROM articles'),
      deliveries: one('SELECT count(*) AS n FROM deliveries'),
      open: one(`SELECT count(*) AS n FROM deliveries WHERE status IN ('queued', 'sending')`),
      due: one(
        `SELECT count(*) AS n FROM deliveries WHERE status = 'queued' AND next_attempt_at <= ?`,
        Date.now(),
      ),
    };
  } finally {
    db.close();
  }
}

/** Ids of rows in `sending`: after a kill, exactly the rows the next start turns `uncertain`. */
export function sendingIds(dbFile: string): number[] {
  if (!existsSync(dbFile)) return [];
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return (db.prepare(`SELECT id FROM deliveries WHERE status = 'sending'`).all() as { id: number }[]).map(
      (r) => r.id,
    );
  } catch {
    return []; // no tables yet: killed before the first migration
  } finally {
    db.close();
  }
}

/** Every row of every table as text, for grepping a database for secrets. */
export function dumpTables(dbFile: string): string {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as {
      name: string;
    }[];
    return tables
      .map(({ name }) => {
        const rows = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all();
        return `== ${name}\n${rows.map((r) => JSON.stringify(r)).join('\n')}`;
      })
      .join('\n');
  } finally {
    db.close();
  }
}
