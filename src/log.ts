import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import pinoPrettyModule from 'pino-pretty';

export type { Logger };

/**
 * Replaces every known secret value (and anything shaped like a Telegram bot token) with "[redacted]".
 * Used on log lines, error messages, CLI output and rows written to the store.
 */
export function makeScrubber(secrets: readonly string[]): (text: string) => string {
  const sorted = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  const botToken = /(?<!\d)\d{6,12}:[A-Za-z0-9_-]{30,}/g;
  return (text: string) => {
    let out = text;
    for (const s of sorted) if (out.includes(s)) out = out.split(s).join('[redacted]');
    return out.replace(botToken, '[redacted]');
  };
}

export interface LoggerOptions {
  level?: string;
  secrets?: readonly string[];
  /** Pretty output for people; JSON otherwise. Defaults to whether stdout is a TTY. */
  pretty?: boolean;
  /** Where lines go; defaults to stdout. Tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
}

/** pino JSON logs (pretty on a TTY) with secrets scrubbed from every line. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const scrub = makeScrubber(opts.secrets ?? []);
  const pretty = opts.pretty ?? Boolean(process.stdout.isTTY);
  const target = opts.destination ?? process.stdout;
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      target.write(scrub(String(chunk)));
      done();
    },
  });
  const base = {
    level: opts.level ?? 'info',
    redact: {
      paths: [
        '*.token',
        '*.botToken',
        '*.pageToken',
        '*.accessToken',
        '*.accessSecret',
        '*.appSecret',
        '*.authorization',
        '*.access_token',
      ],
      censor: '[redacted]',
    },
  };
  if (pretty) {
    // pino-pretty as a synchronous stream keeps the scrubber in the path.
    return pino(base, pinoPretty({ destination: sink, colorize: true, sync: true }));
  }
  return pino(base, sink);
}

const pinoPretty = pinoPrettyModule as unknown as (o: Record<string, unknown>) => NodeJS.WritableStream;
