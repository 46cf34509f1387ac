// When Telegram cannot use the photo of a sendPhoto, the adapter sends the composer's fallback message.
import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { RateLimited, Rejected, Uncertain } from '../../src/channels/errors.js';
import { post, recordedBody, rejection } from './support.js';
import { fail, TOKEN, useBotApi } from './bot-api.js';

const { bot, channel } = useBotApi();

describe('TelegramChannel.publish with a photo fallback', () => {
  const fallback = {
    endpoint: 'POST /sendMessage',
    body: {
      text: '<b>Headline</b>\n\nA longer summary &amp; more',
      parse_mode: 'HTML',
      link_preview_options: { url: 'https://example.com/a' },
    },
  };
  const photoPost = post('telegram', [
    {
      endpoint: 'POST /sendPhoto',
      body: { photo: 'https://img.example.com/p.jpg', caption: '<b>Headline</b>', parse_mode: 'HTML' },
      fallback,
    },
  ]);
  const badRequest = (description: string) => fail(400, { ok: false, error_code: 400, description });
  const warnings = (lines: string[]) =>
    lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 40);

  it('sends the fallback message once when Telegram cannot fetch the photo', async () => {
    const photos = bot('sendPhoto', badRequest('Bad Request: wrong file identifier/HTTP URL specified'));
    const messages = bot('sendMessage', () => HttpResponse.json({ ok: true, result: { message_id: 77 } }));
    const { ch, lines } = channel();
    const receipt = await ch.publish(photoPost);
    expect(photos).toHaveLength(1);
    expect(messages).toEqual([{ method: 'sendMessage', body: { ...fallback.body, chat_id: '@crier_news' } }]);
    expect(receipt).toMatchObject({
      remoteId: '77',
      url: 'https://t.me/crier_news/77',
      parts: [{ remoteId: '77', url: 'https://t.me/crier_news/77' }],
    });
    expect(warnings(lines)).toEqual([
      expect.objectContaining({
        channel: 'telegram-main',
        reason: 'Bad Request: wrong file identifier/HTTP URL specified',
      }),
    ]);
  });

  it.each([
    'Bad Request: failed to get HTTP URL content',
    'Bad Request: wrong type of the web page content',
    'Bad Request: IMAGE_PROCESS_FAILED',
    'Bad Request: PHOTO_INVALID_DIMENSIONS',
    'Bad Request: invalid file HTTP URL specified: Unsupported URL protocol',
  ])('falls back on "%s"', async (description) => {
    bot('sendPhoto', badRequest(description));
    const messages = bot('sendMessage', () => HttpResponse.json({ ok: true, result: { message_id: 5 } }));
    expect((await channel().ch.publish(photoPost)).remoteId).toBe('5');
    expect(messages).toHaveLength(1);
  });

  it('scrubs the token from the logged reason', async () => {
    bot('sendPhoto', badRequest(`Bad Request: failed to get HTTP URL content of /bot${TOKEN}/x`));
    bot('sendMessage', () => HttpResponse.json({ ok: true, result: { message_id: 5 } }));
    const { ch, lines } = channel();
    await ch.publish(photoPost);
    expect(warnings(lines)).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(TOKEN.split(':')[1]!);
  });

  it('does not fall back when the caption is at fault, on a 429, or when the photo may be posted', async () => {
    const photos = bot(
      'sendPhoto',
      fail(400, recordedBody('telegram', 'Unsupported start tag \\"name\\"')),
      fail(400, recordedBody('telegram', 'MEDIA_CAPTION_TOO_LONG')),
      fail(429, recordedBody('telegram', 'retry after 34')),
      () => HttpResponse.error(),
    );
    const messages = bot('sendMessage', () => HttpResponse.json({ ok: true, result: { message_id: 1 } }));
    const { ch, lines } = channel();
    expect(await rejection(ch.publish(photoPost))).toBeInstanceOf(Rejected);
    expect(await rejection(ch.publish(photoPost))).toBeInstanceOf(Rejected);
    expect(await rejection(ch.publish(photoPost))).toBeInstanceOf(RateLimited);
    expect(await rejection(ch.publish(photoPost))).toBeInstanceOf(Uncertain);
    expect(photos).toHaveLength(4);
    expect(messages).toHaveLength(0);
    expect(warnings(lines)).toHaveLength(0);
  });

  it('does not fall back after a deadline once the photo request went out', async () => {
    bot('sendPhoto', async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const messages = bot('sendMessage', () => HttpResponse.json({ ok: true, result: { message_id: 1 } }));
    const err = await rejection(channel('@crier_news', { timeoutMs: 30 }).ch.publish(photoPost));
    expect(err).toBeInstanceOf(Uncertain);
    expect(messages).toHaveLength(0);
  });

  it('sends the fallback only once and reports its own failure', async () => {
    bot('sendPhoto', badRequest('Bad Request: wrong file identifier/HTTP URL specified'));
    const messages = bot('sendMessage', fail(400, recordedBody('telegram', 'message is too long')));
    const err = await rejection(channel().ch.publish(photoPost));
    expect(err).toBeInstanceOf(Rejected);
    expect(err.message).toBe('telegram "telegram-main": Bad Request: message is too long');
    expect(messages).toHaveLength(1);
  });

  it('without a fallback, an unusable photo fails as Rejected as before', async () => {
    bot('sendPhoto', badRequest('Bad Request: wrong file identifier/HTTP URL specified'));
    const messages = bot('sendMessage', () => HttpResponse.json({ ok: true, result: { message_id: 1 } }));
    const bare = post('telegram', [{ ...photoPost.requests[0]!, fallback: undefined }]);
    expect(await rejection(channel().ch.publish(bare))).toBeInstanceOf(Rejected);
    expect(messages).toHaveLength(0);
  });

  it('rejects an unsupported fallback endpoint before sending anything', async () => {
    const photos = bot('sendPhoto', () => HttpResponse.json({ ok: true, result: { message_id: 1 } }));
    const odd = post('telegram', [
      { ...photoPost.requests[0]!, fallback: { endpoint: 'POST /sendDocument', body: {} } },
    ]);
    const err = await rejection(channel().ch.publish(odd));
    expect(err).toBeInstanceOf(Rejected);
    expect(err.message).toContain('unsupported request "sendDocument"');
    expect(photos).toHaveLength(0);
  });
});
