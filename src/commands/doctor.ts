import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createChannels } from '../channels/create.js';
import { PLATFORM_VARS } from '../config/env.js';
import type { CheckResult } from '../channels/channel.js';
import { openStore } from '../store/sqlite-store.js';
import { CommandFailed, commandContext, type GlobalOptions } from './context.js';

export interface DoctorOptions {
  json?: boolean;
}

interface DoctorLine extends CheckResult {
  id: string;
  platform: string;
}

function checkWritable(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (err) {
    return `${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
}

/** Checks config, data directory, inbox and every channel's credentials against its platform. */
export async function doctorCommand(opts: DoctorOptions, global: GlobalOptions): Promise<void> {
  const ctx = commandContext(global, { logLevel: 'warn', logToStderr: true });
  const { config } = ctx;
  const problems: string[] = [];
  const dataProblem = checkWritable(config.dataDir);
  if (dataProblem) problems.push(`data: ${dataProblem}: set CRIER_DATA_DIR to a writable folder`);
  else {
    try {
      openStore({ dataDir: config.dataDir, scrub: ctx.scrub }).close();
    } catch (err) {
      problems.push(`data: ${(err as Error).message}`);
    }
  }
  if (config.sources.inbox.enabled) {
    const inbox = path.resolve(config.sources.inbox.path);
    const p = checkWritable(inbox);
    if (p) problems.push(`inbox: ${p}: fix sources.inbox.path in ${config.configPath}`);
  }
  const channels = createChannels(config, ctx.logger, { timeoutMs: 15_000 });
  const lines: DoctorLine[] = await Promise.all(
    channels.map(async (ch) => {
      let result: CheckResult;
      try {
        result = await ch.check({ signal: AbortSignal.timeout(20_000) });
      } catch (err) {
        result = { status: 'failed', detail: (err as Error).message };
      }
      if (result.status === 'dry-run') {
        result = {
          status: 'dry-run',
          detail: `${result.detail}; set ${PLATFORM_VARS[ch.platform].join(', ')} to post for real`,
        };
      }
      return { id: ch.id, platform: ch.platform, ...result };
    }),
  );
  const failed = lines.filter((l) => l.status === 'failed').length + problems.length;
  if (opts.json) {
    ctx.out(JSON.stringify({ config: config.configPath, ok: failed === 0, problems, channels: lines }));
  } else {
    ctx.out(`config: ${config.configPath} ok`);
    ctx.out(problems.length === 0 ? `data: ${config.dataDir} ok` : problems.join('\n'));
    for (const l of lines) {
      const mark = l.status === 'ready' ? '✓' : l.status === 'dry-run' ? '·' : '✗';
      ctx.out(`${mark} ${l.id} (${l.platform}): ${l.status}: ${l.detail}`);
    }
  }
  if (failed > 0) throw new CommandFailed(`${failed} check(s) failed`, 1);
}
