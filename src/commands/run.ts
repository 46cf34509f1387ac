import { startService } from '../service.js';
import { commandContext, type GlobalOptions } from './context.js';

/** `crier run`: the long-lived service. Resolves when it has stopped after SIGINT/SIGTERM. */
export async function runCommand(global: GlobalOptions): Promise<void> {
  const ctx = commandContext(global);
  const service = await startService({ config: ctx.config, logger: ctx.logger, scrub: ctx.scrub });
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        ctx.logger.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      stopping = true;
      ctx.logger.info({ signal }, 'stopping: no new claims, waiting for posts in flight');
      service.stop().then(resolve, (err: unknown) => {
        ctx.logger.error({ err }, 'error while stopping');
        resolve();
      });
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}
