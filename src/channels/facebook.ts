import type { ComposedPost } from '../compose/types.js';
import type { FacebookCredentials } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Channel, CheckResult, PublishOptions, Receipt } from './channel.js';
import { Deadline } from './deadline.js';
import { deadlineError, label, networkError, scrubberFor, type ErrorContext } from './error-helpers.js';
import { Rejected, Uncertain, isChannelError, type ChannelError, type PartReceipt } from './errors.js';
import { mapGraphError, type GraphErrorBody } from './facebook-errors.js';

export const GRAPH_ROOT = 'https://graph.facebook.com';

export interface FacebookChannelOptions {
  /** Channel id from the config, e.g. "facebook-page". */
  id: string;
  /** Page id, Page token, Graph version (e.g. v24.0) and root (FACEBOOK_GRAPH_ROOT, default https://graph.facebook.com). */
  credentials: FacebookCredentials;
  /** Where successful posts are noted at debug level. Default: no logging. */
  logger?: Logger;
  /** Abort one publish or check after this long. Default 30000 ms. */
  timeoutMs?: number;
  /** Clock for receipts. Default Date.now. */
  now?: () => number;
  /** HTTP client. Default globalThis.fetch. */
  fetch?: typeof fetch;
}

export function facebookPostUrl(id: string): string {
  return `https://www.facebook.com/${id}`;
}

/** Publishes to a Facebook Page through the Graph API with plain fetch. */
export class FacebookChannel implements Channel {
  readonly id: string;
  readonly platform = 'facebook' as const;
  readonly dryRun = false;
  private readonly creds: FacebookCredentials;
  private readonly logger?: Logger;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly fetchImpl?: typeof fetch;
  private readonly scrub: (t: string) => string;

