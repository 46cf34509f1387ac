import http from 'node:http';
import type { Socket } from 'node:net';
import { TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import type { ComposedPost } from '../compose/types.js';
import type { TwitterCredentials } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Channel, CheckResult, PublishOptions, Receipt } from './channel.js';
import { Deadline, DeadlineExceeded, raceAbort } from './deadline.js';
import { deadlineError, scrubberFor, type ErrorContext } from './error-helpers.js';
import { Rejected, isChannelError, type PartReceipt } from './errors.js';
import { mapTwitterError } from './twitter-errors.js';
import { uploadTweetImage } from './twitter-media.js';

export const X_API_ROOT = 'https://api.x.com';

export interface TwitterChannelOptions {
  /** Channel id from the config, e.g. "x-main". */
  id: string;
  /** OAuth 1.0a user-context keys and the API root (TWITTER_API_ROOT, default https://api.x.com). */
  credentials: TwitterCredentials;
  /**
   * Where successful posts are noted at debug level, and images left out of a post (cannot be
   * downloaded or uploaded) at warn level. Default: no logging.
   */
  logger?: Logger;
  /** Abort one publish (all parts of a thread) or check after this long. Default 30000 ms. */
  timeoutMs?: number;
  /** Clock for rate-limit resets. Default Date.now. */
  now?: () => number;
}

export function tweetUrl(id: string): string {
  return `https://x.com/i/web/status/${id}`;
}

function requireText(value: string | undefined, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`Missing ${what}.`);
  return value;
}

/** Publishes to X with twitter-api-v2 (OAuth 1.0a); a thread is a chain of replies. */
export class TwitterChannel implements Channel {
  readonly id: string;
  readonly platform = 'twitter' as const;
  readonly dryRun = false;
  private readonly creds: TwitterCredentials;
  private readonly logger?: Logger;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly scrub: (t: string) => string;
  private readonly client: TwitterApi;

