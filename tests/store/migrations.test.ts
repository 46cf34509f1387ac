import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, configure, migrate } from '../../src/store/migrations.js';
import { StoreError, openStore } from '../../src/store/sqlite-store.js';
import { makeArticle, newDelivery, tmpDataDir } from './helpers.js';

describe('migrations and opening', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tmpDataDir()));
  afterEach(() => cleanup());

  it('creates the data directory and the database with the latest schema version', () => {
    const dataDir = path.join(dir, 'nested', 'data');
    openStore({ dataDir }).close();
    const file = path.join(dataDir, 'crier.db');
    expect(fs.existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(expect.arrayContaining(['articles', 'deliveries', 'feed_items', 'feed_state']));
    db.close();
  });

  it('is idempotent on reopen and keeps the data', () => {
    const a = openStore({ dataDir: dir, fileName: 'x.db' });
    a.addArticle(makeArticle(1), 'https://news.example/1');
    a.close();
    const b = openStore({ dataDir: dir, fileName: 'x.db' });
    expect(b.getArticle('art-1')?.title).toBe('Headline 1');
    b.close();
    const db = new Database(path.join(dir, 'x.db'));
    // Running the migrations again on an up-to-date database does nothing (no "table exists" error).
    expect(migrate(db, 'x.db')).toBe(MIGRATIONS.at(-1)!.version);
    db.close();
  });

  it('applies each pending migration in order and rolls back a failing one', () => {
    const db = new Database(':memory:');
    const steps = [
      { version: 1, sql: 'CREATE TABLE t (a INTEGER);' },
      { version: 2, sql: 'ALTER TABLE t ADD COLUMN b TEXT;' },
    ];
    expect(migrate(db, 'mem', steps)).toBe(2);
    const broken = [...steps, { version: 3, sql: 'CREATE TABLE u (x); INSERT INTO nope VALUES (1);' }];
    expect(() => migrate(db, 'mem', broken)).toThrow(/nope/);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'u'").pluck().get()).toBe(0);
    db.close();
  });

  it('configures WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const db = new Database(path.join(dir, 'p.db'));
    configure(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('opens stores with that configuration (WAL file mode, foreign keys enforced)', () => {
    const s = openStore({ dataDir: dir });
    expect(() => s.addDeliveries('no-such-article', [newDelivery('c', 1)])).toThrow(/FOREIGN KEY/);
    s.close();
    const db = new Database(path.join(dir, 'crier.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a database written by a newer crier with a one-line error', () => {
    openStore({ dataDir: dir }).close();
    const file = path.join(dir, 'crier.db');
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openStore({ dataDir: dir })).toThrow(StoreError);
    expect(() => openStore({ dataDir: dir })).toThrow(
      /crier\.db: database schema version 999 is newer.*upgrade crier/,
    );
  });

  it('names the file and the fix for a non-SQLite file, and leaves the file alone', () => {
    const file = path.join(dir, 'crier.db');
    const junk = 'this is not a database\n'.repeat(200);
    fs.writeFileSync(file, junk);
    let message = '';
    try {
      openStore({ dataDir: dir });
    } catch (err) {
      expect(err).toBeInstanceOf(StoreError);
      message = (err as Error).message;
    }
    expect(message).toContain(file);
    expect(message).toMatch(/not a SQLite database or corrupt.*move it aside to start fresh/);
    expect(message).not.toContain('\n');
    expect(fs.readFileSync(file, 'utf8')).toBe(junk);
  });

  it('explains a data directory that cannot be created', () => {
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, 'x');
    expect(() => openStore({ dataDir: path.join(blocker, 'data') })).toThrow(
      /cannot create the data directory/,
    );
  });
});
