import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/store/sqlite-store.js';
import { startPlatformFake, type PlatformFake } from '../support/platform-fake.js';
import { CLI, REPO, runCli, SEED } from './run-cli.js';

let fake: PlatformFake;
let dir: string;
const BAD_TOKEN = '987654321:AAbogusbogusbogusbogusbogusbogus12345';

beforeAll(async () => {
  fake = await startPlatformFake();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  dir = mkdtempSync(path.join(tmpdir(), 'crier-status-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const env = (extra: Record<string, string> = {}) => ({
  CRIER_DATA_DIR: path.join(dir, 'data'),
  CRIER_CONFIG: path.join(REPO, 'config', 'crier.yaml'),
  ...extra,
});

describe('crier status and crier retry', () => {
  it('shows a failed delivery with its reason, and retry sends it once the token is fixed', async () => {
    const broken = env(fake.env({ TELEGRAM_BOT_TOKEN: BAD_TOKEN }));
    const first = await runCli(['post', SEED, '--now', '--channels', 'telegram'], { env: broken, cwd: dir });
    expect(first.code).toBe(1);

    const table = await runCli(['status'], { env: broken, cwd: dir });
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toBe('failed 1');
    expect(table.stdout).toMatch(/\s+1\s+failed\s+telegram\s+1\s+.*Seven Iraqi police.*auth: .*Unauthorized/);
    expect(table.stdout).not.toContain('AAbogusbogus');

    const nothing = await runCli(['retry'], { env: broken, cwd: dir });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('give delivery ids, or --failed, or --uncertain');

    const retried = await runCli(['retry', '--failed'], { env: broken, cwd: dir });
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain('queued again: 1');
    const json = JSON.parse((await runCli(['status', '--json'], { env: broken, cwd: dir })).stdout) as {
      deliveries: { id: number; status: string; attempts: number }[];
    };
    expect(json.deliveries).toEqual([expect.objectContaining({ id: 1, status: 'queued', attempts: 1 })]);

    const queuedAlready = await runCli(['retry', '1'], { env: broken, cwd: dir });
    expect(queuedAlready.code).toBe(1);
    expect(queuedAlready.stderr).toContain(
      'delivery 1 is queued: only failed, uncertain or skipped ones are retried',
    );

    // With the token fixed, the service sends the queued retry, once.
    const service = spawn(process.execPath, [CLI, 'run'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...env(fake.env({ CRIER_HTTP_PORT: '0' })) },
      stdio: 'ignore',
    });
    try {
      await vi.waitFor(
        () => {
          const store = openStore({ dataDir: path.join(dir, 'data') });
          try {
            expect(store.getDelivery(1)!.status).toBe('sent');
          } finally {
            store.close();
          }
        },
        { timeout: 15_000, interval: 100 },
      );
    } finally {
      service.kill('SIGTERM');
      await new Promise((r) => service.once('exit', r));
    }
    expect(fake.posts.filter((p) => p.platform === 'telegram')).toHaveLength(1);
  });

  it('refuses a bad --limit and an unknown status with a one-line error', async () => {
    const r = await runCli(['status', '--limit', 'ten'], { env: env(), cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('crier: --limit must be a whole number (0 for all), got "ten"');
    const s = await runCli(['status', '--status', 'lost'], { env: env(), cwd: dir });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('--status: unknown status "lost"');
  });

  it('says so when there is nothing yet', async () => {
    const r = await runCli(['status'], { env: env(), cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('no deliveries yet');
  });
});
