import twitterText from 'twitter-text';
import { json, type HandlerContext, type Reply } from './fake-handler.js';
import { str } from './fake-http.js';
import type { FakeTwitterUser } from './fake-types.js';

const { parseTweet } = twitterText;

/** Tweet ids look like real snowflakes (19 digits) so id parsing and URL building get exercised. */
const ID_BASE = 1_990_000_000_000_000_000n;

function problem(status: number, title: string, detail: string, type = 'about:blank', extra = {}): unknown {
  return { ...extra, detail, type, title, status };
}

/** The OAuth 1.0a user, from `oauth_consumer_key` and `oauth_token` (the signature itself is not checked). */
function user(ctx: HandlerContext): FakeTwitterUser | 'missing' | 'unknown' {
  const auth = ctx.headers.authorization;
  if (auth === undefined || !/^OAuth\s/i.test(auth)) return 'missing';
  const fields = new Map<string, string>();
  for (const m of auth.matchAll(/(\w+)="([^"]*)"/g)) fields.set(m[1]!, decodeURIComponent(m[2]!));
  if (!fields.has('oauth_signature') || fields.get('oauth_consumer_key') !== ctx.credentials.twitterAppKey) {
    return 'unknown';
  }
  return ctx.credentials.twitterUsers.find((u) => u.accessToken === fields.get('oauth_token')) ?? 'unknown';
}

function unauthorized(): Reply {
  return json(401, problem(401, 'Unauthorized', 'Unauthorized'), 'unauthorized');
}

function rateHeaders(ctx: HandlerContext, u: FakeTwitterUser): Record<string, string> {
  const window = ctx.state.config.rateLimits.twitterPerUser;
  if (window === null) return {};
  const info = ctx.state.windowInfo(`twitter:user:${u.id}`, window);
  return {
    'x-rate-limit-limit': String(window.limit),
    'x-rate-limit-remaining': String(info.remaining),
    'x-rate-limit-reset': String(Math.ceil(info.resetMs / 1000)),
  };
}

function invalid(message: string, target: string): Reply {
  const body = problem(
    400,
    'Invalid Request',
    'One or more parameters to your request was invalid.',
    'https://api.twitter.com/2/problems/invalid-request',
    {
      errors: [{ message }],
    },
  );
  return json(400, body, 'rejected', target);
}

function createTweet(ctx: HandlerContext, u: FakeTwitterUser): Reply {
  const { state, params } = ctx;
  if (ctx.bodyError !== undefined) return invalid(ctx.bodyError, u.id);
  const text = str(params, 'text') ?? '';
  const window = state.config.rateLimits.twitterPerUser;
  const checks = [{ key: `twitter:user:${u.id}`, window, reason: 'user' as const }];
  const gate = state.gate('twitter', u.id, checks, `twitter|tweet|${u.id}|${text}`, ctx.seq);
  if (gate?.kind === 'rate') {
    const headers = {
      'x-rate-limit-limit': String(window?.limit ?? 0),
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': String(Math.ceil(gate.until / 1000)),
    };
    return {
      ...json(429, problem(429, 'Too Many Requests', 'Too Many Requests'), 'rate-limited', u.id),
      headers,
    };
  }
  if (gate?.kind === 'fail') {
    return json(503, problem(503, 'Service Unavailable', 'Service Unavailable'), 'failed', u.id);
  }
  const headers = rateHeaders(ctx, u);
  if (text.trim() === '') return { ...invalid('Tweet text is empty.', u.id), headers };
  // Weighted length per twitter-text (URLs 23, CJK and emoji 2), the same rule X applies.
  if (parseTweet(text).weightedLength > 280) {
    const message =
      'Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.';
    return { ...invalid(message, u.id), headers };
  }
  const replyTo = (params.reply as { in_reply_to_tweet_id?: unknown } | undefined)?.in_reply_to_tweet_id;
  if (
    replyTo !== undefined &&
    !state.posts.some((p) => p.platform === 'twitter' && p.id === String(replyTo))
  ) {
    return { ...invalid(`The tweet ${String(replyTo)} you are replying to does not exist.`, u.id), headers };
  }
  if (state.posts.some((p) => p.platform === 'twitter' && p.target === u.id && p.text === text)) {
    const body = problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
    return { ...json(403, body, 'duplicate', u.id), headers };
  }
  const id = String(ID_BASE + BigInt(state.next('twitter:tweet')));
  const post = {
    platform: 'twitter' as const,
    target: u.id,
    kind: 'tweet' as const,
    text,
    visibleText: text,
    id,
    time: ctx.time,
    requestSeq: ctx.seq,
    answerLost: false,
    ...(replyTo === undefined ? {} : { replyTo: String(replyTo) }),
  };
  state.posts.push(post);
  return {
    ...json(201, { data: { id, text, edit_history_tweet_ids: [id] } }, 'accepted', u.id),
    headers,
    post,
  };
}

/** X API v2: `POST /2/tweets` and `GET /2/users/me`. */
export function handleTwitter(ctx: HandlerContext, path: string): Reply {
  const u = user(ctx);
  if (u === 'missing' || u === 'unknown') return unauthorized();
  if (ctx.method === 'POST' && path === '/2/tweets') return createTweet(ctx, u);
  if (ctx.method === 'GET' && path === '/2/users/me') {
    const { state } = ctx;
    const storm = state.storm('twitter', u.id);
    if (storm?.kind === 'rate') {
      const headers = { 'x-rate-limit-reset': String(Math.ceil(storm.until / 1000)) };
      const body = problem(429, 'Too Many Requests', 'Too Many Requests');
      return { ...json(429, body, 'rate-limited', u.id), headers };
    }
    if (state.config.failRate > 0 && state.draw('fail', `twitter|me|${u.id}`) < state.config.failRate) {
      return json(503, problem(503, 'Service Unavailable', 'Service Unavailable'), 'failed', u.id);
    }
    return json(200, { data: { id: u.id, name: u.name, username: u.username } }, 'ok', u.id);
  }
  return json(404, problem(404, 'Not Found Error', `Could not find ${path}`), 'not-found');
}
