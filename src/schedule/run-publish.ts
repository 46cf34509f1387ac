import type { Channel, Receipt } from '../channels/channel.js';
import type { ComposedPost } from '../compose/types.js';

export type PublishOutcome = { receipt: Receipt } | { error: unknown };

/** How long past its timeout a publish that ignores its abort signal is waited for. */
export const HUNG_GRACE_MS = 1_000;

/** A publish that ignored its abort signal past the timeout: the request may or may not have gone out. */
export class HungPublish extends Error {
  override name = 'HungPublish';
  constructor(ms: number) {
    super(`no answer within ${ms} ms and the request could not be cancelled: check the platform`);
  }
}

export interface RunPublishOptions {
  /** The publish gets an abort signal that fires after this long. */
  timeoutMs: number;
  /** Aborts the publish early too (shutdown). */
  signal?: AbortSignal;
}

/**
 * One publish with a deadline; never rejects. The timeout uses setTimeout rather than
 * AbortSignal.timeout so fake timers drive it in tests. An adapter that ignores the signal is given
 * up on HUNG_GRACE_MS later with HungPublish, so one stuck request cannot block its channel forever.
 */
export async function runPublish(
  channel: Channel,
  post: ComposedPost,
  opts: RunPublishOptions,
): Promise<PublishOutcome> {
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new Error(`no answer within ${opts.timeoutMs} ms`)),
    opts.timeoutMs,
  );
  let hung: ReturnType<typeof setTimeout> | undefined;
  // Neither timer should keep a stopping process alive for a request nobody waits for any more.
  timer.unref();
  try {
    const signal = opts.signal ? AbortSignal.any([timeout.signal, opts.signal]) : timeout.signal;
    const hang = new Promise<never>((_, reject) => {
      const ms = opts.timeoutMs + HUNG_GRACE_MS;
      hung = setTimeout(() => reject(new HungPublish(ms)), ms);
      hung.unref();
    });
    return { receipt: await Promise.race([channel.publish(post, { signal }), hang]) };
  } catch (error) {
    return { error };
  } finally {
    clearTimeout(timer);
    clearTimeout(hung);
  }
}
