import { describe, expect, it } from 'vitest';
import { AuthFailed, Duplicate, RateLimited, Rejected, Transient } from '../../src/channels/errors.js';
import { decide, type DecideInput } from '../../src/schedule/outcome.js';

const ctx = { platform: 'twitter' as const, channel: 'x' };
const base: Omit<DecideInput, 'outcome'> = {
  now: 1_000_000,
  transientFailures: 0,
  maxAttempts: 3,
  backoffBaseMs: 1000,
  backoffMaxMs: 10_000,
  random: () => 0.5,
};
const withError = (error: unknown, extra: Partial<DecideInput> = {}) =>
  decide({ ...base, ...extra, outcome: { error } });

describe('decide', () => {
  it('retries a 429 at exactly now + retryAfterMs', () => {
    expect(withError(new RateLimited('429', 43_837_000, ctx))).toEqual({
      action: 'retry',
      at: 1_000_000 + 43_837_000,
      kind: 'rate-limited',
      message: '429',
    });
  });

  it('backs off transient errors and gives up on the last attempt', () => {
    expect(withError(new Transient('503', ctx), { transientFailures: 1 })).toMatchObject({
      action: 'retry',
      at: 1_000_000 + 1000,
    });
    expect(withError(new Transient('503', ctx), { transientFailures: 2 })).toMatchObject({
      action: 'failed',
      kind: 'transient',
      message: 'gave up after 3 attempts: 503',
    });
  });

  it('keeps the known id of a duplicate and the posted ids of a half-posted thread', () => {
    expect(withError(new Duplicate('dup', { ...ctx, posted: [{ remoteId: '42' }] }))).toMatchObject({
      action: 'sent',
      remoteId: '42',
      duplicate: true,
    });
    const posted = [{ remoteId: '1' }, { remoteId: '2' }];
    expect(withError(new Rejected('too long', { ...ctx, posted }))).toMatchObject({
      action: 'failed',
      message: expect.stringMatching(/2 part\(s\) already up \(1, 2\)/),
    });
    expect(withError(new AuthFailed('401', { ...ctx, posted }))).toMatchObject({
      action: 'failed',
      pauseChannel: true,
    });
    expect(withError(new RateLimited('429', 1000, { ...ctx, posted }))).toMatchObject({
      action: 'uncertain',
    });
  });

  it('fails on errors that are not channel errors (bugs), never retrying them', () => {
    expect(withError(new RangeError('oops'))).toMatchObject({
      action: 'failed',
      message: expect.stringContaining('oops'),
    });
  });

  it('uses the receipt time, falling back to now', () => {
    const d = decide({ ...base, outcome: { receipt: { remoteId: 'r', postedAt: 'not a date' } } });
    expect(d).toMatchObject({ action: 'sent', remoteId: 'r', postedAt: 1_000_000 });
  });
});
