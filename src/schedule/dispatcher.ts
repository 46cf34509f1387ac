import { EventEmitter } from 'node:events';
import type { Channel } from '../channels/channel.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Delivery, Store } from '../store/types.js';
import { decide, type Decision } from './outcome.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { runPublish, type PublishOutcome } from './run-publish.js';

/** Events with their payloads. Listeners that throw are logged, never break the loop. */
export interface DispatcherEvents {
  sent: [{ delivery: Delivery; remoteId: string; dryRun: boolean; duplicate: boolean }];
  failed: [{ delivery: Delivery; kind: string; message: string }];
  retry: [{ delivery: Delivery; kind: 'transient' | 'rate-limited'; at: number; message: string }];
  uncertain: [{ delivery: Delivery; message: string }];
  paused: [{ channel: string; reason: string }];
  /** Duration of one successful publish call. */
  latency: [{ channel: string; ms: number }];
  error: [{ err: unknown }];
}

export interface DispatcherOptions {
  store: Store;
  channels: Channel[];
  /** Only `channels[].rate` and `delivery` are read. */
  config: Pick<Config, 'channels' | 'delivery'>;
  logger: Logger;
  /** Clock. Default: Date.now. */
  now?: () => number;
  /** Random number in [0, 1) for backoff jitter. Default: Math.random. */
  random?: () => number;
  /**
   * Restricts the dispatcher to these delivery ids (`crier post --now` sends what it queued and leaves
   * the rest of the outbox to the service). Default: every delivery.
   */
  only?: number[];
}

export interface Dispatcher {
  /** Starts the loop: a tick every `delivery.tickMs` and one right away. */
  start(): void;
  /**
   * No new claims; waits for in-flight publishes up to `timeoutMs` (default `delivery.shutdownTimeoutMs`).
   * Rows still in flight then stay `sending` (uncertain after the next start) and their late answers are ignored.
   */
  stop(timeoutMs?: number): Promise<void>;
  /** Claims what is due now and resolves once those publishes have settled. */
  tick(): Promise<void>;
  /** Work was queued: tick soon instead of waiting for the next interval. */
  notify(): void;
  /** Channels paused by an auth failure, with the reason. */
  pausedChannels(): Map<string, string>;
  resumeChannel(id: string): void;
  on<K extends keyof DispatcherEvents>(
    event: K,
    listener: (...args: DispatcherEvents[K]) => void,
  ): Dispatcher;
  /** The limiter, for status output and tests. */
  readonly limiter: RateLimiter;
}

/**
 * The delivery loop: one publish in flight per channel (posts to a channel go in order), channels
 * in parallel, each gated by its rate limiter and by pauses after an auth failure.
 */
