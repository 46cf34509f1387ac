import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, makeScrubber } from '../src/log.js';

function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { stream, lines };
}

describe('logger', () => {
  it('scrubs secret values and bot-token-shaped strings from every line', () => {
    const { stream, lines } = capture();
    const log = createLogger({ secrets: ['s3cr3t-value'], pretty: false, destination: stream });
    log.info(
      { url: 'https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage' },
      'sent',
    );
    log.error({ err: new Error('token s3cr3t-value was rejected') }, 'failed');
    log.info({ channel: { botToken: 'plain' } }, 'redacted by path');
    const all = lines.join('');
    expect(all).not.toContain('s3cr3t-value');
    expect(all).not.toContain('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw');
    expect(all).not.toContain('plain');
    expect(all).toContain('[redacted]');
    expect(JSON.parse(lines[0]!).msg).toBe('sent');
  });

  it('scrubs the longest secret first so overlapping secrets leave no fragment', () => {
    const scrub = makeScrubber(['abcd', 'abcdefgh']);
    expect(scrub('x abcdefgh y abcd')).toBe('x [redacted] y [redacted]');
  });

  it('writes pretty output through the scrubber too', () => {
    const { stream, lines } = capture();
    const log = createLogger({ secrets: ['hunter2-secret'], pretty: true, destination: stream });
    log.warn('leaking hunter2-secret');
    const all = lines.join('');
    expect(all).toContain('leaking [redacted]');
    expect(all).not.toContain('hunter2-secret');
  });
});
