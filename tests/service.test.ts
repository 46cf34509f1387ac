import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { createLogger, makeScrubber } from '../src/log.js';
import { startService, type Service } from '../src/service.js';
import { openStore } from '../src/store/sqlite-store.js';
import type { Channel, CheckResult, Receipt } from '../src/channels/channel.js';
import { AuthFailed } from '../src/channels/errors.js';
import type { ComposedPost } from '../src/compose/types.js';
import { startPlatformFake, type PlatformFake } from './support/platform-fake.js';

/** A channel whose token is revoked until `fixed` is set, as a person would fix it. */
class RevocableChannel implements Channel {
  readonly platform = 'telegram' as const;
  readonly dryRun = false;
  fixed = false;
  readonly published: string[] = [];
  constructor(readonly id: string) {}
  async publish(post: ComposedPost): Promise<Receipt> {
    if (!this.fixed) {
      throw new AuthFailed(`telegram "${this.id}": Unauthorized`, {
        platform: 'telegram',
        channel: this.id,
        status: 401,
      });
    }
    this.published.push(post.text);
    return { remoteId: String(this.published.length), postedAt: new Date().toISOString() };
  }
  async check(): Promise<CheckResult> {
    return this.fixed ? { status: 'ready', detail: '@bot' } : { status: 'failed', detail: 'token rejected' };
  }
}

const ARTICLE_URL = 'https://news.example.com/2026/11/bridge-reopens';
const ARTICLE = `---
url: ${ARTICLE_URL}?utm_source=newsletter
tags: [Bridges, Transport]
---
# Bridge reopens after two years of repairs

The Old Town bridge reopened to traffic on Tuesday after a two-year repair that cost 48 million euros.

Engineers replaced 1,200 tonnes of steel and the deck, and the city says the bridge will last another century.

Get more stories like this on Facebook, Twitter and Telegram
`;