  constructor(opts: FacebookChannelOptions) {
    if (typeof opts?.id !== 'string' || opts.id.trim() === '') throw new TypeError('Missing channel id.');
    this.id = opts.id;
    const c = opts.credentials;
    if (!c) throw new TypeError('Missing Facebook credentials.');
    if (typeof c.pageId !== 'string' || c.pageId.trim() === '')
      throw new TypeError('Missing Facebook Page id.');
    if (typeof c.pageToken !== 'string' || c.pageToken.trim() === '') {
      throw new TypeError('Missing Facebook Page access token.');
    }
    if (!/^v\d+\.\d+$/.test(c.graphVersion ?? '')) {
      throw new TypeError(`Invalid Graph API version "${c.graphVersion}": use e.g. v24.0.`);
    }
    const root = (c.graphRoot ?? GRAPH_ROOT).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/.test(root)) {
      throw new TypeError(`Invalid Graph API root "${root}": use an http(s) URL such as ${GRAPH_ROOT}.`);
    }
    if (opts.timeoutMs !== undefined && !(opts.timeoutMs > 0)) {
      throw new TypeError(`Invalid timeoutMs ${opts.timeoutMs}: use a positive number of milliseconds.`);
    }
    this.creds = { ...c, graphRoot: root };
    this.logger = opts.logger;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.now = opts.now ?? Date.now;
    this.fetchImpl = opts.fetch;
    this.scrub = scrubberFor([c.pageToken]);
  }

  async publish(post: ComposedPost, opts: PublishOptions = {}): Promise<Receipt> {
    const parts: PartReceipt[] = [];
    const ctx: ErrorContext = { platform: 'facebook', channel: this.id, posted: parts, scrub: this.scrub };
    // The composer's path names a page and version too; the credentials' values win.
    const edges = post.requests.map((r) => /^POST \/.*\/(feed|photos)$/.exec(r.endpoint)?.[1]);
    if (edges.length === 0 || edges.some((e) => e === undefined)) {
      throw new Rejected(`facebook "${this.id}": expected "POST /{version}/{page-id}/feed" requests`, ctx);
    }
    const deadline = new Deadline(this.timeoutMs, opts.signal);
    try {
      for (const [i, req] of post.requests.entries()) {
        const path = `/${this.creds.graphVersion}/${this.creds.pageId}/${edges[i]}`;
        const res = (await this.call('POST', path, req.body, deadline, ctx)) as {
          id?: string;
          post_id?: string;
        };
        const remoteId = res.post_id ?? res.id;
        if (!remoteId) throw new Uncertain(label(ctx, 'the Graph API answered without a post id'), ctx);
        parts.push({ remoteId, url: facebookPostUrl(remoteId) });
      }
    } finally {
      deadline.dispose();
    }
    this.logger?.debug({ channel: this.id, remoteId: parts[0]!.remoteId }, 'posted to Facebook');
    return { ...parts[0]!, postedAt: new Date(this.now()).toISOString(), parts };
  }

  async check(opts: PublishOptions = {}): Promise<CheckResult> {
    const ctx: ErrorContext = { platform: 'facebook', channel: this.id, scrub: this.scrub };
    const deadline = new Deadline(this.timeoutMs, opts.signal);
    const { graphVersion, pageId } = this.creds;
    try {
      const page = (await this.call(
        'GET',
        `/${graphVersion}/${pageId}?fields=name`,
        undefined,
        deadline,
        ctx,
      )) as {
        name?: string;
      };
      return { status: 'ready', detail: page.name ?? pageId };
    } catch (err) {
      const e = isChannelError(err) ? err : networkError(err, ctx);
      return { status: 'failed', detail: facebookCheckDetail(e, pageId, this.creds.graphRoot) };
    } finally {
      deadline.dispose();
    }
  }

  /** One Graph call; the Page token travels in the Authorization header, never in the URL. */
  private async call(
    method: 'GET' | 'POST',
    path: string,
    body: Record<string, unknown> | undefined,
    deadline: Deadline,
    ctx: ErrorContext,
  ): Promise<unknown> {
    if (deadline.signal.aborted) throw deadlineError(deadline, ctx, false);
    let res: Response;
    let text: string;
    try {
      // Looked up per call so a fetch patched later (test interceptors, tracing) is honoured.
      const doFetch = this.fetchImpl ?? globalThis.fetch;
      res = await doFetch(`${this.creds.graphRoot}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.creds.pageToken}`,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: deadline.signal,
      });
      text = await res.text();
    } catch (err) {
      // fetch cannot tell whether the request was written before an abort: once started, "maybe sent".
      if (deadline.signal.aborted) throw deadlineError(deadline, ctx, true);
      throw networkError(err, ctx);
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (res.ok) {
      if (json === undefined) throw this.unreadable(res.status, ctx);
      return json;
    }
    const error = (json as { error?: GraphErrorBody } | undefined)?.error;
    throw mapGraphError(res.status, error, res.headers, ctx);
  }

  private unreadable(status: number, ctx: ErrorContext): ChannelError {
    return new Uncertain(label(ctx, `unreadable answer (HTTP ${status}); the post may be published`), {
      platform: ctx.platform,
      channel: ctx.channel,
      posted: ctx.posted,
      status,
    });
  }
}

function facebookCheckDetail(err: ChannelError, pageId: string, root: string): string {
  const why = err.message.replace(/^facebook "[^"]*": /, '');
  if (err.status === 190 || (err.kind === 'auth' && err.status !== 100)) {
    return `FACEBOOK_PAGE_TOKEN was rejected (${why}): generate a new Page access token with pages_manage_posts and pages_read_engagement and set FACEBOOK_PAGE_TOKEN`;
  }
  if (err.kind === 'rate-limited') return `Graph API rate limit reached (${why}): run doctor again later`;
  if (err.kind === 'transient' || err.kind === 'uncertain') {
    return `could not reach the Graph API at ${root} (${why}): check the network and FACEBOOK_GRAPH_ROOT`;
  }
  return `Facebook Page ${pageId} could not be read (${why}): check FACEBOOK_PAGE_ID and FACEBOOK_GRAPH_VERSION`;
}
