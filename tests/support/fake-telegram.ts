import { json, type HandlerContext, type Reply } from './fake-handler.js';
import { str, type Params } from './fake-http.js';
import type { RateCheck } from './fake-state.js';
import { parseTelegramHtml } from './telegram-html.js';

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;

function error(status: number, description: string, target?: string): Reply {
  const outcome = status === 401 ? 'unauthorized' : status === 404 ? 'not-found' : 'rejected';
  return json(status, { ok: false, error_code: status, description }, outcome, target);
}

function ok(result: unknown, target?: string, outcome: 'ok' | 'accepted' = 'ok'): Reply {
  return json(200, { ok: true, result }, outcome, target);
}

/** Stable negative channel id for an `@username`, so getChat and sendMessage agree. */
function chatObject(chatId: string): Record<string, unknown> {
  if (chatId.startsWith('@')) {
    let h = 0;
    for (const ch of chatId) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000_000;
    return {
      id: -1_001_000_000_000 - h,
      title: `Fake ${chatId.slice(1)}`,
      username: chatId.slice(1),
      type: 'channel',
    };
  }
  return { id: Number(chatId), title: `Fake chat ${chatId}`, type: 'channel' };
}

/** Visible text after parse_mode, or the Telegram error for it. */
function visible(text: string, parseMode: string | undefined): { text: string } | { error: string } {
  if (parseMode?.toLowerCase() !== 'html') return { text };
  const parsed = parseTelegramHtml(text);
  return parsed.ok ? { text: parsed.text } : { error: `Bad Request: can't parse entities: ${parsed.error}` };
}

