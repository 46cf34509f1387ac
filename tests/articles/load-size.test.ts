import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as FsPromises from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Spy on readFile to prove the size limit is enforced from stat, before any bytes are read.
const readSpy = vi.hoisted(() => ({ calls: [] as string[] }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    readFile: (async (file: string, ...rest: unknown[]) => {
      readSpy.calls.push(String(file));
      return (real.readFile as (...a: unknown[]) => Promise<unknown>)(file, ...rest);
    }) as typeof real.readFile,
  };
});

const { readArticleFile } = await import('../../src/articles/load.js');

describe('size limit', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'crier-size-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an oversized file without reading it', async () => {
    const big = path.join(dir, 'big.md');
    await writeFile(big, '# Big\n\n' + 'x'.repeat(3 * 1024 * 1024));
    await expect(readArticleFile(big)).rejects.toThrow(`${big}: is 3.0 MB, over the 2 MB limit`);
    expect(readSpy.calls).not.toContain(big);
  });

  it('shows bytes when rounding would hide the excess, and reads files under the limit', async () => {
    const edge = path.join(dir, 'edge.txt');
    await writeFile(edge, 'T\n\n' + 'y'.repeat(2 * 1024 * 1024));
    await expect(readArticleFile(edge)).rejects.toThrow(`is ${2 * 1024 * 1024 + 3} bytes, over the 2 MB limit`);
    const ok = path.join(dir, 'ok.txt');
    await writeFile(ok, 'Fine title\n\nFine body.');
    await expect(readArticleFile(ok, { maxBytes: 100 })).resolves.toMatchObject({ title: 'Fine title' });
    expect(readSpy.calls).toContain(ok);
  });
});
