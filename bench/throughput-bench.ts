/**
 * Throughput benchmark: 100 Telegram channels x N articles against the fake enforcing Telegram's limits.
 *
 * crier's config has one TELEGRAM_CHAT_ID for the bot, and the Telegram composer puts it in every
 * channel's request: 100 channels of platform telegram all post to the same chat. So two scenarios:
 * - `one chat`: the fake enforces the per-chat limit (20 messages per window) and the per-bot limit
 *   (30 per second). The allowed rate is the per-chat one, shared by all 100 channels.
 * - `bot limit only`: the per-chat limit is off, leaving 30 per second per bot: what 100 channels in
 *   100 chats would meet.
 * Telegram's per-chat window is 60 s; the fake's is shortened (default 3 s) so a run takes seconds, not
 * hours, and crier's Telegram rate is set to the same compressed allowance (`rate.perSecond`), as a
 * user sets `rate` to their platform's limits. All channels share one budget (one bot, one chat).
 */
import { rmSync } from 'node:fs';
import { startPlatformFake } from '../tests/support/platform-fake.js';
import type { FakeRateLimits } from '../tests/support/fake-types.js';
import { readRss, waitUntil, startServiceChild, type Rss } from './support/child.js';
import { workDone } from './support/drive.js';
import { SHIPPED_DELIVERY, fillInbox, makeWorkspace, type WorkloadChannel } from './support/workload.js';

export interface ThroughputFigure {
  scenario: string;
  channels: number;
  articles: number;
  posts: number;
  /** Messages per second the fake allowed. */
  allowedPerSecond: number;
  /** Posts per second from the first platform request to the last post. */
  achievedPerSecond: number;
  /** achieved / allowed. */
  share: number;
  /** 429 answers crier received. */
  rateLimited: number;
  /** Requests made to a chat before its retry-after ran out. */
  retryAfterViolations: number;
  seconds: number;
  /** RSS high-water mark of the service over the run. */
  peak: Rss | undefined;
}

const SECOND = 1_000;

async function scenario(
  name: string,
  limits: Partial<FakeRateLimits>,
  allowedPerSecond: number,
  articles: number,
  channelCount: number,
  rate: Record<string, number>,
): Promise<ThroughputFigure> {
  const fake = await startPlatformFake({ rateLimits: { twitterPerUser: null, ...limits } });
  const channels: WorkloadChannel[] = Array.from({ length: channelCount }, (_, i) => ({
    id: `telegram-${String(i + 1).padStart(3, '0')}`,
    platform: 'telegram',
  }));
  const ws = makeWorkspace('throughput', { channels, rate, delivery: SHIPPED_DELIVERY });
  fillInbox(ws.inbox, articles);
  const env = { ...fake.env(), CRIER_DATA_DIR: ws.dataDir, CRIER_HTTP_PORT: '0' };
  const child = startServiceChild({ cwd: ws.dir, env, configPath: ws.configPath });
  let peak: Rss | undefined;
  try {
    await child.ready;
    const expected = articles * channelCount;
    await waitUntil(
      () => {
        peak = readRss(child.pid) ?? peak;
        return fake.posts.length >= expected || workDone(ws);
      },
      `${expected} posts`,
      10 * 60 * SECOND,
      100,
    );
  } finally {
    await child.stop();
    await fake.close();
    rmSync(ws.dir, { recursive: true, force: true });
  }
  const first = fake.requests.find((r) => r.platform === 'telegram')?.time ?? 0;
  const last = fake.posts.at(-1)?.time ?? first;
  const seconds = Math.max(1, last - first) / SECOND;
  const achieved = fake.posts.length / seconds;
  return {
    scenario: name,
    channels: channelCount,
    articles,
    posts: fake.posts.length,
    allowedPerSecond,
    achievedPerSecond: achieved,
    share: achieved / allowedPerSecond,
    rateLimited: fake.rateLimits.length,
    retryAfterViolations: fake.retryAfterViolations.length,
    seconds,
    peak,
  };
}

/** Both scenarios with `articles` articles each; `chatWindowMs` is the fake's per-chat window. */
export async function benchThroughput(
  articles: number,
  chatWindowMs = 3_000,
  channels = 100,
): Promise<ThroughputFigure[]> {
  const perBot = { limit: 30, windowMs: SECOND };
  return [
    await scenario(
      `one chat (20 per ${chatWindowMs / SECOND} s)`,
      { telegramPerChat: { limit: 20, windowMs: chatWindowMs }, telegramPerBot: perBot },
      Math.min(20 / (chatWindowMs / SECOND), 30),
      articles,
      channels,
      // A 1 s window of floor(20 / window) keeps any window of the fake's within its 20.
      { perSecond: Math.floor(20 / (chatWindowMs / SECOND)), perMinute: 100_000 },
    ),
    await scenario(
      'bot limit only (30 per s)',
      { telegramPerChat: null, telegramPerBot: perBot },
      30,
      articles,
      channels,
      { perSecond: 30, perMinute: 100_000 },
    ),
  ];
}
