import http from 'node:http';
import { Telegram } from 'telegraf';
import { TwitterApi, ApiResponseError } from 'twitter-api-v2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPlatformFake, type PlatformFake } from './platform-fake.js';

// The real client libraries crier uses must accept the fake's answers and see its errors as real ones.
let fake: PlatformFake;
beforeEach(async () => {
  fake = await startPlatformFake();
});
afterEach(async () => {
  await fake.close();
});

describe('real clients against the fake', () => {
  it('telegraf accepts its answers and surfaces its errors', async () => {
    const tg = new Telegram(fake.credentials.telegramBotTokens[0]!, { apiRoot: fake.url });
    const sent = await tg.sendMessage('@crierfake', '<b>Hi</b>', { parse_mode: 'HTML' });
    expect(sent.message_id).toBe(1);
    expect((await tg.getMe()).username).toBe('crier_fake_bot');
    // An uploaded file makes telegraf switch to multipart/form-data.
    const photo = await tg.sendPhoto(
      '@crierfake',
      { source: Buffer.from('not really a png') },
      { caption: 'Cap' },
    );
    expect(photo.caption).toBe('Cap');
    expect(fake.posts[1]).toMatchObject({
      kind: 'photo',
      text: 'Cap',
      photo: expect.stringContaining('"bytes":16'),
    });
    await expect(tg.sendMessage('@crierfake', '<b>Hi', { parse_mode: 'HTML' })).rejects.toMatchObject({
      code: 400,
      description: expect.stringContaining("can't parse entities"),
    });
  });

  it('twitter-api-v2 posts, threads and reads its 403 detail', async () => {
    const user = fake.credentials.twitterUsers[0]!;
    const base = fake.url;
    const client = new TwitterApi(
      {
        appKey: fake.credentials.twitterAppKey,
        appSecret: fake.credentials.twitterAppSecret,
        accessToken: user.accessToken,
        accessSecret: user.accessSecret,
      },
      {
        httpAgent: new http.Agent(),
        plugins: [
          {
            onBeforeRequestConfig: ({ params }) =>
              void (params.url = params.url.replace('https://api.x.com', base)),
          },
        ],
      },
    );
    const first = await client.v2.tweet('Thread start');
    const second = await client.v2.reply('Thread part two', first.data.id);
    expect(fake.posts.map((p) => p.replyTo)).toEqual([undefined, first.data.id]);
    expect(second.data.text).toBe('Thread part two');
    expect((await client.v2.me()).data.username).toBe(user.username);
    const err = await client.v2.tweet('Thread start').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiResponseError);
    expect((err as ApiResponseError).data.detail).toBe(
      'You are not allowed to create a Tweet with duplicate content.',
    );
    expect((err as ApiResponseError).rateLimit?.limit).toBe(100);
  });
});
