import type { EnvConfig, Platform } from './schema.js';
import { ConfigError } from './errors.js';

type Env = Record<string, string | undefined>;

/** The variables each platform needs; all or none of a platform's must be set. */
export const PLATFORM_VARS = {
  twitter: ['TWITTER_APP_KEY', 'TWITTER_APP_SECRET', 'TWITTER_ACCESS_TOKEN', 'TWITTER_ACCESS_SECRET'],
  telegram: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_CHAT_ID'],
  facebook: ['FACEBOOK_PAGE_ID', 'FACEBOOK_PAGE_TOKEN'],
} as const satisfies Record<Platform, readonly string[]>;

/** Names of every environment variable whose value is a secret (redacted from logs, errors, store). */
export const SECRET_VARS = [
  'TWITTER_APP_KEY',
  'TWITTER_APP_SECRET',
  'TWITTER_ACCESS_TOKEN',
  'TWITTER_ACCESS_SECRET',
  'TELEGRAM_BOT_TOKEN',
  'FACEBOOK_PAGE_TOKEN',
  'CRIER_WEBHOOK_TOKEN',
] as const;

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** All of a platform's variables, none of them, or a ConfigError naming the missing one. */
function group(env: Env, names: readonly string[], platform: string): Record<string, string> | undefined {
  const present = names.filter((n) => value(env, n) !== undefined);
  if (present.length === 0) return undefined;
  const missing = names.filter((n) => value(env, n) === undefined);
  if (missing.length > 0) {
    throw new ConfigError(
      `${missing.join(', ')} is not set but ${present.join(', ')} is: set all of ${names.join(', ')} ` +
        `for ${platform}, or none of them for a dry-run channel`,
    );
  }
  return Object.fromEntries(names.map((n) => [n, value(env, n)!]));
}

function httpRoot(env: Env, name: string, fallback: string): string {
  const raw = value(env, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL ("${raw}"): use e.g. ${fallback}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http(s) URL, got "${url.protocol}": use e.g. ${fallback}`);
  }
  return raw.replace(/\/+$/, '');
}

function port(env: Env): number {
  const raw = value(env, 'CRIER_HTTP_PORT');
  if (raw === undefined) return 8787;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(`CRIER_HTTP_PORT must be a port number from 0 to 65535, got "${raw}"`);
  }
  return n;
}

/** Reads and validates the environment. Call only from src/config. */
export function readEnv(env: Env): EnvConfig {
  const tw = group(env, PLATFORM_VARS.twitter, 'X (Twitter)');
  const tg = group(env, PLATFORM_VARS.telegram, 'Telegram');
  const fb = group(env, PLATFORM_VARS.facebook, 'Facebook');
  const graphVersion = value(env, 'FACEBOOK_GRAPH_VERSION') ?? 'v24.0';
  if (!/^v\d+\.\d+$/.test(graphVersion)) {
    throw new ConfigError(`FACEBOOK_GRAPH_VERSION must look like "v24.0", got "${graphVersion}"`);
  }
  const webhookToken = value(env, 'CRIER_WEBHOOK_TOKEN');
  return {
    dataDir: value(env, 'CRIER_DATA_DIR') ?? './data',
    http: { host: value(env, 'CRIER_HTTP_HOST') ?? '127.0.0.1', port: port(env) },
    ...(webhookToken ? { webhookToken } : {}),
    logLevel: value(env, 'CRIER_LOG_LEVEL') ?? 'info',
    credentials: {
      ...(tw && {
        twitter: {
          appKey: tw.TWITTER_APP_KEY!,
          appSecret: tw.TWITTER_APP_SECRET!,
          accessToken: tw.TWITTER_ACCESS_TOKEN!,
          accessSecret: tw.TWITTER_ACCESS_SECRET!,
          apiRoot: httpRoot(env, 'TWITTER_API_ROOT', 'https://api.x.com'),
        },
      }),
      ...(tg && {
        telegram: {
          botToken: tg.TELEGRAM_BOT_TOKEN!,
          chatId: tg.TELEGRAM_CHAT_ID!,
          apiRoot: httpRoot(env, 'TELEGRAM_API_ROOT', 'https://api.telegram.org'),
        },
      }),
      ...(fb && {
        facebook: {
          pageId: fb.FACEBOOK_PAGE_ID!,
          pageToken: fb.FACEBOOK_PAGE_TOKEN!,
          graphVersion,
          graphRoot: httpRoot(env, 'FACEBOOK_GRAPH_ROOT', 'https://graph.facebook.com'),
        },
      }),
    },
    targets: {
      ...(value(env, 'TELEGRAM_CHAT_ID') ? { telegramChatId: value(env, 'TELEGRAM_CHAT_ID') } : {}),
      ...(value(env, 'FACEBOOK_PAGE_ID') ? { facebookPageId: value(env, 'FACEBOOK_PAGE_ID') } : {}),
      facebookGraphVersion: graphVersion,
    },
  };
}

/** The secret values currently set, for scrubbing text before it is logged, printed or stored. */
export function secretValues(env: Env): string[] {
  return SECRET_VARS.map((n) => value(env, n)).filter((v): v is string => v !== undefined && v.length >= 4);
}
