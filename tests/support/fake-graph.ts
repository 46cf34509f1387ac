import { json, type HandlerContext, type Reply } from './fake-handler.js';
import { str } from './fake-http.js';
import type { FakePage } from './fake-types.js';

const MESSAGE_LIMIT = 63_206;

function fbtraceId(seq: number): string {
  return `Fake${seq.toString(36).padStart(7, '0')}`;
}

function graphError(
  ctx: HandlerContext,
  status: number,
  code: number,
  message: string,
  outcome: Reply['outcome'],
  extra: Record<string, unknown> = {},
  target?: string,
): Reply {
  const body = { error: { message, type: 'OAuthException', code, ...extra, fbtrace_id: fbtraceId(ctx.seq) } };
  return json(status, body, outcome, target);
}

/** The token from `Authorization: Bearer|OAuth`, the body, or (a recorded violation) the URL query. */
function token(ctx: HandlerContext): string | undefined {
  const auth = ctx.headers.authorization;
  const fromHeader = auth === undefined ? undefined : /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(auth)?.[1];
  const fromQuery = ctx.url.searchParams.get('access_token') ?? undefined;
  if (fromQuery !== undefined) {
    ctx.state.violations.push({
      time: ctx.time,
      platform: 'facebook',
      kind: 'token-in-url',
      detail: `access_token in the URL of ${ctx.method} ${ctx.url.pathname}: it ends up in access logs`,
      requestSeq: ctx.seq,
    });
  }
  return fromHeader ?? str(ctx.params, 'access_token') ?? fromQuery;
}

function authorize(ctx: HandlerContext, pageId: string): FakePage | Reply {
  const t = token(ctx);
  if (t === undefined || t === '') {
    return graphError(
      ctx,
      400,
      190,
      'An active access token must be used to query information about the current user.',
      'unauthorized',
    );
  }
  const byToken = ctx.credentials.facebookPages.find((p) => p.token === t);
  if (byToken === undefined) {
    return graphError(
      ctx,
      400,
      190,
      'Invalid OAuth access token - Cannot parse access token',
      'unauthorized',
    );
  }
  if (pageId === 'me') return byToken;
  const page = ctx.credentials.facebookPages.find((p) => p.id === pageId);
  if (page === undefined) {
    const message = `Unsupported request: Object with ID '${pageId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`;
    return graphError(ctx, 400, 100, message, 'not-found', { error_subcode: 33 }, pageId);
  }
  if (page.id !== byToken.id) {
    return graphError(
      ctx,
      403,
      200,
      "(#200) The user hasn't authorized the application to perform this action",
      'unauthorized',
      {},
      pageId,
    );
  }
  return page;
}

function publish(ctx: HandlerContext, page: FakePage, edge: 'feed' | 'photos'): Reply {
  const { state, params } = ctx;
  const limits = state.config.rateLimits;
  const message = str(params, edge === 'feed' ? 'message' : 'caption') ?? '';
  const link = str(params, edge === 'feed' ? 'link' : 'url');
  const checks = [
    { key: `facebook:page:${page.id}`, window: limits.facebookPerPage, reason: 'page' as const },
    { key: 'facebook:app', window: limits.facebookPerApp, reason: 'app' as const },
  ];
  const gate = state.gate(
    'facebook',
    page.id,
    checks,
    `facebook|${edge}|${page.id}|${message}|${link}`,
    ctx.seq,
  );
  if (gate?.kind === 'rate') {
    const minutes = Math.ceil(gate.retryAfterSec / 60);
    const usage = JSON.stringify({
      [page.id]: [
        {
          type: 'pages',
          call_count: 100,
          total_cputime: 100,
          total_time: 100,
          estimated_time_to_regain_access: minutes,
        },
      ],
    });
    const reply =
      gate.reason === 'app'
        ? graphError(
            ctx,
            400,
            4,
            '(#4) Application request limit reached',
            'rate-limited',
            { is_transient: true },
            page.id,
          )
        : graphError(ctx, 400, 32, '(#32) Page request limit reached', 'rate-limited', {}, page.id);
    return { ...reply, headers: { 'x-business-use-case-usage': usage } };
  }
  if (gate?.kind === 'fail') {
    const message = 'An unexpected error has occurred. Please retry your request later.';
    return graphError(ctx, 500, 2, message, 'failed', { is_transient: true }, page.id);
  }
  if (edge === 'photos' && link === undefined) {
    return graphError(ctx, 400, 324, '(#324) Requires upload file', 'rejected', {}, page.id);
  }
  if (message === '' && link === undefined) {
    return graphError(ctx, 400, 100, '(#100) Missing message or attachment', 'rejected', {}, page.id);
  }
  if (message.length > MESSAGE_LIMIT) {
    return graphError(ctx, 400, 100, '(#100) The message is too long', 'rejected', {}, page.id);
  }
  const postId = `${page.id}_${state.next(`facebook:post:${page.id}`) + 100_000_000_000}`;
  const post = {
    platform: 'facebook' as const,
    target: page.id,
    kind: 'feed' as const,
    text: message,
    visibleText: message,
    id: postId,
    time: ctx.time,
    requestSeq: ctx.seq,
    answerLost: false,
    ...(link === undefined ? {} : edge === 'feed' ? { link } : { photo: link }),
  };
  state.posts.push(post);
  const body = edge === 'feed' ? { id: postId } : { id: postId.split('_')[1], post_id: postId };
  return { ...json(200, body, 'accepted', page.id), post };
}

/** Graph API: `POST /{version}/{page}/feed|photos`, `GET /{version}/{page}` (and `/me`). */
export function handleGraph(ctx: HandlerContext, path: string): Reply {
  const m = /^\/(v\d+\.\d+)\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path);
  if (!m) {
    return graphError(ctx, 400, 2500, `Unknown path components: ${path}`, 'not-found');
  }
  const [, , node, edge] = m as unknown as [string, string, string, string | undefined];
  const page = authorize(ctx, node);
  if ('status' in page) return page;
  if (ctx.method === 'POST' && (edge === 'feed' || edge === 'photos')) {
    if (ctx.bodyError !== undefined)
      return graphError(ctx, 400, 100, `(#100) ${ctx.bodyError}`, 'rejected', {}, page.id);
    return publish(ctx, page, edge);
  }
  if (ctx.method === 'GET' && edge === undefined) {
    const { state } = ctx;
    if (state.storm('facebook', page.id)) {
      return graphError(ctx, 400, 32, '(#32) Page request limit reached', 'rate-limited', {}, page.id);
    }
    if (state.config.failRate > 0 && state.draw('fail', `facebook|get|${page.id}`) < state.config.failRate) {
      return graphError(
        ctx,
        500,
        2,
        'An unexpected error has occurred. Please retry your request later.',
        'failed',
        { is_transient: true },
        page.id,
      );
    }
    const fields = (ctx.url.searchParams.get('fields') ?? 'name').split(',');
    const body: Record<string, unknown> = { id: page.id };
    if (fields.includes('name')) body.name = page.name;
    return json(200, body, 'ok', page.id);
  }
  const message = `Unsupported ${ctx.method.toLowerCase()} request. Object with ID '${node}' does not support this operation.`;
  return graphError(ctx, 400, 100, message, 'not-found', { error_subcode: 33 }, page.id);
}
