/**
 * An in-process service for the bad-input tests: a tmp folder with inbox, data dir and config, the
 * loopback platform fake, and a logger whose lines are kept for assertions.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { createLogger, makeScrubber } from '../../src/log.js';
import { startService, type Service } from '../../src/service.js';
import { startPlatformFake, type PlatformFake } from '../support/platform-fake.js';

export const WEBHOOK_TOKEN = 'whk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0';

export interface Harness {
  dir: string;
  inbox: string;
  fake: PlatformFake;
  service: Service;
  /** Every log line so far (JSON). */
  lines: string[];
  /** `http://127.0.0.1:<port>` of the service. */
  http: string;
  /** Secrets in the service's environment. */
  secrets: string[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  feeds?: Record<string, unknown>[];
  maxBodyBytes?: number;
}

/** Starts fake + service; call stop() in afterEach/afterAll. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = await startPlatformFake({
    rateLimits: { telegramPerChat: null, telegramPerBot: null, twitterPerUser: null },
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'crier-bad-input-'));
  const inbox = path.join(dir, 'inbox');
  mkdirSync(inbox);
  const channels = [
    { id: 'x', platform: 'twitter' },
    { id: 'telegram', platform: 'telegram' },
    { id: 'facebook', platform: 'facebook' },
  ].map((c) => ({ ...c, rate: { perMinute: 10_000, perHour: 100_000 } }));
  writeFileSync(
    path.join(dir, 'crier.yaml'),
    stringify({
      channels,
      sources: {
        inbox: { path: inbox, sweep: '* * * * * *' },
        feeds: opts.feeds ?? [],
        webhook: { enabled: true, maxBodyBytes: opts.maxBodyBytes ?? 1_048_576 },
      },
      delivery: { tickMs: 20, backoffBaseMs: 50, backoffMaxMs: 200 },
    }),
  );
  const env = {
    ...fake.env(),
    CRIER_DATA_DIR: path.join(dir, 'data'),
    CRIER_HTTP_PORT: '0',
    CRIER_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
  };
  const secrets = Object.entries(env)
    .filter(([k]) => /TOKEN|SECRET|APP_KEY/.test(k))
    .map(([, v]) => v);
  const config = loadConfig({ cwd: dir, configPath: path.join(dir, 'crier.yaml'), env });
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _e, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', secrets, pretty: false, destination });
  const service = await startService({ config, logger, scrub: makeScrubber(secrets) });
  return {
    dir,
    inbox,
    fake,
    service,
    lines,
    http: `http://127.0.0.1:${service.port}`,
    secrets,
    async stop() {
      await service.stop();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A good article as inbox Markdown with a unique URL. */
export function goodArticle(n: number): string {
  return `---\nurl: https://news.example.com/good/${n}\ntags: [Transport]\n---\n# Bridge ${n} reopens after repairs\n\nThe Old Town bridge number ${n} reopened to traffic on Tuesday after a two-year repair.\n\nEngineers replaced 1,200 tonnes of steel and the deck, and the city says it will last a century.\n`;
}

/** Log lines at warn level or above whose message contains `text`. */
export function warnings(lines: string[], text: string): string[] {
  return lines.filter((l) => {
    try {
      const o = JSON.parse(l) as { level: number; msg?: string };
      return o.level >= 40 && (o.msg ?? '').includes(text);
    } catch {
      return false;
    }
  });
}

/** GET /healthz status. */
export async function health(h: Harness): Promise<number> {
  return (await fetch(`${h.http}/healthz`)).status;
}
