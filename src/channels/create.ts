import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Channel } from './channel.js';
import { DryRunChannel } from './dry-run.js';
import { FacebookChannel } from './facebook.js';
import { TelegramChannel } from './telegram.js';
import { TwitterChannel } from './twitter.js';

export interface CreateChannelsOptions {
  /** Per publish/check timeout. Default config.delivery.publishTimeoutMs. */
  timeoutMs?: number;
}

/** One channel per enabled entry of config.channels: live with credentials, dry-run without. */
export function createChannels(config: Config, logger: Logger, opts: CreateChannelsOptions = {}): Channel[] {
  const timeoutMs = opts.timeoutMs ?? config.delivery.publishTimeoutMs;
  return config.channels
    .filter((ch) => ch.enabled)
    .map((ch): Channel => {
      const log = logger.child({ channel: ch.id });
      const creds = config.credentials;
      switch (ch.platform) {
        case 'twitter':
          return creds.twitter
            ? new TwitterChannel({ id: ch.id, credentials: creds.twitter, logger: log, timeoutMs })
            : new DryRunChannel({ id: ch.id, platform: ch.platform, logger });
        case 'telegram':
          return creds.telegram
            ? new TelegramChannel({ id: ch.id, credentials: creds.telegram, logger: log, timeoutMs })
            : new DryRunChannel({ id: ch.id, platform: ch.platform, logger });
        case 'facebook':
          return creds.facebook
            ? new FacebookChannel({ id: ch.id, credentials: creds.facebook, logger: log, timeoutMs })
            : new DryRunChannel({ id: ch.id, platform: ch.platform, logger });
      }
    });
}
