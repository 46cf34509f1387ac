import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import twitterText from 'twitter-text';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateTelegramHtml } from '../../src/compose/telegram-html.js';
import { REPO, runCli, SEED } from './run-cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'crier-preview-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const env = () => ({
  CRIER_CONFIG: path.join(REPO, 'config', 'crier.yaml'),
  CRIER_DATA_DIR: path.join(dir, 'd'),
});

interface PreviewLine {
  article: { id: string; title: string; url: string };
  posts: {
    channel: string;
    platform: string;
    length: number;
    limit: number;
    requests: { endpoint: string; body: Record<string, unknown> }[];
  }[];
}

describe('crier preview', () => {
  it('shows the seed article as three posts a person can read', async () => {
    const r = await runCli(['preview', SEED], { env: env(), cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Seven Iraqi police killed in suspected IS attack');
    expect(r.stdout).toMatch(/── x · twitter · \d+\/280/);
    expect(r.stdout).toMatch(/── telegram · telegram · \d+\/4096/);
    expect(r.stdout).toMatch(/── facebook · facebook · \d+\/63206/);
    expect(r.stdout).not.toMatch(/Get more (stories|fascinating)/);
  });

  it('gives the exact request bodies with --json: a valid tweet, valid Telegram HTML, message and link for Facebook', async () => {
    const r = await runCli(['preview', SEED, '--json', '--url', 'https://example.org/news/iraq?id=7#top'], {
      env: env(),
      cwd: dir,
    });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!) as PreviewLine;
    expect(out.article.url).toBe('https://example.org/news/iraq?id=7#top');
    const [x, tg, fb] = out.posts;
    expect(x!.requests[0]!.endpoint).toBe('POST /2/tweets');
    const tweet = x!.requests[0]!.body.text as string;
    expect(twitterText.parseTweet(tweet).valid).toBe(true);
    expect(tweet).toContain(
      'https://example.org/news/iraq?id=7&utm_source=twitter&utm_medium=social&utm_campaign=crier#top',
    );
    expect(tg!.requests[0]!.endpoint).toBe('POST /sendMessage');
    expect(tg!.requests[0]!.body.parse_mode).toBe('HTML');
    expect(validateTelegramHtml(tg!.requests[0]!.body.text as string)).toBeNull();
    expect(fb!.requests[0]!.body.link).toContain('utm_source=facebook');
    expect(fb!.requests[0]!.body.message).toContain('Seven Iraqi police');
  });

  it('keeps going through a directory when one file is bad, and names the bad file in one line', async () => {
    const articles = path.join(dir, 'in');
    mkdirSync(articles);
    writeFileSync(
      path.join(articles, 'a-good.md'),
      '# Good headline here\n\nA body paragraph that says something.\n',
    );
    writeFileSync(path.join(articles, 'b-binary.txt'), Buffer.from([0, 1, 2, 3, 0, 255, 0, 10]));
    writeFileSync(path.join(articles, 'c-empty.txt'), '');
    const r = await runCli(['preview', articles, '--json'], { env: env(), cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout).article.title).toBe('Good headline here');
    const errors = r.stderr.trim().split('\n');
    expect(errors.filter((l) => l.includes('b-binary.txt'))).toHaveLength(1);
    expect(errors.filter((l) => l.includes('c-empty.txt'))).toHaveLength(1);
  });

  it('rejects a javascript: URL and an unknown channel with one-line errors', async () => {
    const bad = await runCli(['preview', SEED, '--url', 'javascript:alert(1)'], { env: env(), cwd: dir });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.split('\n')[0]).toBe(
      `crier: ${SEED}: --url uses "javascript:"; only http(s) URLs are accepted`,
    );
    expect(bad.stdout).toBe('');
    const unknown = await runCli(['preview', SEED, '--channels', 'x,myspace'], { env: env(), cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(
      'crier: --channels: unknown channel "myspace"; configured: x, telegram, facebook',
    );
  });

  it('stops with one line naming the key when the config has a typo', async () => {
    const cfg = path.join(dir, 'bad.yaml');
    writeFileSync(cfg, 'channels:\n  - id: x\n    platform: twitter\n    shedule: { mode: immediate }\n');
    const r = await runCli(['preview', SEED, '--config', cfg], { env: env(), cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `crier: bad.yaml: unknown key "channels[0].shedule": did you mean "schedule"?`,
    );
  });
});

describe('crier summarize', () => {
  it('prints the summary within the budget', async () => {
    const r = await runCli(['summarize', SEED, '--chars', '200', '--json'], { env: env(), cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { summary: string };
    expect(out.summary.length).toBeGreaterThan(50);
    expect(out.summary.length).toBeLessThanOrEqual(200);
  });
});
