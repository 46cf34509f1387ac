import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPlatformFake, type PlatformFake } from './platform-fake.js';
import { call, graphPost, oauthHeader, telegram, tweet } from './fake-test-helpers.js';

let fake: PlatformFake;
beforeEach(async () => {
  fake = await startPlatformFake();
});
afterEach(async () => {
  await fake.close();
});

describe('X API v2', () => {
  it('creates a tweet with 201 {data:{id,text}} and records it for the user', async () => {
    const res = await tweet(fake, { text: 'Hello from crier https://example.com/a' });
    expect(res.status).toBe(201);
    const data = (res.body as { data: { id: string; text: string } }).data;
    expect(data.text).toBe('Hello from crier https://example.com/a');
    expect(data.id).toMatch(/^\d{19}$/);
    expect(res.headers.get('x-rate-limit-remaining')).toBe('99');
    expect(fake.posts).toEqual([
      expect.objectContaining({
        platform: 'twitter',
        target: fake.credentials.twitterUsers[0]!.id,
        id: data.id,
      }),
    ]);
    expect(fake.requests[0]!.headers.authorization).toBe('OAuth ***');
  });

  it('threads replies to a known tweet and rejects replies to an unknown one', async () => {
    const first = (await tweet(fake, { text: 'part 1' })).body as { data: { id: string } };
    const reply = await tweet(fake, { text: 'part 2', reply: { in_reply_to_tweet_id: first.data.id } });
    expect(reply.status).toBe(201);
    expect(fake.posts[1]!.replyTo).toBe(first.data.id);
    const orphan = await tweet(fake, { text: 'part 3', reply: { in_reply_to_tweet_id: '1' } });
    expect(orphan.status).toBe(400);
  });

  it('answers GET /2/users/me', async () => {
    const user = fake.credentials.twitterUsers[0]!;
    const res = await call(fake, 'GET', '/2/users/me', {
      headers: { authorization: oauthHeader(fake) },
    });
    expect(res.body).toEqual({ data: { id: user.id, name: user.name, username: user.username } });
  });

  it('rejects over-length text by twitter-text weight: 140 CJK chars pass, 141 do not', async () => {
    expect((await tweet(fake, { text: '漢'.repeat(140) })).status).toBe(201);
    const res = await tweet(fake, { text: '字'.repeat(141) });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('Your Tweet text is too long');
    // URLs weigh 23 whatever their length: 257 letters + space + a long URL = 281.
    const withUrl = `${'a'.repeat(257)} https://example.com/${'x'.repeat(200)}`;
    expect((await tweet(fake, { text: withUrl })).status).toBe(400);
    expect(fake.posts).toHaveLength(1);
  });

  it('rejects a duplicate text with the real 403 detail, per user', async () => {
    await tweet(fake, { text: 'same words' });
    const res = await tweet(fake, { text: 'same words' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      detail: 'You are not allowed to create a Tweet with duplicate content.',
      title: 'Forbidden',
      status: 403,
    });
    expect(fake.requests[1]!.outcome).toBe('duplicate');
    expect(fake.posts).toHaveLength(1);
  });

  it('answers 401 without an OAuth header or with an unknown token', async () => {
    expect((await call(fake, 'POST', '/2/tweets', { json: { text: 'x' } })).status).toBe(401);
    const bad = await call(fake, 'POST', '/2/tweets', {
      json: { text: 'x' },
      headers: { authorization: 'OAuth oauth_consumer_key="nope", oauth_token="nope", oauth_signature="s"' },
    });
    expect(bad.status).toBe(401);
    expect(fake.posts).toHaveLength(0);
  });
});

