/** Running the service child until its work is done, and reading `crier status --json`. */
import { readdirSync } from 'node:fs';
import { isInboxFile } from '../../src/sources/inbox.js';
import { runCrier, startServiceChild, waitUntil, type ServiceChild } from './child.js';
import { readProgress } from './db.js';
import type { StatusJson, Workspace } from './workload.js';

/** Article files still waiting in the inbox (not yet moved to done/ or failed/). */
export function pendingInbox(inbox: string): number {
  return readdirSync(inbox, { withFileTypes: true }).filter((e) => e.isFile() && isInboxFile(e.name)).length;
}

/** True once the inbox is empty and no row is queued or sending. */
export function workDone(ws: Workspace): boolean {
  const p = readProgress(ws.dbFile);
  return p !== undefined && pendingInbox(ws.inbox) === 0 && p.open === 0;
}

/**
 * Starts the service, waits until the inbox is empty and nothing is queued or sending, stops it with
 * SIGTERM and returns it (its `lines` hold the log).
 */
export async function runToCompletion(
  ws: Workspace,
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<ServiceChild> {
  const child = startServiceChild({ cwd: ws.dir, env, configPath: ws.configPath });
  try {
    await child.ready;
    await waitUntil(
      () => workDone(ws),
      'every article to be ingested and every delivery settled',
      timeoutMs,
      100,
    );
  } finally {
    await child.stop();
  }
  return child;
}

/** `crier status --json --limit 0`, parsed; throws with stderr when the command fails. */
export async function readStatus(
  ws: Workspace,
  env: Record<string, string>,
): Promise<{ json: StatusJson; stdout: string; stderr: string }> {
  const r = await runCrier(['--config', ws.configPath, 'status', '--json', '--limit', '0'], {
    cwd: ws.dir,
    env,
  });
  if (r.code !== 0) throw new Error(`crier status failed (${r.code}): ${r.stderr.trim()}`);
  return { json: JSON.parse(r.stdout) as StatusJson, stdout: r.stdout, stderr: r.stderr };
}
