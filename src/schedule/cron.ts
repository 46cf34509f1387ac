import cron from 'node-cron';

export interface JobOptions {
  /** IANA time zone the expression is read in. Default: the process's local zone. */
  timezone?: string;
  /** Called with anything `fn` throws or rejects with; background jobs never throw. Default: ignore. */
  onError?: (err: unknown) => void;
  /** Let the process exit while the job is waiting for its next run. Default: true. */
  unref?: boolean;
}

export interface Job {
  /** Stops the job and forgets it; a run in progress finishes on its own. */
  stop(): void;
}

/** Throws a one-line error naming the job when `expr` is not a valid cron expression. */
export function assertCron(name: string, expr: string): void {
  const result = cron.validateDetailed(expr);
  if (result.valid) return;
  const why = result.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  throw new Error(
    `job "${name}": invalid cron expression "${expr}"${why ? ` (${why})` : ''}: use 5 or 6 fields, e.g. "*/5 * * * *"`,
  );
}

/**
 * Runs `fn` on a cron schedule (node-cron 4). A run is skipped while the previous one is still going,
 * and errors from `fn` go to `onError` instead of crashing the process.
 *
 * @throws Error naming the job when the expression or time zone is invalid
 */
export function scheduleJob(name: string, expr: string, fn: () => unknown, opts: JobOptions = {}): Job {
  assertCron(name, expr);
  if (opts.timezone !== undefined) assertTimeZone(name, opts.timezone);
  const onError = opts.onError ?? (() => undefined);
  const task = cron.schedule(
    expr,
    async () => {
      try {
        await fn();
      } catch (err) {
        try {
          onError(err);
        } catch {
          // An error handler that throws must not take the scheduler down with it.
        }
      }
    },
    {
      name,
      noOverlap: true,
      unref: opts.unref ?? true,
      ...(opts.timezone !== undefined ? { timezone: opts.timezone } : {}),
    },
  );
  return {
    stop() {
      // destroy() also removes the task from node-cron's global registry.
      void Promise.resolve(task.destroy()).catch(() => undefined);
    },
  };
}

function assertTimeZone(name: string, timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new Error(
      `job "${name}": unknown time zone "${timeZone}": use an IANA name such as "Europe/London"`,
    );
  }
}