  constructor(opts: TwitterChannelOptions) {
    this.id = requireText(opts?.id, 'channel id');
    const c = opts.credentials;
    if (!c) throw new TypeError('Missing X credentials.');
    requireText(c.appKey, 'X app key (TWITTER_APP_KEY)');
    requireText(c.appSecret, 'X app secret (TWITTER_APP_SECRET)');
    requireText(c.accessToken, 'X access token (TWITTER_ACCESS_TOKEN)');
    requireText(c.accessSecret, 'X access secret (TWITTER_ACCESS_SECRET)');
    const root = (c.apiRoot ?? X_API_ROOT).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/.test(root)) {
      throw new TypeError(`Invalid X API root "${root}": use an http(s) URL such as ${X_API_ROOT}.`);
    }
    if (opts.timeoutMs !== undefined && !(opts.timeoutMs > 0)) {
      throw new TypeError(`Invalid timeoutMs ${opts.timeoutMs}: use a positive number of milliseconds.`);
    }
    this.creds = { ...c, apiRoot: root };
    this.logger = opts.logger;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.now = opts.now ?? Date.now;
    this.scrub = scrubberFor([c.appKey, c.appSecret, c.accessToken, c.accessSecret]);
    // The v2 prefix is hard-coded in twitter-api-v2, so a plugin moves requests to another root; the
    // library always calls https.request, which needs an http.Agent to speak plain http.
    const plugins: ITwitterApiClientPlugin[] = [];
    if (root !== X_API_ROOT) {
      plugins.push({
        onBeforeRequestConfig({ params }) {
          params.url = params.url.replace(X_API_ROOT, root).replace('https://upload.twitter.com', root);
        },
      });
    }
    const httpAgent = root.startsWith('http://') ? new http.Agent() : undefined;
    this.client = new TwitterApi(
      { appKey: c.appKey, appSecret: c.appSecret, accessToken: c.accessToken, accessSecret: c.accessSecret },
      { plugins, ...(httpAgent ? { httpAgent } : {}) },
    );
  }

  async publish(post: ComposedPost, opts: PublishOptions = {}): Promise<Receipt> {
    const parts: PartReceipt[] = [];
    const ctx: ErrorContext = { platform: 'twitter', channel: this.id, posted: parts, scrub: this.scrub };
    if (post.requests.length === 0) throw new Rejected(`twitter "${this.id}": the post has no requests`, ctx);
    for (const req of post.requests) {
      if (!/^POST \/2\/tweets$/.test(req.endpoint)) {
        throw new Rejected(
          `twitter "${this.id}": unsupported request "${req.endpoint}", expected "POST /2/tweets"`,
          ctx,
        );
      }
    }
    const deadline = new Deadline(this.timeoutMs, opts.signal);
    let images = 0;
    try {
      // Images go up before the first tweet, so an upload that fails for good never leaves half a thread.
      const mediaIds: (string | undefined)[] = [];
      for (const req of post.requests) {
        const media = req.media
          ? await uploadTweetImage(req.media, {
              client: this.client.v2,
              deadline,
              ctx,
              now: this.now,
              logger: this.logger,
            })
          : undefined;
        mediaIds.push(media);
        if (media !== undefined) images++;
      }
      let previous: string | undefined;
      for (const [i, req] of post.requests.entries()) {
        let body = req.body;
        const mediaId = mediaIds[i];
        if (mediaId !== undefined) body = { ...body, media: { media_ids: [mediaId] } };
        if (previous) body = { ...body, reply: { in_reply_to_tweet_id: previous } };
        const res = await this.call<{ data: { id: string } }>('post', 'tweets', body, deadline, ctx);
        previous = res.data.id;
        parts.push({ remoteId: previous, url: tweetUrl(previous) });
      }
    } finally {
      deadline.dispose();
    }
    this.logger?.debug(
      { channel: this.id, remoteId: parts[0]!.remoteId, parts: parts.length, images },
      'posted to X',
    );
    return {
      remoteId: parts[0]!.remoteId,
      url: parts[0]!.url,
      postedAt: new Date(this.now()).toISOString(),
      parts,
    };
  }

  async check(opts: PublishOptions = {}): Promise<CheckResult> {
    const ctx: ErrorContext = { platform: 'twitter', channel: this.id, scrub: this.scrub };
    const deadline = new Deadline(this.timeoutMs, opts.signal);
    try {
      const me = await this.call<{ data: { username: string } }>('get', 'users/me', undefined, deadline, ctx);
      return { status: 'ready', detail: `@${me.data.username}` };
    } catch (err) {
      return { status: 'failed', detail: twitterCheckDetail(err, this.creds.apiRoot) };
    } finally {
      deadline.dispose();
    }
  }

  /** One v2 call under the deadline; knows whether the request reached a connected socket. */
  private async call<T>(
    method: 'get' | 'post',
    path: string,
    body: Record<string, unknown> | undefined,
    deadline: Deadline,
    ctx: ErrorContext,
  ): Promise<T> {
    let socket: Socket | undefined;
    const kill = (): void => void socket?.destroy();
    deadline.signal.addEventListener('abort', kill, { once: true });
    // The only hook twitter-api-v2 offers into its request (passed through at runtime, missing from
    // the typed args): we need the socket to cancel the request and to know it was connected.
    const onEvent = (event: string, data?: { socket?: Socket }): void => {
      if (event !== 'socket' || !data?.socket) return;
      socket = data.socket;
      if (deadline.signal.aborted) kill();
    };
    const args = { requestEventDebugHandler: onEvent } as { fullResponse?: false };
    const work =
      method === 'post'
        ? this.client.v2.post<T>(path, body, args)
        : this.client.v2.get<T>(path, undefined, args);
    try {
      return await raceAbort(work, deadline.signal);
    } catch (err) {
      if (isChannelError(err)) throw err;
      if (err instanceof DeadlineExceeded || deadline.signal.aborted) {
        // A socket that finished connecting has (or is about to have) our request: treat as sent.
        throw deadlineError(deadline, ctx, socket !== undefined && !socket.connecting);
      }
      throw mapTwitterError(err, ctx, this.now());
    } finally {
      deadline.signal.removeEventListener('abort', kill);
    }
  }
}

/** The doctor's one-line problem and fix. */
function twitterCheckDetail(err: unknown, root: string): string {
  if (!isChannelError(err)) return `X check failed (${String(err)})`;
  const why = err.message.replace(/^twitter "[^"]*": /, '');
  const keys = 'TWITTER_APP_KEY, TWITTER_APP_SECRET, TWITTER_ACCESS_TOKEN and TWITTER_ACCESS_SECRET';
  switch (err.kind) {
    case 'auth':
      return err.status === 401
        ? `X credentials were rejected (${why}): regenerate the access token and secret (Read and Write) in the X developer portal and set ${keys}`
        : `X refused access (${why}): give the app Read and Write permission in a Project, then regenerate the access token and secret`;
    case 'rate-limited':
      return `X rate limit reached (${why}): wait ${Math.ceil((err as { retryAfterMs?: number }).retryAfterMs! / 60_000)} min and run doctor again`;
    case 'transient':
    case 'uncertain':
      return `could not reach X at ${root} (${why}): check the network and TWITTER_API_ROOT`;
    default:
      return `X answered with an error (${why}): check ${keys}`;
  }
}
