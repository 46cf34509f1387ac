import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCrashHarness } from '../../bench/support/crash.js';
import { dumpTables } from '../../bench/support/db.js';
import { runFaultHarness } from '../../bench/support/faults.js';
import type { Workspace } from '../../bench/support/workload.js';
import { DEFAULT_CREDENTIALS } from '../support/platform-fake.js';

// Real-looking credentials: the fake's (shaped like real ones) plus a web hook token.
const WEBHOOK_TOKEN = 'whk_live_0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const BOT_TOKEN = DEFAULT_CREDENTIALS.telegramBotTokens[0]!;
const SECRETS = [
  BOT_TOKEN,
  BOT_TOKEN.split(':')[1]!, // the secret half on its own, as it would sit in a Bot API URL
  DEFAULT_CREDENTIALS.twitterAppKey,
  DEFAULT_CREDENTIALS.twitterAppSecret,
  ...DEFAULT_CREDENTIALS.twitterUsers.flatMap((u) => [u.accessToken, u.accessSecret]),
  ...DEFAULT_CREDENTIALS.facebookPages.map((p) => p.token),
  WEBHOOK_TOKEN,
];

const workspaces: Workspace[] = [];
afterAll(() => {
  for (const ws of workspaces) rmSync(ws.dir, { recursive: true, force: true });
});

/** Everything a run leaves behind that a person or a log shipper could read. */
function everything(
  lines: string[],
  statusStdout: string,
  ws: Workspace,
  report: object,
): Record<string, string> {
  const failed = path.join(ws.inbox, 'failed');
  const notes = readdirSync(failed)
    .filter((f) => f.endsWith('.error'))
    .map((f) => readFileSync(path.join(failed, f), 'utf8'));
  return {
    log: lines.join('\n'),
    status: statusStdout,
    database: dumpTables(ws.dbFile),
    notes: notes.join('\n'),
    report: JSON.stringify(report),
  };
}

function expectNoSecrets(places: Record<string, string>): void {
  for (const [place, text] of Object.entries(places)) {
    for (const secret of SECRETS) {
      expect(text.includes(secret), `${place} contains a secret (${secret.slice(0, 6)}…)`).toBe(false);
    }
  }
}

describe('no secret leaks from the harness runs', () => {
  it('crash harness: no token in any log line, status output or database row', async () => {
    const r = await runCrashHarness({
      kills: 3,
      articles: 10,
      seed: 11,
      keep: true,
      env: { CRIER_WEBHOOK_TOKEN: WEBHOOK_TOKEN },
    });
    workspaces.push(r.artifacts.workspace);
    const { artifacts, ...report } = r;
    const places = everything(artifacts.lines, artifacts.statusStdout, artifacts.workspace, report);
    // The places checked really hold the run's output.
    expect(places.log).toContain('crier is running');
    expect(places.database).toContain('news.example.com/a/10');
    expect(JSON.parse(places.status).deliveries).toHaveLength(30);
    expectNoSecrets(places);
  }, 60_000);

  it('fault harness: errors from 5xx, lost answers and 429s carry no token either', async () => {
    const r = await runFaultHarness({
      articles: 15,
      stormMs: 0,
      seed: 13,
      keep: true,
      env: { CRIER_WEBHOOK_TOKEN: WEBHOOK_TOKEN },
    });
    workspaces.push(r.artifacts.workspace);
    const { artifacts, ...report } = r;
    const places = everything(artifacts.lines, artifacts.statusStdout, artifacts.workspace, report);
    expect(r.serverErrors).toBeGreaterThan(0);
    // Error texts were stored (last_error), so they were checked too.
    expect(places.database).toMatch(/"last_error":"[^"]+/);
    expectNoSecrets(places);
  }, 60_000);
});
