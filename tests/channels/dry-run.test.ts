import { describe, expect, it } from 'vitest';
import { DryRunChannel, dryRunId } from '../../src/channels/dry-run.js';
import { Transient } from '../../src/channels/errors.js';
import { memoryLogger, post, rejection } from './support.js';

const message = post('telegram', [
  { endpoint: 'POST /sendMessage', body: { text: 'Hello <b>world</b>', parse_mode: 'HTML' } },
]);

describe('DryRunChannel', () => {
  it('logs the post it would send and returns a dry-run receipt', async () => {
    const { logger, lines } = memoryLogger();
    const ch = new DryRunChannel({
      id: 'telegram-main',
      platform: 'telegram',
      logger,
      now: () => Date.parse('2026-11-24T09:00:00Z'),
    });
    const receipt = await ch.publish(message);
    expect(receipt).toEqual({
      remoteId: dryRunId(message),
      postedAt: '2026-11-24T09:00:00.000Z',
      dryRun: true,
    });
    expect(receipt.remoteId).toMatch(/^dry-run-[0-9a-f]{16}$/);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      channel: 'telegram-main',
      dryRun: true,
      remoteId: receipt.remoteId,
      requests: message.requests,
    });
    expect(ch.dryRun).toBe(true);
  });

  it('gives the same id to the same post and another to a different one', () => {
    const other = post('telegram', [
      { endpoint: 'POST /sendMessage', body: { text: 'Other', parse_mode: 'HTML' } },
    ]);
    expect(dryRunId(message)).toBe(dryRunId(structuredClone(message)));
    expect(dryRunId(other)).not.toBe(dryRunId(message));
  });

  it('checks as dry-run and honours an aborted signal', async () => {
    const { logger, lines } = memoryLogger();
    const ch = new DryRunChannel({ id: 'x', platform: 'twitter', logger });
    expect(await ch.check()).toEqual({
      status: 'dry-run',
      detail: 'no twitter credentials set: posts are logged, not sent',
    });
    expect(await rejection(ch.publish(message, { signal: AbortSignal.abort() }))).toBeInstanceOf(Transient);
    expect(lines).toHaveLength(0);
  });

  it('names missing options', () => {
    const { logger } = memoryLogger();
    expect(() => new DryRunChannel({ id: '', platform: 'twitter', logger })).toThrow(
      new TypeError('Missing channel id.'),
    );
  });
});
