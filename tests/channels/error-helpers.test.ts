import { describe, expect, it } from 'vitest';
import { Deadline, DeadlineExceeded, raceAbort } from '../../src/channels/deadline.js';
import { deadlineError, networkError, type ErrorContext } from '../../src/channels/error-helpers.js';
import { Transient, Uncertain } from '../../src/channels/errors.js';
import { makeScrubber } from '../../src/log.js';

const ctx: ErrorContext = { platform: 'telegram', channel: 'tg', scrub: makeScrubber(['sekret-token']) };
const sysError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('networkError', () => {
  it('is Transient only when the request provably never left', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(networkError(sysError(code, `connect ${code}`), ctx), code).toBeInstanceOf(Transient);
    }
    // undici keeps the code on the cause
    expect(
      networkError(new TypeError('fetch failed', { cause: sysError('ECONNREFUSED', 'x') }), ctx),
    ).toBeInstanceOf(Transient);
    expect(networkError(sysError('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443'), ctx)).toBeInstanceOf(
      Transient,
    );
    expect(networkError(new Error('Socket closed'), ctx, false)).toBeInstanceOf(Transient);
  });

  it('is Uncertain for resets, hang-ups and anything unknown', () => {
    expect(networkError(sysError('ECONNRESET', 'socket hang up'), ctx)).toBeInstanceOf(Uncertain);
    expect(networkError(sysError('UND_ERR_SOCKET', 'other side closed'), ctx)).toBeInstanceOf(Uncertain);
    expect(networkError(sysError('ETIMEDOUT', 'read ETIMEDOUT'), ctx)).toBeInstanceOf(Uncertain);
    expect(networkError(new TypeError('Network error'), ctx)).toBeInstanceOf(Uncertain);
  });

  it('scrubs secrets and drops the URL node-fetch repeats', () => {
    const err = networkError(
      sysError('ECONNREFUSED', 'request to https://h/botsekret-token/x failed, reason: connect ECONNREFUSED'),
      ctx,
    );
    expect(err.message).toBe('telegram "tg": request not sent: connect ECONNREFUSED');
    expect(JSON.stringify(err) + String(err.cause) + err.stack).not.toContain('sekret-token');
  });
});

describe('Deadline', () => {
  it('aborts after timeoutMs and says so', async () => {
    const d = new Deadline(20);
    const never = new Promise<never>(() => undefined);
    await expect(raceAbort(never, d.signal)).rejects.toBeInstanceOf(DeadlineExceeded);
    expect(d.timedOut).toBe(true);
    expect(deadlineError(d, ctx, true)).toBeInstanceOf(Uncertain);
    expect(deadlineError(d, ctx, false).message).toBe(
      'telegram "tg": no answer within 20 ms before the request was sent',
    );
    d.dispose();
  });

  it('follows the caller signal without counting it as a timeout', () => {
    const outer = new AbortController();
    const d = new Deadline(60_000, outer.signal);
    outer.abort();
    expect(d.signal.aborted).toBe(true);
    expect(d.timedOut).toBe(false);
    expect(d.reason).toBe('aborted by the caller');
    d.dispose();
  });
});