function send(
  ctx: HandlerContext,
  token: string,
  method: 'sendMessage' | 'sendPhoto',
  chatId: string,
): Reply {
  const { state, params } = ctx;
  const botId = token.split(':')[0]!;
  const limits = state.config.rateLimits;
  const checks: RateCheck[] = [
    { key: `telegram:chat:${botId}:${chatId}`, window: limits.telegramPerChat, reason: 'chat' },
    { key: `telegram:bot:${botId}`, window: limits.telegramPerBot, reason: 'bot' },
  ];
  const isPhoto = method === 'sendPhoto';
  const raw = str(params, isPhoto ? 'caption' : 'text') ?? '';
  const gate = state.gate('telegram', chatId, checks, `telegram|${method}|${chatId}|${raw}`, ctx.seq);
  if (gate?.kind === 'rate') {
    const body = {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${gate.retryAfterSec}`,
      parameters: { retry_after: gate.retryAfterSec },
    };
    return json(429, body, 'rate-limited', chatId);
  }
  if (gate?.kind === 'fail') return { ...json(502, '<html>502 Bad Gateway</html>', 'failed', chatId) };

  const shown = visible(raw, str(params, 'parse_mode'));
  if ('error' in shown) return error(400, shown.error, chatId);
  if (isPhoto) {
    if (params.photo === undefined || params.photo === '')
      return error(400, 'Bad Request: there is no photo in the request', chatId);
    if (shown.text.length > CAPTION_LIMIT)
      return error(400, 'Bad Request: message caption is too long', chatId);
  } else {
    if (shown.text.trim() === '') return error(400, 'Bad Request: message text is empty', chatId);
    // UTF-16 units: the server counts code points, so this is the conservative side of the real limit.
    if (shown.text.length > TEXT_LIMIT) return error(400, 'Bad Request: message is too long', chatId);
  }

  const messageId = state.next(`telegram:msg:${botId}:${chatId}`);
  const date = Math.floor(ctx.time / 1000);
  const chat = chatObject(chatId);
  const result: Record<string, unknown> = { message_id: messageId, sender_chat: chat, chat, date };
  if (isPhoto) {
    const photo = params.photo;
    result.photo = [
      {
        file_id: `AgAC-fake-${messageId}`,
        file_unique_id: `AQAD${messageId}`,
        width: 1280,
        height: 720,
        file_size: 1,
      },
    ];
    if (raw !== '') result.caption = shown.text;
    const photoRef = typeof photo === 'string' ? photo : JSON.stringify(photo);
    return withPost(
      ok(result, chatId, 'accepted'),
      ctx,
      chatId,
      'photo',
      raw,
      shown.text,
      String(messageId),
      photoRef,
    );
  }
  result.text = shown.text;
  return withPost(ok(result, chatId, 'accepted'), ctx, chatId, 'message', raw, shown.text, String(messageId));
}

function withPost(
  reply: Reply,
  ctx: HandlerContext,
  target: string,
  kind: 'message' | 'photo',
  text: string,
  visibleText: string,
  id: string,
  photo?: string,
): Reply {
  const post = {
    platform: 'telegram' as const,
    target,
    kind,
    text,
    visibleText,
    id,
    time: ctx.time,
    requestSeq: ctx.seq,
    answerLost: false,
    ...(photo === undefined ? {} : { photo }),
  };
  ctx.state.posts.push(post);
  return { ...reply, post };
}

function chatExists(ctx: HandlerContext, chatId: string): boolean {
  const chats = ctx.state.config.telegramChats;
  return chats === null || chats.includes(chatId);
}

/** `/bot<token>/<method>` as telegraf sends it (JSON bodies; multipart when a file is uploaded). */
export function handleTelegram(ctx: HandlerContext, token: string, method: string): Reply {
  const { state, credentials } = ctx;
  if (!credentials.telegramBotTokens.includes(token)) return error(401, 'Unauthorized');
  const params: Params = ctx.params;
  if (ctx.bodyError !== undefined) return error(400, `Bad Request: ${ctx.bodyError}`);
  const botId = token.split(':')[0]!;
  const known = ['getMe', 'getChat', 'getChatMember', 'sendMessage', 'sendPhoto'];
  if (!known.includes(method)) return error(404, 'Not Found');

  if (method === 'getMe') {
    const storm = stormReply(ctx, `bot:${botId}`);
    if (storm) return storm;
    if (state.config.failRate > 0 && state.draw('fail', `telegram|getMe`) < state.config.failRate) {
      return json(502, '<html>502 Bad Gateway</html>', 'failed');
    }
    return ok({
      id: Number(botId),
      is_bot: true,
      first_name: 'Crier Fake',
      username: 'crier_fake_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    });
  }
  const chatId = str(params, 'chat_id');
  if (chatId === undefined || chatId === '') return error(400, 'Bad Request: chat_id is empty');
  if (!chatExists(ctx, chatId)) return error(400, 'Bad Request: chat not found', chatId);
  if (method === 'sendMessage' || method === 'sendPhoto') return send(ctx, token, method, chatId);

  const storm = stormReply(ctx, chatId);
  if (storm) return storm;
  if (
    state.config.failRate > 0 &&
    state.draw('fail', `telegram|${method}|${chatId}`) < state.config.failRate
  ) {
    return json(502, '<html>502 Bad Gateway</html>', 'failed', chatId);
  }
  if (method === 'getChat') return ok(chatObject(chatId), chatId);
  const userId = str(params, 'user_id');
  if (userId === undefined) return error(400, 'Bad Request: user_id is empty', chatId);
  const user = {
    id: Number(userId),
    is_bot: userId === botId,
    first_name: userId === botId ? 'Crier Fake' : 'User',
  };
  if (userId !== botId) return ok({ status: 'member', user }, chatId);
  return ok(
    {
      status: 'administrator',
      user,
      can_be_edited: false,
      can_post_messages: true,
      can_edit_messages: true,
      can_delete_messages: true,
      can_manage_chat: true,
    },
    chatId,
  );
}

function stormReply(ctx: HandlerContext, target: string): Reply | undefined {
  const gate = ctx.state.storm('telegram', target);
  if (gate?.kind !== 'rate') return undefined;
  const retryAfter = gate.retryAfterSec;
  const body = {
    ok: false,
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfter}`,
    parameters: { retry_after: retryAfter },
  };
  return json(429, body, 'rate-limited', target);
}
