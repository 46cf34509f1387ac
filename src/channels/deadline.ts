/**
 * One publish or check gets one deadline: the caller's signal plus our own timeout. We use setTimeout
 * (not AbortSignal.timeout) so tests can drive it with fake timers.
 */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly outer?: AbortSignal;
  private readonly onOuterAbort = (): void => this.controller.abort(this.outer?.reason);
  private expired = false;

  constructor(
    readonly timeoutMs: number,
    outer?: AbortSignal,
  ) {
    this.signal = this.controller.signal;
    this.outer = outer;
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    if (outer?.aborted) this.onOuterAbort();
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  /** True when our own timeout fired (as opposed to the caller aborting). */
  get timedOut(): boolean {
    return this.expired;
  }

  /** Why the work stopped, for error messages. */
  get reason(): string {
    return this.expired ? `no answer within ${this.timeoutMs} ms` : 'aborted by the caller';
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}

/** Thrown by `raceAbort` when the deadline's signal fires before the work settles. */
export class DeadlineExceeded extends Error {
  override name = 'DeadlineExceeded';
}

/**
 * Settles with `work` or rejects with DeadlineExceeded as soon as `signal` aborts, for clients that
 * cannot be cancelled themselves (twitter-api-v2 has no signal option). A late rejection of `work`
 * is swallowed.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(new DeadlineExceeded('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new DeadlineExceeded('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
