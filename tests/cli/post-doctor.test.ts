import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPlatformFake, type PlatformFake } from '../support/platform-fake.js';
import { REPO, runCli, SEED } from './run-cli.js';

const CONFIG = path.join(REPO, 'config', 'crier.yaml');

let fake: PlatformFake;
let dir: string;

beforeAll(async () => {
  fake = await startPlatformFake();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  dir = mkdtempSync(path.join(tmpdir(), 'crier-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { CRIER_DATA_DIR: path.join(dir, 'data'), CRIER_CONFIG: CONFIG, ...extra };
}

function secretsOf(e: Record<string, string>): string[] {
  return Object.entries(e)
    .filter(([k]) => /TOKEN|SECRET|APP_KEY/.test(k))
    .map(([, v]) => v);
}

describe('crier post --now', () => {
  it('posts the seed article to all three platforms through the *_API_ROOT overrides and prints three receipt URLs', async () => {
    const e = env(fake.env());
    const r = await runCli(['post', SEED, '--now'], { env: e, cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/x: sent https:\/\/x\.com\/i\/web\/status\/\d+/);
    expect(r.stdout).toMatch(/telegram: sent https:\/\/t\.me\/crierfake\/\d+/);
    expect(r.stdout).toMatch(/facebook: sent https:\/\/www\.facebook\.com\/\d+_\d+/);
    expect(fake.posts.map((p) => p.platform).sort()).toEqual(['facebook', 'telegram', 'twitter']);
    expect(fake.violations).toEqual([]);
    for (const s of secretsOf(e)) expect(r.stdout + r.stderr).not.toContain(s);

    // The same article again posts nothing new.
    const again = await runCli(['post', SEED, '--now'], { env: e, cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already known');
    expect(fake.posts).toHaveLength(3);

    const status = await runCli(['status', '--json'], { env: e, cwd: dir });
    const parsed = JSON.parse(status.stdout) as { deliveries: { status: string; remoteUrl?: string }[] };
    expect(parsed.deliveries.map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
    expect(parsed.deliveries.every((d) => d.remoteUrl?.startsWith('https://'))).toBe(true);
    for (const s of secretsOf(e)) expect(status.stdout).not.toContain(s);
  });

  it('prints three dry-run posts when no credentials are set, and sends nothing', async () => {
    const r = await runCli(['post', SEED, '--now'], { env: env(), cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.match(/: dry-run \(no credentials; nothing was sent\)/g)).toHaveLength(3);
    expect(fake.requests).toHaveLength(0);
  });

  it('reports a revoked token as a failed post with the platform reason, exit 1, token not shown', async () => {
    const e = env(fake.env({ TELEGRAM_BOT_TOKEN: '987654321:AAbogusbogusbogusbogusbogusbogus12345' }));
    const r = await runCli(['post', SEED, '--now', '--channels', 'telegram'], { env: e, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/telegram: failed: auth: .*Unauthorized/);
    expect(r.stdout + r.stderr).not.toContain('AAbogusbogusbogus');
    expect(fake.posts).toHaveLength(0);
  });
});

describe('crier doctor', () => {
  it('reports every channel ready against the platforms', async () => {
    const r = await runCli(['doctor'], { env: env(fake.env()), cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ x \(twitter\): ready: @\w+/);
    expect(r.stdout).toMatch(/✓ telegram \(telegram\): ready: @\w+/);
    expect(r.stdout).toMatch(/✓ facebook \(facebook\): ready: .+/);
  });

  it('reports dry-run channels without credentials and exits 0', async () => {
    const r = await runCli(['doctor', '--json'], { env: env(), cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      channels: { id: string; status: string; detail: string }[];
    };
    expect(out.ok).toBe(true);
    expect(out.channels.map((c) => c.status)).toEqual(['dry-run', 'dry-run', 'dry-run']);
    expect(out.channels[1]!.detail).toContain('TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID');
  });

  it('names the problem and the fix for a rejected token, and exits non-zero', async () => {
    const e = env(fake.env({ FACEBOOK_PAGE_TOKEN: 'EAAGbogus-page-token-value-1234567890' }));
    const r = await runCli(['doctor'], { env: e, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /✗ facebook \(facebook\): failed: FACEBOOK_PAGE_TOKEN was rejected .*set FACEBOOK_PAGE_TOKEN/,
    );
    expect(r.stdout).toMatch(/✓ telegram/);
    expect(r.stdout + r.stderr).not.toContain('EAAGbogus-page-token-value');
  });

  it('names a partial credential set as a config error', async () => {
    const r = await runCli(['doctor'], { env: env({ TELEGRAM_BOT_TOKEN: '123456:abc' }), cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('TELEGRAM_CHAT_ID is not set but TELEGRAM_BOT_TOKEN is');
  });
});
