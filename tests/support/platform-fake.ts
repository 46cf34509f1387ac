/**
 * Loopback fake of the X, Telegram and Graph APIs that crier uses, for end-to-end tests, the benchmark and
 * the crash and fault harnesses. Plain node:http, no test-framework imports: it is also compiled by
 * `tsc -p tsconfig.tools.json` and run from build/.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HandlerContext, Reply } from './fake-handler.js';
import { maskHeaders, maskParams, maskPath, parseBody, readBody } from './fake-http.js';
import { handleGraph } from './fake-graph.js';
import { FakeState } from './fake-state.js';
import { handleTelegram } from './fake-telegram.js';
import { handleTwitter } from './fake-twitter.js';
import type {
  FakeConfig,
  FakeCredentials,
  FakeOptions,
  FakePost,
  FakeRateLimits,
  FakeRequestRecord,
  FakeViolation,
  RateLimitRecord,
  RequestListener,
} from './fake-types.js';

export type * from './fake-types.js';
export { parseTelegramHtml } from './telegram-html.js';

/** Real-looking but fake credentials: shaped like the real ones so crier's own format checks pass. */
export const DEFAULT_CREDENTIALS: FakeCredentials = {
  telegramBotTokens: ['123456789:AAFakeTokenForCrierLoopbackTests012'],
  twitterAppKey: 'FakeAppKey0123456789abcde',
  twitterAppSecret: 'FakeAppSecret0123456789abcdefghijklmnopqrstuvwxyzAB',
  twitterUsers: [
    {
      id: '1790000000000000001',
      username: 'crierfake',
      name: 'Crier Fake',
      accessToken: '1790000000000000001-FakeAccessToken0123456789abcdef',
      accessSecret: 'FakeAccessSecret0123456789abcdefghijklmnopqrs',
    },
  ],
  facebookPages: [
    { id: '104000000000001', name: 'Crier Fake Page', token: 'EAAFakePageToken0123456789abcdefZZ' },
  ],
};

export const DEFAULT_RATE_LIMITS: FakeRateLimits = {
  telegramPerChat: { limit: 20, windowMs: 60_000 },
  telegramPerBot: { limit: 30, windowMs: 1_000 },
  twitterPerUser: { limit: 100, windowMs: 15 * 60_000 },
  facebookPerPage: null,
  facebookPerApp: null,
};

const DEFAULT_CONFIG: FakeConfig = {
  seed: 1,
  failRate: 0,
  dropAfterAccept: 0,
  delayMs: 0,
  stormUntil: 0,
  rateLimits: DEFAULT_RATE_LIMITS,
  retryAfterGraceMs: 0,
  telegramChats: null,
};

export interface PlatformFake {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly credentials: FakeCredentials;
  /** Every request, in arrival order. */
  readonly requests: readonly FakeRequestRecord[];
  /** Accepted posts, including those whose answer was dropped: the source of truth for exactly-once checks. */
  readonly posts: readonly FakePost[];
  /** Every rate-limit answer (429 or Graph code 4/32). */
  readonly rateLimits: readonly RateLimitRecord[];
  /** Token-in-URL and retry-after violations: a correct crier leaves this empty. */
  readonly violations: readonly FakeViolation[];
  readonly retryAfterViolations: readonly FakeViolation[];
  readonly config: Readonly<FakeConfig>;
  /** Changes behaviour from now on; `rateLimits` is merged, everything else replaced. */
  configure(
    partial: Partial<Omit<FakeConfig, 'rateLimits'>> & { rateLimits?: Partial<FakeRateLimits> },
  ): void;
  /** Forgets records, windows, retry-after blocks and id counters; keeps configuration. */
  reset(): void;
  /** Environment crier reads to talk to this fake; `overrides` replace single variables. */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** Called for each request once its outcome is decided (before any delay); returns an unsubscribe. */
  onRequest(listener: RequestListener): () => void;
  close(): Promise<void>;
}

function route(ctx: HandlerContext): { platform: FakeRequestRecord['platform']; reply: Reply } {
  const path = ctx.url.pathname;
  const bot = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
  if (bot) return { platform: 'telegram', reply: handleTelegram(ctx, bot[1]!, bot[2]!) };
  if (path.startsWith('/2/')) return { platform: 'twitter', reply: handleTwitter(ctx, path) };
  if (/^\/v\d+\.\d+\//.test(path)) return { platform: 'facebook', reply: handleGraph(ctx, path) };
  return {
    platform: 'unknown',
    reply: {
      status: 404,
      body: { error: `no fake platform serves ${ctx.method} ${path}` },
      outcome: 'not-found',
    },
  };
}

function write(res: ServerResponse, reply: Reply): void {
  const isText = typeof reply.body === 'string';
  const payload = isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': isText ? 'text/html' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...reply.headers,
  });
  res.end(payload);
}

