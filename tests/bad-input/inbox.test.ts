import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { goodArticle, health, startHarness, warnings, type Harness } from './service-helper.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  writeFileSync(path.join(h.inbox, 'good.md'), goodArticle(1));
  await vi.waitFor(() => expect(h.fake.posts).toHaveLength(3), { timeout: 10_000, interval: 20 });
});
afterAll(async () => {
  await h.stop();
});

/** Drops a file and waits until the inbox has moved it to failed/; returns its one-line `.error` note. */
async function rejected(name: string, content: string | Buffer): Promise<string> {
  writeFileSync(path.join(h.inbox, name), content);
  const note = path.join(h.inbox, 'failed', `${name}.error`);
  await vi.waitFor(() => expect(existsSync(note)).toBe(true), { timeout: 10_000, interval: 20 });
  const text = readFileSync(note, 'utf8');
  expect(text.trim().split('\n')).toHaveLength(1);
  expect(existsSync(path.join(h.inbox, 'failed', name))).toBe(true);
  // One log line for it, carrying the same reason as the note.
  const logged = warnings(h.lines, 'inbox file failed').filter((l) => l.includes(`"file":"${name}"`));
  expect(logged).toHaveLength(1);
  expect(logged[0]).toContain(JSON.stringify(text.trim()).slice(1, 40));
  return text.trim();
}

describe('bad input through the inbox', () => {
  it('a binary file goes to failed/ with a note naming the file', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)),
    ]);
    expect(await rejected('photo.md', png)).toMatch(/photo\.md.*binary/i);
  });

  it('a 10 MB article is refused by size, with the limit in the note', async () => {
    const huge = `# Huge\n\n${'All work and no play makes a very long article. '.repeat(220_000)}`;
    expect(Buffer.byteLength(huge)).toBeGreaterThan(10 * 1024 * 1024);
    expect(await rejected('huge.md', huge)).toMatch(/huge\.md.*MB/);
  });

  it('invalid UTF-8 is refused with a note saying so', async () => {
    const latin1 = Buffer.from('Café ouvert\n\nLe café a rouvert ses portes à Montréal.\n', 'latin1');
    expect(await rejected('latin1.txt', latin1)).toMatch(/latin1\.txt.*UTF-8/);
  });

  it('a javascript: link in front matter is refused, naming the field', async () => {
    const text = `---\nurl: "javascript:alert(document.cookie)"\n---\n# Council votes\n\nThe council voted on the budget.\n`;
    expect(await rejected('js-link.md', text)).toMatch(/js-link\.md.*url/);
  });

  it('HTML and <script> in a title never reach a platform as markup', async () => {
    const text = `---\nurl: https://news.example.com/good/2\n---\n# <script>alert(1)</script>Council <b>votes</b> on budget\n\nThe council voted on the budget on Tuesday evening after a long debate.\n`;
    writeFileSync(path.join(h.inbox, 'html-title.md'), text);
    await vi.waitFor(
      () =>
        expect(readdirSync(path.join(h.inbox, 'done')).some((f) => f.startsWith('html-title'))).toBe(true),
      { timeout: 10_000, interval: 20 },
    );
    await vi.waitFor(() => expect(h.fake.posts).toHaveLength(6), { timeout: 10_000, interval: 20 });
    const [row] = h.service.store.listDeliveries({}).filter((d) => d.articleUrl?.endsWith('/good/2'));
    expect(row?.articleTitle).toBe('Council votes on budget');
    const posts = h.fake.posts.slice(3);
    expect(posts.find((p) => p.platform === 'telegram')?.visibleText).toContain('Council votes on budget');
    for (const p of posts) {
      // The title's tags are stripped by cleaning; Telegram's own <b> around the title is crier's markup.
      expect(p.visibleText).not.toMatch(/<\/?(script|b)>|alert\(1\)/i);
      expect(p.text).not.toMatch(/<script/i);
    }
  });

  it('stays up, and the store still holds the earlier deliveries', async () => {
    expect(await health(h)).toBe(200);
    const first = h.service.store.listDeliveries({}).filter((d) => d.articleUrl?.endsWith('/good/1'));
    expect(first.map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
    expect(h.fake.violations).toEqual([]);
  });
});