const FEED = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Example</title><link>https://news.example.com/</link><description>x</description>
<item><title>Bridge reopens after two years of repairs</title><link>${ARTICLE_URL}/</link>
<guid>bridge-1</guid><description>The Old Town bridge reopened to traffic on Tuesday.</description></item>
</channel></rss>`;

let fake: PlatformFake;
let feedServer: Server;
let feedUrl: string;
let dir: string;
let service: Service | undefined;
let logLines: string[];

beforeAll(async () => {
  fake = await startPlatformFake({ rateLimits: { telegramPerChat: null } });
  feedServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(FEED);
  });
  await new Promise<void>((r) => feedServer.listen(0, '127.0.0.1', r));
  feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/feed.xml`;
});
afterAll(async () => {
  await fake.close();
  await new Promise((r) => feedServer.close(r));
});
beforeEach(() => {
  fake.reset();
  dir = mkdtempSync(path.join(tmpdir(), 'crier-service-'));
  mkdirSync(path.join(dir, 'config'));
  mkdirSync(path.join(dir, 'inbox'));
  logLines = [];
});
afterEach(async () => {
  await service?.stop();
  service = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(feeds: string): void {
  writeFileSync(
    path.join(dir, 'config', 'crier.yaml'),
    `channels:
  - { id: x, platform: twitter }
  - { id: telegram, platform: telegram }
  - { id: facebook, platform: facebook }
sources:
  inbox: { path: ${path.join(dir, 'inbox')} }
  feeds: ${feeds}
delivery: { tickMs: 20, backoffBaseMs: 50, backoffMaxMs: 200 }
`,
  );
}

async function start(channels?: Channel[]): Promise<Service> {
  const env = { ...fake.env(), CRIER_DATA_DIR: path.join(dir, 'data'), CRIER_HTTP_PORT: '0' };
  const config = loadConfig({ cwd: dir, env });
  const secrets = Object.entries(env)
    .filter(([k]) => /TOKEN|SECRET|APP_KEY/.test(k))
    .map(([, v]) => v);
  const destination = new Writable({
    write(chunk, _e, cb) {
      logLines.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', secrets, pretty: false, destination });
  service = await startService({
    config,
    logger,
    scrub: makeScrubber(secrets),
    ...(channels ? { channels } : {}),
  });
  return service;
}

const sent = (s: Service) => s.store.listDeliveries({}).filter((d) => d.status === 'sent');

describe('the service', () => {
  it('posts an inbox file to three channels once, and ignores the same file or the same URL from a feed', async () => {
    writeConfig('[]');
    const s = await start();
    writeFileSync(path.join(dir, 'inbox', 'bridge.md'), ARTICLE);
    await vi.waitFor(() => expect(sent(s)).toHaveLength(3), { timeout: 10_000, interval: 20 });
    expect(fake.posts.map((p) => p.platform).sort()).toEqual(['facebook', 'telegram', 'twitter']);
    const urls = sent(s).map((d) => d.remoteUrl);
    expect(urls.every((u) => u?.startsWith('https://'))).toBe(true);
    expect(fake.posts.every((p) => !p.text.includes('Get more stories'))).toBe(true);
    await vi.waitFor(() => expect(readdirSync(path.join(dir, 'inbox', 'done'))).toEqual(['bridge.md']));

    // The same file again: moved to done/, nothing new queued or posted.
    writeFileSync(path.join(dir, 'inbox', 'bridge-again.md'), ARTICLE);
    await vi.waitFor(() => expect(readdirSync(path.join(dir, 'inbox', 'done')).sort()).toHaveLength(2));
    await s.stop();

    // Restart with a feed carrying the same article (URL with a trailing slash, no utm): still one post each.
    writeConfig(`[{ url: "${feedUrl}", backfill: 1 }]`);
    const again = await start();
    await vi.waitFor(() => expect(logLines.join('')).toContain('article already known'), { timeout: 10_000 });
    expect(again.store.listDeliveries({})).toHaveLength(3);
    expect(fake.posts).toHaveLength(3);
    const secrets = Object.values(fake.env()).filter((v) => v.length > 20 && !v.startsWith('http'));
    for (const sec of secrets) expect(logLines.join('')).not.toContain(sec);
  });

  it('turns a delivery left "sending" by a crash into "uncertain" on restart and never posts it', async () => {
    writeConfig('[]');
    const s = await start();
    writeFileSync(path.join(dir, 'inbox', 'bridge.md'), ARTICLE);
    await vi.waitFor(() => expect(sent(s)).toHaveLength(3), { timeout: 10_000, interval: 20 });
    const done = sent(s);
    await s.stop();
    service = undefined;

    // Simulate a crash mid-request: a new article whose telegram row was claimed but never answered.
    const store = openStore({ dataDir: path.join(dir, 'data') });
    const article = {
      ...store.getArticle(done[0]!.articleId)!.article,
      id: 'crashed',
      url: `${ARTICLE_URL}-2`,
    };
    store.addArticle(article, `${ARTICLE_URL}-2`);
    const [row] = store.addDeliveries('crashed', [
      { channel: 'telegram', platform: 'telegram', post: done[1]!.post, scheduledAt: Date.now() - 1000 },
    ]);
    expect(store.claimDue(Date.now(), [{ channel: 'telegram', limit: 1 }])).toHaveLength(1);
    store.close();
    fake.reset();

    const restarted = await start();
    const d = restarted.store.getDelivery(row!.id)!;
    expect(d.status).toBe('uncertain');
    expect(d.lastError).toContain('crier retry');
    await restarted.dispatcher.tick();
    expect(fake.posts).toHaveLength(0);
    expect(logLines.join('')).toContain('interrupted while sending');
  });

  it('pauses a channel whose token is revoked, keeps its other posts queued, and resumes once the check passes', async () => {
    writeConfig('[]');
    const tg = new RevocableChannel('telegram');
    const s = await start([tg]);
    writeFileSync(path.join(dir, 'inbox', 'one.md'), ARTICLE);
    await vi.waitFor(() => expect(s.dispatcher.pausedChannels().has('telegram')).toBe(true), {
      timeout: 10_000,
    });
    const failed = s.store.listDeliveries({ status: ['failed'] });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.lastErrorKind).toBe('auth');
    writeFileSync(path.join(dir, 'inbox', 'two.md'), ARTICLE.replace('bridge-reopens', 'bridge-closes'));
    await vi.waitFor(
      () => expect(s.store.listDeliveries({ status: ['queued'], channel: 'telegram' })).toHaveLength(1),
      {
        timeout: 10_000,
      },
    );
    expect(await s.recheckPaused()).toEqual([]);
    expect(tg.published).toHaveLength(0);

    tg.fixed = true;
    expect(await s.recheckPaused()).toEqual(['telegram']);
    await vi.waitFor(() => expect(tg.published).toHaveLength(1), { timeout: 10_000 });
    expect(s.store.listDeliveries({ status: ['sent'], channel: 'telegram' })).toHaveLength(1);
  });
});
