import type { ChannelError } from './errors.js';

/** The doctor's one-line problem and fix for a failed Telegram check. */
export function telegramCheckDetail(
  err: ChannelError,
  step: 'getMe' | 'getChatMember',
  username: string,
  chatId: string,
): string {
  const why = err.message.replace(/^telegram "[^"]*": /, '');
  const status = err.status ? `${err.status} ` : '';
  if (err.kind === 'rate-limited') {
    const s = Math.ceil((err as { retryAfterMs?: number }).retryAfterMs! / 1000);
    return `Telegram asked to wait ${s} s (${status}${why}): run doctor again later`;
  }
  if (err.kind === 'transient' || err.kind === 'uncertain') {
    return `could not reach the Telegram Bot API (${why}): check the network and TELEGRAM_API_ROOT`;
  }
  if (step === 'getMe') {
    if (err.status === 401 || err.status === 404) {
      return `TELEGRAM_BOT_TOKEN was rejected (${status}${why}): create a new token with @BotFather and set TELEGRAM_BOT_TOKEN`;
    }
    return `Telegram getMe failed (${status}${why}): check TELEGRAM_BOT_TOKEN`;
  }
  if (/chat not found/i.test(why)) {
    return `TELEGRAM_CHAT_ID ${chatId} was not found (${status}${why}): use the channel's @username or its -100... id, and add @${username} to it`;
  }
  if (err.kind === 'auth') {
    return `@${username} cannot see ${chatId} (${status}${why}): add @${username} to the channel as an administrator with the "Post messages" right`;
  }
  return `Telegram getChatMember failed for ${chatId} (${status}${why}): check TELEGRAM_CHAT_ID`;
}