describe('Telegram Bot API', () => {
  it('sends a message and answers like Telegram, counting message ids per chat', async () => {
    const res = await telegram(fake, 'sendMessage', {
      chat_id: '@news',
      text: '<b>Hi</b> &amp; bye',
      parse_mode: 'HTML',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: true,
      result: { message_id: 1, chat: { username: 'news', type: 'channel' }, text: 'Hi & bye' },
    });
    await telegram(fake, 'sendMessage', { chat_id: '@news', text: 'two' });
    const other = await telegram(fake, 'sendMessage', { chat_id: -1001234567890, text: 'other chat' });
    expect(other.body).toMatchObject({ result: { message_id: 1, chat: { id: -1001234567890 } } });
    expect(fake.posts.map((p) => [p.target, p.id])).toEqual([
      ['@news', '1'],
      ['@news', '2'],
      ['-1001234567890', '1'],
    ]);
    expect(fake.posts[0]!.text).toBe('<b>Hi</b> &amp; bye');
    expect(fake.posts[0]!.visibleText).toBe('Hi & bye');
    expect(fake.requests[0]!.path).toBe('/bot123456789:***/sendMessage');
  });

  it('takes form bodies and sends photos with captions', async () => {
    const token = fake.credentials.telegramBotTokens[0]!;
    const res = await call(fake, 'POST', `/bot${token}/sendPhoto`, {
      form: {
        chat_id: '@news',
        photo: 'https://example.com/a.jpg',
        caption: 'A <i>caption</i>',
        parse_mode: 'HTML',
      },
    });
    expect(res.body).toMatchObject({
      ok: true,
      result: { caption: 'A caption', photo: [expect.any(Object)] },
    });
    expect(fake.posts[0]).toMatchObject({ kind: 'photo', photo: 'https://example.com/a.jpg' });
  });

  it('answers getMe, getChat and getChatMember', async () => {
    const me = (await telegram(fake, 'getMe', {})).body as { result: { id: number; is_bot: boolean } };
    expect(me.result).toMatchObject({ id: 123456789, is_bot: true });
    const chat = await telegram(fake, 'getChat', { chat_id: '@news' });
    expect(chat.body).toMatchObject({ ok: true, result: { type: 'channel', username: 'news' } });
    const member = await telegram(fake, 'getChatMember', { chat_id: '@news', user_id: 123456789 });
    expect(member.body).toMatchObject({ result: { status: 'administrator', can_post_messages: true } });
  });

  it.each([
    ['a bare &', 'Tom & Jerry', 'can\'t parse entities: Unescaped "&"'],
    ['an unknown tag', 'x <p>y</p>', 'Unsupported start tag "p" at byte offset 2'],
    ['an unclosed tag', '<b>bold', 'Can\'t find end tag corresponding to start tag "b"'],
    ['crossed tags', '<b><i>x</b></i>', 'Unmatched end tag'],
    ['a named entity Telegram lacks', 'a&nbsp;b', 'Unsupported HTML entity "&nbsp;"'],
  ])('rejects HTML with %s as "can\'t parse entities"', async (_name, text, fragment) => {
    const res = await telegram(fake, 'sendMessage', { chat_id: '@news', text, parse_mode: 'HTML' });
    expect(res.status).toBe(400);
    const body = res.body as { ok: boolean; error_code: number; description: string };
    expect(body).toMatchObject({ ok: false, error_code: 400 });
    expect(body.description).toContain("Bad Request: can't parse entities: ");
    expect(body.description).toContain(fragment);
    expect(fake.posts).toHaveLength(0);
  });

  it('sends the same text as plain text when no parse_mode is given', async () => {
    expect((await telegram(fake, 'sendMessage', { chat_id: '@news', text: 'Tom & Jerry <3' })).status).toBe(
      200,
    );
  });

  it('limits visible text to 4096 and captions to 1024, counted after entity parsing', async () => {
    const ok = await telegram(fake, 'sendMessage', {
      chat_id: '@n',
      text: `<b>${'a'.repeat(4095)}</b>&amp;`,
      parse_mode: 'HTML',
    });
    expect(ok.status).toBe(200);
    const long = await telegram(fake, 'sendMessage', { chat_id: '@n', text: 'a'.repeat(4097) });
    expect(long.body).toMatchObject({ error_code: 400, description: 'Bad Request: message is too long' });
    const photo = { chat_id: '@n', photo: 'https://example.com/p.jpg' };
    expect((await telegram(fake, 'sendPhoto', { ...photo, caption: 'c'.repeat(1024) })).status).toBe(200);
    const caption = await telegram(fake, 'sendPhoto', { ...photo, caption: 'c'.repeat(1025) });
    expect(caption.body).toMatchObject({ description: 'Bad Request: message caption is too long' });
    expect(fake.posts).toHaveLength(2);
  });

  it('answers 401 Unauthorized for an unknown token and 400 without chat_id', async () => {
    const bad = await telegram(
      fake,
      'sendMessage',
      { chat_id: '@n', text: 'x' },
      '987654321:AAwrongwrongwrongwrongwrongwrongwro',
    );
    expect(bad).toMatchObject({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    const noChat = await telegram(fake, 'sendMessage', { text: 'x' });
    expect(noChat).toMatchObject({ status: 400, body: { description: 'Bad Request: chat_id is empty' } });
  });

  it('says "chat not found" for chats outside a configured list', async () => {
    fake.configure({ telegramChats: ['@known'] });
    expect((await telegram(fake, 'sendMessage', { chat_id: '@known', text: 'x' })).status).toBe(200);
    const res = await telegram(fake, 'sendMessage', { chat_id: '@other', text: 'x' });
    expect(res.body).toMatchObject({ description: 'Bad Request: chat not found' });
  });
});

describe('Graph API', () => {
  it('publishes to a Page feed with a bearer token and answers {id:"page_post"}', async () => {
    const page = fake.credentials.facebookPages[0]!;
    const res = await graphPost(fake, { message: 'News', link: 'https://example.com/a' });
    expect(res.status).toBe(200);
    expect((res.body as { id: string }).id).toMatch(new RegExp(`^${page.id}_\\d+$`));
    expect(fake.posts[0]).toMatchObject({
      platform: 'facebook',
      target: page.id,
      text: 'News',
      link: 'https://example.com/a',
    });
    expect(fake.violations).toEqual([]);
  });

  it('takes the token from a JSON body and masks it in the record', async () => {
    const page = fake.credentials.facebookPages[0]!;
    const res = await call(fake, 'POST', `/v25.0/${page.id}/feed`, {
      json: { message: 'm', access_token: page.token },
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(fake.requests)).not.toContain(page.token);
  });

  it('answers GET /{page}?fields=name', async () => {
    const page = fake.credentials.facebookPages[0]!;
    const res = await call(fake, 'GET', `/v24.0/${page.id}?fields=name`, {
      headers: { authorization: `Bearer ${page.token}` },
    });
    expect(res.body).toEqual({ id: page.id, name: page.name });
  });

  it('answers code 190 OAuthException for a missing or unknown token', async () => {
    const page = fake.credentials.facebookPages[0]!;
    const headerSets: Record<string, string>[] = [{}, { authorization: 'Bearer EAAnotatoken' }];
    for (const headers of headerSets) {
      const res = await call(fake, 'POST', `/v24.0/${page.id}/feed`, { form: { message: 'm' }, headers });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: { type: 'OAuthException', code: 190, fbtrace_id: expect.any(String) },
      });
    }
    expect(fake.posts).toHaveLength(0);
  });

  it('records a token in the URL query as a violation, and masks it', async () => {
    const page = fake.credentials.facebookPages[0]!;
    const res = await call(fake, 'POST', `/v24.0/${page.id}/feed?access_token=${page.token}`, {
      form: { message: 'm' },
    });
    expect(res.status).toBe(200);
    expect(fake.violations).toEqual([
      expect.objectContaining({ kind: 'token-in-url', platform: 'facebook' }),
    ]);
    expect(fake.requests[0]!.path).toContain('access_token=***');
    expect(JSON.stringify(fake.requests)).not.toContain(page.token);
  });
});
