import { loadConfig, processEnv, secretValues } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { createLogger, makeScrubber, type Logger } from '../log.js';

export interface GlobalOptions {
  config?: string;
}

export interface CommandContext {
  config: Config;
  logger: Logger;
  /** Removes secrets from any text before it is printed. */
  scrub: (text: string) => string;
  secrets: string[];
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Thrown by a command to end with a message and exit code, without a stack trace. */
export class CommandFailed extends Error {
  override name = 'CommandFailed';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface ContextOptions {
  /** Log level override (commands that print results keep logs quiet). */
  logLevel?: string;
  /** Logs to stderr so stdout stays machine-readable. */
  logToStderr?: boolean;
}

/** Loads .env and the config (throwing a one-line ConfigError) and builds the logger. */
export function commandContext(global: GlobalOptions, opts: ContextOptions = {}): CommandContext {
  const env = processEnv();
  const secrets = secretValues(env);
  const scrub = makeScrubber(secrets);
  const config = loadConfig({ configPath: global.config, env });
  const logger = createLogger({
    level: opts.logLevel ?? config.logLevel,
    secrets,
    ...(opts.logToStderr ? { destination: process.stderr, pretty: Boolean(process.stderr.isTTY) } : {}),
  });
  return {
    config,
    logger,
    scrub,
    secrets,
    out: (line) => process.stdout.write(`${scrub(line)}\n`),
    err: (line) => process.stderr.write(`${scrub(line)}\n`),
  };
}