/** Starts the fake on 127.0.0.1. */
export async function startPlatformFake(opts: FakeOptions = {}): Promise<PlatformFake> {
  const {
    port: wantedPort = 0,
    now = Date.now,
    credentials: creds = {},
    rateLimits,
    controlApi = false,
    ...config
  } = opts;
  const credentials: FakeCredentials = { ...DEFAULT_CREDENTIALS, ...creds };
  const state = new FakeState(
    { ...DEFAULT_CONFIG, ...config, rateLimits: { ...DEFAULT_RATE_LIMITS, ...rateLimits } },
    now,
  );
  const listeners = new Set<RequestListener>();

  // For a fake in another process: read records and change behaviour over HTTP. Not recorded itself.
  function control(method: string, path: string, params: Record<string, unknown>): Reply {
    if (method === 'POST' && path === '/__fake/configure') fake.configure(params as Partial<FakeConfig>);
    else if (method === 'POST' && path === '/__fake/reset') state.reset();
    else if (!(method === 'GET' && path === '/__fake/state')) {
      return { status: 404, body: { error: `unknown control call ${method} ${path}` }, outcome: 'not-found' };
    }
    const { requests, posts, rateLimits: limits, violations, config: current } = state;
    return {
      status: 200,
      body: { requests, posts, rateLimits: limits, violations, config: current },
      outcome: 'ok',
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = state.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const parsed = parseBody(await readBody(req), req.headers['content-type']);
    if (controlApi && url.pathname.startsWith('/__fake/')) {
      write(res, control(req.method ?? 'GET', url.pathname, parsed.params));
      return;
    }
    const seq = state.nextSeq();
    const isTelegram = url.pathname.startsWith('/bot');
    // The Bot API takes parameters from the query string too; the Graph token in a query is a violation.
    const params = isTelegram ? { ...Object.fromEntries(url.searchParams), ...parsed.params } : parsed.params;
    const record: FakeRequestRecord = {
      seq,
      time,
      platform: 'unknown',
      method: req.method ?? 'GET',
      path: maskPath(url),
      body: maskParams(parsed.params),
      headers: maskHeaders(req.headers),
      outcome: 'pending',
    };
    state.requests.push(record);
    const ctx: HandlerContext = {
      state,
      credentials,
      method: record.method,
      url,
      headers: req.headers,
      params,
      ...(parsed.error === undefined ? {} : { bodyError: parsed.error }),
      seq,
      time,
    };
    const { platform, reply } = route(ctx);
    record.platform = platform;
    record.outcome = reply.outcome;
    record.status = reply.status;
    if (reply.target !== undefined) record.target = reply.target;
    const post = reply.post;
    const drop =
      post !== undefined &&
      state.config.dropAfterAccept > 0 &&
      state.draw('drop', `${post.platform}|${post.target}|${post.text}`) < state.config.dropAfterAccept;
    if (drop) {
      post.answerLost = true;
      record.outcome = 'dropped';
      delete record.status;
    }
    for (const listener of listeners) listener(record);
    const delay = state.delayFor(`${record.method}|${url.pathname}|${seq}`);
    const finish = (): void => {
      // Lost answer: the post is recorded, but the client sees the connection die with no response.
      if (drop) req.socket.destroy();
      else write(res, reply);
    };
    if (delay > 0) setTimeout(finish, delay);
    else finish();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return;
      write(res, { status: 500, body: { error: `fake failed: ${String(err)}` }, outcome: 'failed' });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wantedPort, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const fake: PlatformFake = {
    url,
    port,
    credentials,
    get requests() {
      return state.requests;
    },
    get posts() {
      return state.posts;
    },
    get rateLimits() {
      return state.rateLimits;
    },
    get violations() {
      return state.violations;
    },
    get retryAfterViolations() {
      return state.violations.filter((v) => v.kind === 'retry-after');
    },
    get config() {
      return state.config;
    },
    configure(partial) {
      const { rateLimits: limits, ...rest } = partial;
      state.config = { ...state.config, ...rest, rateLimits: { ...state.config.rateLimits, ...limits } };
    },
    reset: () => state.reset(),
    env(overrides = {}) {
      const user = credentials.twitterUsers[0];
      const page = credentials.facebookPages[0];
      return {
        TWITTER_API_ROOT: url,
        TELEGRAM_API_ROOT: url,
        FACEBOOK_GRAPH_ROOT: url,
        ...(user && {
          TWITTER_APP_KEY: credentials.twitterAppKey,
          TWITTER_APP_SECRET: credentials.twitterAppSecret,
          TWITTER_ACCESS_TOKEN: user.accessToken,
          TWITTER_ACCESS_SECRET: user.accessSecret,
        }),
        ...(credentials.telegramBotTokens[0] !== undefined && {
          TELEGRAM_BOT_TOKEN: credentials.telegramBotTokens[0],
          TELEGRAM_CHAT_ID: '@crierfake',
        }),
        ...(page && { FACEBOOK_PAGE_ID: page.id, FACEBOOK_PAGE_TOKEN: page.token }),
        FACEBOOK_GRAPH_VERSION: 'v24.0',
        ...overrides,
      };
    },
    onRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return fake;
}
