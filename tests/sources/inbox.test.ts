import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createInbox, isInboxFile, type Inbox, type InboxOptions } from '../../src/sources/inbox.js';
import { captureLogger, recordingIngest } from './helpers.js';

let dir: string;
let rec: ReturnType<typeof recordingIngest>;
let log: ReturnType<typeof captureLogger>;
const inboxes: Inbox[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crier-inbox-'));
  rec = recordingIngest();
  log = captureLogger();
});
afterEach(async () => {
  for (const i of inboxes.splice(0)) await i.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** No real waiting between the two size checks unless a test wants something to happen there. */
function inbox(extra: Partial<InboxOptions> = {}): Inbox {
  const i = createInbox({
    dir,
    ingest: rec.ingest,
    logger: log.logger,
    settle: async () => undefined,
    ...extra,
  });
  inboxes.push(i);
  return i;
}

const article = (title: string) => `${title}\n\nFirst paragraph of ${title}.\n\nSecond paragraph.\n`;
const ls = (sub = '') => fs.readdirSync(path.join(dir, sub)).sort();

describe('inbox', () => {
  it('takes only article files, not hidden or temporary ones', () => {
    expect(['a.txt', 'b.md', 'C.TXT'].every(isInboxFile)).toBe(true);
    expect(['.a.txt', 'a.txt.tmp', 'a.md.part', 'a.txt~', 'a.json', 'a'].some(isInboxFile)).toBe(false);
  });

  it('scan() ingests a file and moves it to done/', async () => {
    fs.writeFileSync(path.join(dir, 'story.txt'), article('Harbour reopens'));
    const result = await inbox().scan();
    expect(result).toEqual({ processed: ['story.txt'], failed: [], pending: [] });
    expect(rec.articles.map((a) => a.title)).toEqual(['Harbour reopens']);
    expect(rec.articles[0]!.source.kind).toBe('file');
    expect(ls()).toEqual(['done', 'failed']);
    expect(ls('done')).toEqual(['story.txt']);
  });

  it('moves a file that fails to parse to failed/ with a one-line .error note', async () => {
    fs.writeFileSync(path.join(dir, 'bad.txt'), 'Only a title\n');
    const result = await inbox().scan();
    expect(result.failed).toEqual(['bad.txt']);
    expect(rec.articles).toEqual([]);
    expect(ls('failed')).toEqual(['bad.txt', 'bad.txt.error']);
    const note = fs.readFileSync(path.join(dir, 'failed', 'bad.txt.error'), 'utf8');
    expect(note).toMatch(/bad\.txt: .*no body text\n$/);
    expect(note.trim().split('\n')).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, 'failed', 'bad.txt'), 'utf8')).toBe('Only a title\n');
    expect(log.text()).toContain('inbox file failed');
  });

  it('moves a file whose ingest throws to failed/ and keeps going', async () => {
    fs.writeFileSync(path.join(dir, 'a.txt'), article('Alpha'));
    fs.writeFileSync(path.join(dir, 'b.txt'), article('Beta'));
    const ingest = vi.fn((a: Parameters<typeof rec.ingest>[0]) => {
      if (a.title === 'Alpha') throw new Error('channel "x": cannot compose the post');
      return rec.ingest(a);
    });
    const result = await inbox({ ingest }).scan();
    expect(result).toMatchObject({ processed: ['b.txt'], failed: ['a.txt'] });
    expect(fs.readFileSync(path.join(dir, 'failed', 'a.txt.error'), 'utf8')).toBe(
      'channel "x": cannot compose the post\n',
    );
  });

  it('leaves hidden, temporary and other files alone', async () => {
    for (const name of ['.draft.txt', 'x.txt.tmp', 'y.md.part', 'z.txt~', 'notes.json']) {
      fs.writeFileSync(path.join(dir, name), article('Ignored'));
    }
    const result = await inbox().scan();
    expect(result).toEqual({ processed: [], failed: [], pending: [] });
    expect(ls()).toEqual(['.draft.txt', 'done', 'failed', 'notes.json', 'x.txt.tmp', 'y.md.part', 'z.txt~']);
  });

  it('never overwrites: a name already in done/ gets a timestamp suffix', async () => {
    const i = inbox();
    fs.writeFileSync(path.join(dir, 'same.md'), article('One'));
    await i.scan();
    fs.writeFileSync(path.join(dir, 'same.md'), article('Two'));
    await i.scan();
    const done = ls('done');
    expect(done).toHaveLength(2);
    expect(done).toContain('same.md');
    expect(done.find((n) => n !== 'same.md')).toMatch(/^same-\d{8}T\d{9}Z\.md$/);
    const texts = done.map((n) => fs.readFileSync(path.join(dir, 'done', n), 'utf8')).sort();
    expect(texts).toEqual([article('One'), article('Two')]);
  });

  it('does not read a file that is still being written; a later scan takes all of it', async () => {
    const file = path.join(dir, 'slow.txt');
    fs.writeFileSync(file, 'Slow story\n\nThe first half');
    let writes = 0;
    // The writer adds more between the inbox's two size checks.
    const settle = async () => {
      if (writes++ === 0) fs.appendFileSync(file, ' and the second half.\n');
    };
    const i = inbox({ settle });
    expect(await i.scan()).toEqual({ processed: [], failed: [], pending: ['slow.txt'] });
    expect(rec.articles).toEqual([]);
    expect(await i.scan()).toMatchObject({ processed: ['slow.txt'] });
    expect(rec.articles[0]!.paragraphs).toEqual(['The first half and the second half.']);
  });

  it('waits for a freshly created empty file instead of failing it', async () => {
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    expect(await inbox().scan()).toEqual({ processed: [], failed: [], pending: ['empty.txt'] });
    expect(ls()).toContain('empty.txt');
  });

  it('processes a file once when scans overlap (watch and sweep together)', async () => {
    fs.writeFileSync(path.join(dir, 'once.txt'), article('Once'));
    const ingest = vi.fn(rec.ingest);
    let second: Promise<unknown> | undefined;
    let i: Inbox | undefined = undefined;
    // A second request arrives while the first scan is between its size checks.
    const settle = async () => {
      second ??= i!.scan();
    };
    i = inbox({ ingest, settle });
    const [a, b] = await Promise.all([i.scan(), i.scan()]);
    expect(a).toBe(b);
    expect(await second).toEqual({ processed: [], failed: [], pending: [] });
    expect(ingest).toHaveBeenCalledTimes(1);
    expect(a.processed).toEqual(['once.txt']);
    expect(ls('done')).toEqual(['once.txt']);
  });

  it('stop() during a scan leaves the files not yet taken in the inbox', async () => {
    fs.writeFileSync(path.join(dir, 'a.txt'), article('Alpha'));
    fs.writeFileSync(path.join(dir, 'b.txt'), article('Beta'));
    let stopping: Promise<void> | undefined;
    let i: Inbox | undefined = undefined;
    i = inbox({ settle: async () => void (stopping = i!.stop()) });
    const result = await i.scan();
    await stopping;
    expect(result).toEqual({ processed: [], failed: [], pending: ['a.txt', 'b.txt'] });
    expect(rec.articles).toEqual([]);
    expect(ls()).toEqual(['a.txt', 'b.txt', 'done', 'failed']);
  });

  it('picks up a new file through the file-system watch after start()', async () => {
    const i = inbox({ stableMs: 20, settle: undefined });
    await i.start();
    fs.writeFileSync(path.join(dir, 'watched.txt'), article('Watched'));
    await vi.waitFor(() => expect(ls('done')).toEqual(['watched.txt']), { timeout: 5000, interval: 20 });
    expect(rec.articles.map((a) => a.title)).toEqual(['Watched']);
  });

  it('takes files already waiting when it starts, creating its folders', async () => {
    fs.rmSync(dir, { recursive: true });
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'early.txt'), article('Early'));
    await inbox({ stableMs: 20, settle: undefined }).start();
    await vi.waitFor(() => expect(ls('done')).toEqual(['early.txt']), { timeout: 5000, interval: 20 });
    expect(ls('failed')).toEqual([]);
  });
});
