import { z } from 'zod';

export const PLATFORMS = ['twitter', 'telegram', 'facebook'] as const;
export type Platform = (typeof PLATFORMS)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as "HH:MM"');

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone such as "Europe/London"');

export const ScheduleSchema = z
  .object({
    /** `immediate` posts as soon as an article arrives; `slots` takes the next free time of day. */
    mode: z.enum(['immediate', 'slots']).default('immediate'),
    /** Times of day for `slots`, in `timezone`. */
    times: z.array(hhmm).default([]),
    timezone: timeZone.default('UTC'),
    /** At least this many minutes between two posts on the channel. */
    minGapMinutes: z.number().min(0).default(0),
    /** No posts between start and end (in `timezone`); may wrap midnight. */
    quietHours: z.strictObject({ start: hhmm, end: hhmm }).optional(),
    /** At most this many posts per calendar day in `timezone`. */
    maxPerDay: z.number().int().positive().optional(),
  })
  .strict()
  .refine((s) => s.mode !== 'slots' || s.times.length > 0, {
    message: 'mode "slots" needs at least one entry in times, e.g. ["08:00", "17:30"]',
    path: ['times'],
  });
export type ScheduleConfig = z.infer<typeof ScheduleSchema>;

export const RateSchema = z
  .object({
    /** Smooths bursts (Telegram: about one message per second per chat). */
    perSecond: z.number().int().positive().optional(),
    perMinute: z.number().int().positive().optional(),
    perHour: z.number().int().positive().optional(),
    perDay: z.number().int().positive().optional(),
  })
  .strict();
export type RateConfig = z.infer<typeof RateSchema>;

export const ComposeSchema = z
  .object({
    /** X: post the summary or just the headline. */
    text: z.enum(['summary', 'headline']).default('summary'),
    /** X: split a long summary into a reply thread. */
    thread: z.boolean().default(false),
    /** X: most tweets in a thread. */
    maxThreadPosts: z.number().int().min(1).max(25).default(3),
    /** Most hashtags per post; dropped first when space is short. */
    hashtags: z.number().int().min(0).max(10).default(2),
    /**
     * X and Telegram: attach the article image when it has one. Telegram sends it as a photo with the
     * post as caption (1024-character limit); X uploads it and attaches it to the first tweet (the
     * 280 limit is unchanged). Default false.
     */
    photo: z.boolean().default(false),
    /** Telegram: link_preview_options. */
    linkPreview: z
      .object({
        isDisabled: z.boolean().default(false),
        preferLargeMedia: z.boolean().default(true),
        showAboveText: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** Character budget for the summary on this channel (capped by the platform limit). */
    summaryChars: z.number().int().min(40).optional(),
  })
  .strict();
export type ComposeConfig = z.infer<typeof ComposeSchema>;

export const ChannelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a lowercase id such as "telegram-main"'),
    platform: z.enum(PLATFORMS),
    enabled: z.boolean().default(true),
    compose: ComposeSchema.prefault({}),
    schedule: ScheduleSchema.prefault({}),
    rate: RateSchema.default({}),
  })
  .strict();
export type ChannelConfig = z.infer<typeof ChannelSchema>;

export const FeedSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    name: z.string().optional(),
    /** Cron expression for polling. */
    schedule: z.string().default('*/5 * * * *'),
    /** On the first poll, post the newest N items; the rest are marked seen. */
    backfill: z.number().int().min(0).default(0),
  })
  .strict();
export type FeedConfig = z.infer<typeof FeedSchema>;

export const ConfigFileSchema = z
  .object({
    site: z
      .object({
        name: z.string().default('crier'),
        /** Template for articles without a URL: {slug}, {id}, {yyyy}, {mm}, {dd}. */
        articleUrl: z.string().optional(),
        /** utm_campaign value. */
        campaign: z.string().min(1).default('crier'),
      })
      .strict()
      .prefault({}),
    channels: z.array(ChannelSchema).default([]),
    sources: z
      .object({
        inbox: z
          .object({
            enabled: z.boolean().default(true),
            path: z.string().default('articles/inbox'),
            /** Cron fallback sweep in case a file-system event is missed. */
            sweep: z.string().default('*/30 * * * * *'),
          })
          .strict()
          .prefault({}),
        feeds: z.array(FeedSchema).default([]),
        webhook: z
          .object({
            enabled: z.boolean().default(true),
            maxBodyBytes: z.number().int().positive().default(1_048_576),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    delivery: z
      .object({
        /** Attempts for transient failures before a delivery is `failed`. */
        maxAttempts: z.number().int().min(1).default(5),
        backoffBaseMs: z.number().int().positive().default(30_000),
        backoffMaxMs: z.number().int().positive().default(3_600_000),
        /** Abort one publish after this long. */
        publishTimeoutMs: z.number().int().positive().default(30_000),
        /** On SIGTERM, wait this long for in-flight posts. */
        shutdownTimeoutMs: z.number().int().positive().default(15_000),
        /** How often the dispatcher looks for due deliveries. */
        tickMs: z.number().int().positive().default(1_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

export interface TwitterCredentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
  apiRoot: string;
}
export interface TelegramCredentials {
  botToken: string;
  chatId: string;
  apiRoot: string;
}
export interface FacebookCredentials {
  pageId: string;
  pageToken: string;
  graphVersion: string;
  graphRoot: string;
}

/** Everything read from the environment, validated. Only src/config reads process.env. */
export interface EnvConfig {
  dataDir: string;
  http: { host: string; port: number };
  webhookToken?: string;
  logLevel: string;
  credentials: {
    twitter?: TwitterCredentials;
    telegram?: TelegramCredentials;
    facebook?: FacebookCredentials;
  };
  /** Target ids that are not secret, for previews even without credentials. */
  targets: { telegramChatId?: string; facebookPageId?: string; facebookGraphVersion: string };
}

export interface Config extends ConfigFile, EnvConfig {
  /** Path of the config file that was loaded, or "(embedded defaults)". */
  configPath: string;
}
