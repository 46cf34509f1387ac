import { afterEach, describe, expect, it, vi } from 'vitest';
import { assertCron, scheduleJob } from '../../src/schedule/cron.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('scheduleJob', () => {
  it('rejects an invalid expression with one line naming the job and the expression', () => {
    expect(() => scheduleJob('feed-poll', '*/5 * * *  banana', () => undefined)).toThrow(
      /^job "feed-poll": invalid cron expression "\*\/5 \* \* \* {2}banana"/,
    );
    let message = '';
    try {
      assertCron('sweep', '61 * * * *');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('job "sweep"');
    expect(message).not.toContain('\n');
    expect(() => assertCron('ok', '*/30 * * * * *')).not.toThrow();
  });

  it('rejects an unknown time zone', () => {
    expect(() => scheduleJob('x', '* * * * *', () => undefined, { timezone: 'Mars/Olympus' })).toThrow(
      /job "x": unknown time zone "Mars\/Olympus"/,
    );
  });

  it('runs the function on schedule and hands its errors to onError', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-06-10T12:00:00.500Z') });
    const errors: unknown[] = [];
    let runs = 0;
    const job = scheduleJob(
      'flaky',
      '* * * * * *',
      async () => {
        runs++;
        await Promise.resolve();
        throw new Error(`boom ${runs}`);
      },
      { onError: (err) => errors.push(err) },
    );
    await vi.advanceTimersByTimeAsync(3_200);
    job.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(errors.length).toBe(runs);
    expect((errors[0] as Error).message).toBe('boom 1');
    const after = runs;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(runs).toBe(after);
  });
});
