import type { Channel, PublishOptions, Receipt } from '../../src/channels/channel.js';
import type { ComposedPost } from '../../src/compose/types.js';
import { ConfigFileSchema, type Platform } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import { openMemoryStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from '../../src/schedule/dispatcher.js';
import { afterEach, beforeEach, vi } from 'vitest';

/** What one publish call does: return a receipt or throw. Runs after `latencyMs` of (fake) time. */
export type Behaviour = (
  post: ComposedPost,
  call: number,
  signal?: AbortSignal,
) => Receipt | Promise<Receipt>;

export interface Call {
  text: string;
  at: number;
  endedAt?: number;
  signal?: AbortSignal;
}

export const ok: Behaviour = (post, call) => ({
  remoteId: `${post.channel}-${call}`,
  postedAt: new Date(Date.now()).toISOString(),
});

/** A Channel whose publish follows a script; calls are recorded with their (fake) start time. */
export class FakeChannel implements Channel {
  readonly calls: Call[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(
    readonly id: string,
    readonly platform: Platform,
    private behaviour: Behaviour = ok,
    private latencyMs = 0,
    readonly dryRun = false,
  ) {}

  setBehaviour(b: Behaviour): void {
    this.behaviour = b;
  }

  async publish(post: ComposedPost, opts?: PublishOptions): Promise<Receipt> {
    const call: Call = { text: post.text, at: Date.now(), ...(opts?.signal ? { signal: opts.signal } : {}) };
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      return await this.behaviour(post, this.calls.length, opts?.signal);
    } finally {
      this.inFlight--;
      call.endedAt = Date.now();
    }
  }

  async check() {
    return { status: 'ready' as const, detail: this.id };
  }
}

export function makeConfig(
  channels: { id: string; platform: Platform; rate?: Record<string, number> }[],
  delivery: Record<string, number> = {},
) {
  return ConfigFileSchema.parse({
    channels,
    delivery: {
      maxAttempts: 5,
      backoffBaseMs: 1000,
      backoffMaxMs: 60_000,
      publishTimeoutMs: 30_000,
      shutdownTimeoutMs: 15_000,
      tickMs: 100,
      ...delivery,
    },
  });
}

export const silentLogger = () => createLogger({ level: 'silent', pretty: false });

export function memoryStore(): Store {
  return openMemoryStore();
}

let seq = 0;
/** Stores an article and one queued delivery per channel, due at `at`. Returns the delivery ids by channel. */
export function enqueue(
  store: Store,
  channels: { id: string; platform: Platform }[],
  text: string,
  at = Date.now(),
): Record<string, number> {
  seq++;
  const { article } = store.addArticle(
    {
      id: `a${seq}`,
      title: text,
      paragraphs: [text],
      url: `https://news.example.com/${seq}`,
      tags: [],
      source: { kind: 'webhook', ref: `req-${seq}` },
    },
    `https://news.example.com/${seq}`,
  );
  const rows = store.addDeliveries(
    article.id,
    channels.map((c) => ({
      channel: c.id,
      platform: c.platform,
      scheduledAt: at,
      post: { channel: c.id, platform: c.platform, length: text.length, limit: 4096, text, requests: [] },
    })),
  );
  return Object.fromEntries(rows.map((r) => [r.channel, r.id]));
}

export interface DispatcherTest {
  /** A fresh in-memory store per test (closed after it); a test may replace it. */
  store: Store;
  /** A dispatcher over `channels` with the test config; stopped after the test. */
  setup(
    channels: FakeChannel[],
    opts?: { delivery?: Record<string, number>; rate?: Record<string, number>; random?: () => number },
  ): Dispatcher;
  /** Stops a dispatcher built by hand after the test. */
  track(dispatcher: Dispatcher): Dispatcher;
}

/** Fake timers at `now`, a store per test, and dispatchers stopped after each test. */
export function useDispatcherTest(now: number): DispatcherTest {
  let current: Dispatcher | undefined;
  const t: DispatcherTest = {
    store: undefined as unknown as Store,
    setup(channels, opts = {}) {
      const config = makeConfig(
        channels.map((c) => ({ id: c.id, platform: c.platform, ...(opts.rate ? { rate: opts.rate } : {}) })),
        opts.delivery ?? {},
      );
      const options: DispatcherOptions = {
        store: t.store,
        channels,
        config,
        logger: silentLogger(),
        random: opts.random ?? (() => 0.5),
      };
      return t.track(createDispatcher(options));
    },
    track(dispatcher) {
      current = dispatcher;
      return dispatcher;
    },
  };
  beforeEach(() => {
    vi.useFakeTimers({ now });
    t.store = memoryStore();
  });
  afterEach(async () => {
    await current?.stop(0);
    current = undefined;
    t.store.close();
    vi.useRealTimers();
  });
  return t;
}