export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const { store, logger } = opts;
  const delivery = opts.config.delivery;
  const clock = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const byId = new Map(opts.channels.map((c) => [c.id, c]));
  const limiter = createRateLimiter({
    now: clock,
    channels: opts.channels.map((c) => ({
      id: c.id,
      platform: c.platform,
      rate: opts.config.channels.find((cc) => cc.id === c.id)?.rate,
      // One set of credentials per platform: every channel of a platform posts through the same
      // account to the same destination, so the platform's limits and 429s apply to them together.
      group: c.platform,
    })),
  });
  const emitter = new EventEmitter<DispatcherEvents>();
  const paused = new Map<string, string>();
  /**
   * Rate groups with a publish in flight. One at a time per platform account: posts to a channel stay
   * in order, and a 429 is known before the next request to the same destination leaves.
   */
  const busy = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  const stopController = new AbortController();
  let interval: ReturnType<typeof setInterval> | undefined;
  let soon: ReturnType<typeof setImmediate> | undefined;
  let stopping = false;
  let rotation = 0;
  let abandoned = false;

  function emit<K extends keyof DispatcherEvents>(event: K, ...args: DispatcherEvents[K]): void {
    if (event === 'error' && emitter.listenerCount('error') === 0) return;
    try {
      (emitter.emit as (e: K, ...a: DispatcherEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      logger.error({ err, event }, 'dispatcher event listener threw');
    }
  }

  function report(err: unknown, msg: string): void {
    logger.error({ err }, msg);
    emit('error', { err });
  }

  /**
   * Claims one due row for every free rate group (platform account) and starts its publish. The
   * channels of a group are tried from a rotating position so that none of them starves.
   */
  function launch(): Promise<void>[] {
    if (stopping) return [];
    const now = clock();
    const claimed: Delivery[] = [];
    const n = opts.channels.length;
    for (let k = 0; k < n; k++) {
      const c = opts.channels[(k + rotation) % n]!;
      const group = limiter.group(c.id);
      // A group that claims a row becomes busy, so one row per group per round: no budget to track.
      if (paused.has(c.id) || busy.has(group) || limiter.available(c.id, now) <= 0) continue;
      let got: Delivery[];
      try {
        got = store.claimDue(now, [{ channel: c.id, limit: 1 }], opts.only);
      } catch (err) {
        // Rows already claimed this round are still published below.
        report(err, 'could not claim due deliveries');
        break;
      }
      claimed.push(...got);
      if (got.length > 0) busy.add(group);
    }
    rotation = n > 0 ? (rotation + 1) % n : 0;
    return claimed.map((d) => {
      limiter.record(d.channel, now);
      const p = publish(d).finally(() => {
        busy.delete(limiter.group(d.channel));
        inFlight.delete(p);
        // The channel is free again: its next row (if due) need not wait for the interval.
        if (!stopping) notify();
      });
      inFlight.add(p);
      return p;
    });
  }

  async function publish(d: Delivery): Promise<void> {
    const started = clock();
    const outcome = await runPublish(byId.get(d.channel)!, d.post, {
      timeoutMs: delivery.publishTimeoutMs,
      signal: stopController.signal,
    });
    if (abandoned) {
      logger.warn(
        { delivery: d.id, channel: d.channel },
        'answer arrived after shutdown: row left as sending',
      );
      return;
    }
    try {
      settle(d, outcome, started);
    } catch (err) {
      report(err, `could not record the outcome of delivery ${d.id}`);
    }
  }

  function settle(d: Delivery, outcome: PublishOutcome, started: number): void {
    const now = clock();
    const decision: Decision = decide({
      outcome,
      now,
      transientFailures: d.attempts,
      maxAttempts: delivery.maxAttempts,
      backoffBaseMs: delivery.backoffBaseMs,
      backoffMaxMs: delivery.backoffMaxMs,
      random,
    });
    const log = { delivery: d.id, channel: d.channel, article: d.articleId };
    if ('error' in outcome && decision.action === 'failed' && decision.bug) {
      logger.error(
        { ...log, err: outcome.error },
        'publish threw an unexpected error (a bug): delivery failed',
      );
    }
    switch (decision.action) {
      case 'sent':
        store.markSent(d.id, {
          remoteId: decision.remoteId,
          ...(decision.url !== undefined ? { url: decision.url } : {}),
          postedAt: decision.postedAt,
          ...(decision.dryRun ? { dryRun: true } : {}),
          ...(decision.duplicate ? { note: 'the platform already had this post: counted as sent' } : {}),
        });
        logger.info(
          { ...log, remoteId: decision.remoteId, dryRun: Boolean(decision.dryRun) },
          decision.duplicate ? 'platform already had this post: counted as sent' : 'posted',
        );
        emit('sent', {
          delivery: d,
          remoteId: decision.remoteId,
          dryRun: Boolean(decision.dryRun),
          duplicate: Boolean(decision.duplicate),
        });
        if (!decision.duplicate) emit('latency', { channel: d.channel, ms: now - started });
        return;
      case 'retry':
        if (decision.kind === 'rate-limited') limiter.blockUntil(d.channel, decision.at);
        store.markRetry(d.id, decision.at, decision.kind, decision.message, {
          countAttempt: decision.kind !== 'rate-limited',
        });
        logger.warn(
          { ...log, kind: decision.kind, at: new Date(decision.at).toISOString() },
          decision.message,
        );
        emit('retry', { delivery: d, kind: decision.kind, at: decision.at, message: decision.message });
        return;
      case 'failed':
        store.markFailed(d.id, decision.kind, decision.message);
        logger.warn({ ...log, kind: decision.kind }, `delivery failed: ${decision.message}`);
        emit('failed', { delivery: d, kind: decision.kind, message: decision.message });
        if (decision.pauseChannel) pause(d.channel, decision.message);
        return;
      case 'uncertain':
        store.markUncertain(d.id, decision.message);
        logger.warn(log, `outcome unknown, not retried automatically: ${decision.message}`);
        emit('uncertain', { delivery: d, message: decision.message });
        return;
    }
  }

  /** Pauses the channel and every channel sharing its credentials (its rate group). */
  function pause(channel: string, reason: string): void {
    const group = limiter.group(channel);
    for (const c of opts.channels) {
      if (limiter.group(c.id) !== group || paused.has(c.id)) continue;
      paused.set(c.id, reason);
      logger.error(
        { channel: c.id },
        `channel paused until its credentials work again (crier doctor): ${reason}`,
      );
      emit('paused', { channel: c.id, reason });
    }
  }

  function runLaunch(): void {
    for (const p of launch()) p.catch((err: unknown) => report(err, 'publish loop error'));
  }

  function notify(): void {
    if (stopping || soon !== undefined) return;
    // Deferred: the caller may still be inside the transaction that queued the rows.
    soon = setImmediate(() => {
      soon = undefined;
      runLaunch();
    });
    soon.unref();
  }

  const dispatcher: Dispatcher = {
    limiter,
    start() {
      if (interval !== undefined || stopping) return;
      interval = setInterval(runLaunch, delivery.tickMs);
      interval.unref?.();
      notify();
    },
    async stop(timeoutMs = delivery.shutdownTimeoutMs) {
      stopping = true;
      if (interval !== undefined) clearInterval(interval);
      if (soon !== undefined) clearImmediate(soon);
      interval = soon = undefined;
      if (inFlight.size === 0) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = await Promise.race([
        Promise.allSettled([...inFlight]).then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut && inFlight.size > 0) {
        abandoned = true;
        logger.warn(
          { count: inFlight.size },
          'shutdown timeout: posts still in flight stay "sending" and become "uncertain" on the next start',
        );
        stopController.abort(new Error('crier is shutting down'));
      }
    },
    async tick() {
      await Promise.allSettled(launch());
    },
    notify,
    pausedChannels: () => new Map(paused),
    resumeChannel(id) {
      const group = limiter.group(id);
      let resumed = false;
      for (const c of opts.channels) {
        if (limiter.group(c.id) === group && paused.delete(c.id)) {
          logger.info({ channel: c.id }, 'channel resumed');
          resumed = true;
        }
      }
      if (resumed) notify();
    },
    on(event, listener) {
      emitter.on(event, listener as never);
      return dispatcher;
    },
  };
  return dispatcher;
}
