import path from 'node:path';
import { createChannels } from './channels/create.js';
import type { Channel } from './channels/channel.js';
import { ConfigError } from './config/errors.js';
import type { Config } from './config/schema.js';
import { createHttpServer } from './http/server.js';
import { createMetrics } from './http/metrics.js';
import { createIngest, type Ingest } from './ingest.js';
import type { Logger } from './log.js';
import { createDispatcher, type Dispatcher } from './schedule/dispatcher.js';
import { scheduleJob } from './schedule/cron.js';
import { createFeedPoller } from './sources/feed-poller.js';
import { createInbox } from './sources/inbox.js';
import { openStore } from './store/sqlite-store.js';
import type { Store } from './store/types.js';

export interface ServiceOptions {
  config: Config;
  logger: Logger;
  scrub: (text: string) => string;
  /** Channels to use instead of the ones built from config (tests). */
  channels?: Channel[];
  /** fetch for feeds (tests). */
  fetch?: typeof fetch;
}

export interface Service {
  store: Store;
  ingest: Ingest;
  dispatcher: Dispatcher;
  /** Port the HTTP server listens on (0 when disabled). */
  port: number;
  /** Checks each channel paused by an auth failure again and resumes those that pass; returns them. */
  recheckPaused(): Promise<string[]>;
  stop(): Promise<void>;
}

/** How often a channel paused by an auth failure is checked again (the same check as `crier doctor`). */
const AUTH_RECHECK_CRON = '*/5 * * * *';

/** Wires sources -> store -> dispatcher and starts them; stop() shuts them down in reverse order. */
export async function startService(opts: ServiceOptions): Promise<Service> {
  const { config, logger } = opts;
  const store = openStore({ dataDir: config.dataDir, scrub: opts.scrub });
  const stops: (() => void | Promise<void>)[] = [];
  try {
    const interrupted = store.recoverInterrupted();
    if (interrupted > 0) {
      logger.warn(
        { count: interrupted },
        'deliveries interrupted while sending are now "uncertain": check them with `crier status`, then `crier retry <id>`',
      );
    }
    const channels =
      opts.channels ?? createChannels(config, logger, { timeoutMs: config.delivery.publishTimeoutMs });
    const metrics = createMetrics(() => store.countByStatus());
    const dispatcher = createDispatcher({ store, channels, config, logger });
    dispatcher.on('latency', (e: { channel: string; ms: number }) => metrics.observeLatency(e.channel, e.ms));
    const ingest = createIngest({ store, config, logger, onQueued: () => dispatcher.notify() });

    const recheckPaused = async (): Promise<string[]> => {
      const resumed: string[] = [];
      for (const [id] of dispatcher.pausedChannels()) {
        // Channels sharing an account resume together: one passing check is enough for the group.
        if (!dispatcher.pausedChannels().has(id)) continue;
        const channel = channels.find((c) => c.id === id);
        const result = await channel?.check({
          signal: AbortSignal.timeout(config.delivery.publishTimeoutMs),
        });
        if (result?.status === 'ready') {
          logger.info({ channel: id }, 'credentials work again: channel resumed');
          dispatcher.resumeChannel(id);
          resumed.push(id);
        } else if (result) {
          logger.warn(
            { channel: id, detail: result.detail },
            'channel still paused: credentials fail the check',
          );
        }
      }
      return resumed;
    };
    const recheck = scheduleJob('auth-recheck', AUTH_RECHECK_CRON, recheckPaused, {
      onError: (err: unknown) => logger.warn({ err }, 'auth re-check failed'),
    });
    stops.push(() => recheck.stop());

    let port = 0;
    const http = createHttpServer({
      host: config.http.host,
      port: config.http.port,
      webhookEnabled: config.sources.webhook.enabled,
      ...(config.webhookToken ? { webhookToken: config.webhookToken } : {}),
      maxBodyBytes: config.sources.webhook.maxBodyBytes,
      ingest,
      logger,
      articleOptions: config.site.articleUrl ? { articleUrlTemplate: config.site.articleUrl } : {},
      metrics: () => metrics.render(),
      health: () => ({ paused: Object.fromEntries(dispatcher.pausedChannels()) }),
    });
    try {
      port = (await http.listen()).port;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const at = `${config.http.host}:${config.http.port}`;
      if (code === 'EADDRINUSE') {
        throw new ConfigError(
          `${at} is already in use (another crier?): stop it, or set CRIER_HTTP_PORT to a free port`,
        );
      }
      if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
        throw new ConfigError(`cannot listen on ${at} (${code}): set CRIER_HTTP_HOST and CRIER_HTTP_PORT`);
      }
      throw err;
    }
    stops.push(() => http.close());

    dispatcher.start();
    stops.push(() => dispatcher.stop(config.delivery.shutdownTimeoutMs));

    if (config.sources.inbox.enabled) {
      const inbox = createInbox({
        dir: path.resolve(config.sources.inbox.path),
        ingest,
        logger,
        sweepCron: config.sources.inbox.sweep,
        readOptions: config.site.articleUrl ? { articleUrlTemplate: config.site.articleUrl } : {},
      });
      await inbox.start();
      stops.push(() => inbox.stop());
    }
    if (config.sources.feeds.length > 0) {
      const feeds = createFeedPoller({
        feeds: config.sources.feeds,
        store,
        ingest,
        logger,
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
        articleOptions: config.site.articleUrl ? { articleUrlTemplate: config.site.articleUrl } : {},
      });
      feeds.start();
      stops.push(() => feeds.stop());
    }
    logger.info(
      {
        config: config.configPath,
        data: config.dataDir,
        http: `http://${config.http.host}:${port}`,
        channels: channels.map((c) => `${c.id}${c.dryRun ? ' (dry-run)' : ''}`),
      },
      'crier is running',
    );

    let stopped: Promise<void> | undefined;
    return {
      store,
      ingest,
      dispatcher,
      port,
      recheckPaused,
      stop() {
        stopped ??= (async () => {
          // Sources first (no new work), then the dispatcher (in-flight posts finish), then the database.
          for (const stop of stops.reverse()) {
            try {
              await stop();
            } catch (err) {
              logger.warn({ err }, 'error while stopping');
            }
          }
          store.close();
          logger.info('crier stopped');
        })();
        return stopped;
      },
    };
  } catch (err) {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    store.close();
    throw err;
  }
}
