import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { expect } from 'vitest';
import type { ComposedPost } from '../../src/compose/types.js';
import type { Platform } from '../../src/config/schema.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const recordedPath = path.resolve(here, '../../../shared/data/api-errors/recorded_error_responses.json');

interface Recorded {
  platform: string;
  http_status: number | null;
  body: Record<string, unknown> | null;
  headers?: Record<string, string>;
}

const recorded = (JSON.parse(readFileSync(recordedPath, 'utf8')) as { responses: Recorded[] }).responses;

/** The body of the first recorded real error of `platform` whose JSON contains `needle`. */
export function recordedBody(platform: string, needle: string): Record<string, unknown> {
  const hit = recorded.find(
    (r) => r.platform.startsWith(platform) && r.body && JSON.stringify(r.body).includes(needle),
  );
  if (!hit?.body) throw new Error(`no recorded ${platform} error containing "${needle}"`);
  return hit.body;
}

/** A pino logger (no scrubbing of its own) whose lines the test can read back. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

export function post(
  platform: Platform,
  requests: ComposedPost['requests'],
  channel = `${platform}-main`,
): ComposedPost {
  const text = requests
    .map((r) => String(r.body.text ?? r.body.caption ?? r.body.message ?? ''))
    .join('\n\n');
  return { channel, platform, length: text.length, limit: 280, text, requests };
}

/** Awaits a rejection and returns it, failing the test if the promise resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

/** The secret must appear nowhere a person or a log could see it. */
export function expectNoSecret(err: unknown, secrets: string[], logLines: string[] = []): void {
  const e = err as Error;
  const seen = [
    String(e),
    e.stack ?? '',
    JSON.stringify(e),
    String((e as { cause?: unknown }).cause ?? ''),
    JSON.stringify((e as { cause?: unknown }).cause ?? null),
    ...logLines,
  ].join('\n');
  for (const s of secrets) expect(seen).not.toContain(s);
}

/** X credentials the adapter tests sign with, and the parts that must never show. */
export const X_CREDS = {
  appKey: 'app-key-0123456789',
  appSecret: 'app-secret-abcdefghijklmnop',
  accessToken: '1234-access-token-qrstuvwxyz',
  accessSecret: 'access-secret-ABCDEFGHIJ',
  apiRoot: 'https://api.x.com',
};
export const X_SECRETS = [X_CREDS.appSecret, X_CREDS.accessSecret];
