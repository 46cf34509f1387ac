/**
 * Runs the platform fake as its own process:
 *   node build/tests/support/platform-fake-main.js --port 0 --seed 1 --fail-rate 0.1 --drop-after-accept 0.05
 * Prints one JSON line `{"url": ..., "env": {...}}` on stdout once listening, serves the control API
 * (`/__fake/state`, `/__fake/configure`, `/__fake/reset`) and stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startPlatformFake } from './platform-fake.js';

function number(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new Error(`--${flag} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      'fail-rate': { type: 'string' },
      'drop-after-accept': { type: 'string' },
      'delay-ms': { type: 'string' },
    },
  });
  const port = number('port', values.port, 0, 65535);
  const seed = number('seed', values.seed, 0, Number.MAX_SAFE_INTEGER);
  const failRate = number('fail-rate', values['fail-rate'], 0, 1);
  const dropAfterAccept = number('drop-after-accept', values['drop-after-accept'], 0, 1);
  const delayMs = number('delay-ms', values['delay-ms'], 0, 600_000);
  const fake = await startPlatformFake({
    controlApi: true,
    ...(port === undefined ? {} : { port }),
    ...(seed === undefined ? {} : { seed }),
    ...(failRate === undefined ? {} : { failRate }),
    ...(dropAfterAccept === undefined ? {} : { dropAfterAccept }),
    ...(delayMs === undefined ? {} : { delayMs }),
  });
  process.stdout.write(`${JSON.stringify({ url: fake.url, env: fake.env() })}\n`);
  const stop = (): void => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`platform fake: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
