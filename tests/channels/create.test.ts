import { describe, expect, it } from 'vitest';
import { createChannels } from '../../src/channels/create.js';
import { DryRunChannel } from '../../src/channels/dry-run.js';
import { FacebookChannel } from '../../src/channels/facebook.js';
import { TelegramChannel } from '../../src/channels/telegram.js';
import { TwitterChannel } from '../../src/channels/twitter.js';
import { readEnv } from '../../src/config/env.js';
import { ConfigFileSchema, type Config } from '../../src/config/schema.js';
import { memoryLogger } from './support.js';

function config(env: Record<string, string>): Config {
  const file = ConfigFileSchema.parse({
    channels: [
      { id: 'x', platform: 'twitter' },
      { id: 'telegram', platform: 'telegram' },
      { id: 'telegram-old', platform: 'telegram', enabled: false },
      { id: 'facebook', platform: 'facebook' },
    ],
  });
  return { ...file, ...readEnv(env), configPath: '(test)' };
}

describe('createChannels', () => {
  it('makes a live channel where credentials exist, dry-run elsewhere, and skips disabled ones', () => {
    const { logger } = memoryLogger();
    const channels = createChannels(
      config({
        TELEGRAM_BOT_TOKEN: '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ',
        TELEGRAM_CHAT_ID: '@crier_news',
      }),
      logger,
    );
    expect(channels.map((c) => [c.id, c.platform, c.dryRun])).toEqual([
      ['x', 'twitter', true],
      ['telegram', 'telegram', false],
      ['facebook', 'facebook', true],
    ]);
    expect(channels[0]).toBeInstanceOf(DryRunChannel);
    expect(channels[1]).toBeInstanceOf(TelegramChannel);
  });

  it('makes every platform live when all credentials are set', () => {
    const { logger } = memoryLogger();
    const channels = createChannels(
      config({
        TWITTER_APP_KEY: 'k',
        TWITTER_APP_SECRET: 's',
        TWITTER_ACCESS_TOKEN: 't',
        TWITTER_ACCESS_SECRET: 'u',
        TELEGRAM_BOT_TOKEN: '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ',
        TELEGRAM_CHAT_ID: '-1001234567890',
        FACEBOOK_PAGE_ID: '1122334455',
        FACEBOOK_PAGE_TOKEN: 'EAAGtoken',
      }),
      logger,
      { timeoutMs: 5_000 },
    );
    expect(channels[0]).toBeInstanceOf(TwitterChannel);
    expect(channels[1]).toBeInstanceOf(TelegramChannel);
    expect(channels[2]).toBeInstanceOf(FacebookChannel);
    expect(channels.every((c) => !c.dryRun)).toBe(true);
  });
});
