// No msw here: these tests talk to a real HTTP server on 127.0.0.1 through the apiRoot/graphRoot
// overrides (TWITTER_API_ROOT, TELEGRAM_API_ROOT, FACEBOOK_GRAPH_ROOT), which msw would intercept.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/channels/channel.js';
import { Transient, Uncertain } from '../../src/channels/errors.js';
import { FacebookChannel } from '../../src/channels/facebook.js';
import { TelegramChannel } from '../../src/channels/telegram.js';
import { TwitterChannel } from '../../src/channels/twitter.js';
import { expectNoSecret, post, rejection } from './support.js';

const BOT_TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ';
const PAGE_TOKEN = 'EAAGpagetokenSECRET0123456789abcdef';
const X = {
  appKey: 'app-key-0123456789',
  appSecret: 'app-secret-abcdefghijklmnop',
  accessToken: '1234-access-token-qrstuvwxyz',
  accessSecret: 'access-secret-ABCDEFGHIJ',
};
const SECRETS = [BOT_TOKEN, PAGE_TOKEN, X.appSecret, X.accessSecret];

interface Hit {
  method: string;
  url: string;
  auth?: string;
  body: string;
}
const hits: Hit[] = [];
/** When true the server reads the whole request, then drops the connection without answering. */
let drop = false;

function answer(req: http.IncomingMessage, res: http.ServerResponse): void {
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const url = req.url ?? '';
  if (url === '/2/tweets') return json(201, { data: { id: '555', text: 'x' } });
  if (url === '/2/users/me') return json(200, { data: { id: '1', username: 'crier_news' } });
  if (url.endsWith('/sendMessage')) return json(200, { ok: true, result: { message_id: 77 } });
  if (url.endsWith('/getMe')) return json(200, { ok: true, result: { id: 9, username: 'crier_bot' } });
  if (url.endsWith('/getChatMember')) return json(200, { ok: true, result: { status: 'administrator' } });
  if (url === '/v24.0/1122334455/feed') return json(200, { id: '1122334455_1' });
  if (url === '/v24.0/1122334455?fields=name') return json(200, { name: 'Crier News' });
  json(404, { error: 'unexpected ' + url });
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
    if (drop) return void req.socket.destroy();
    answer(req, res);
  });
});
let root = '';
let closedRoot = '';

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port that was just free: connecting to it is refused.
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedRoot = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise((r) => probe.close(r));
});
afterAll(() => new Promise((r) => server.close(r)));

function channels(base: string): Channel[] {
  return [
    new TwitterChannel({ id: 'x-main', credentials: { ...X, apiRoot: base } }),
    new TelegramChannel({
      id: 'telegram-main',
      credentials: { botToken: BOT_TOKEN, chatId: '@crier_news', apiRoot: base },
    }),
    new FacebookChannel({
      id: 'facebook-page',
      credentials: { pageId: '1122334455', pageToken: PAGE_TOKEN, graphVersion: 'v24.0', graphRoot: base },
    }),
  ];
}

const posts = {
  twitter: post('twitter', [{ endpoint: 'POST /2/tweets', body: { text: 'Hello' } }]),
  telegram: post('telegram', [
    { endpoint: 'POST /sendMessage', body: { text: 'Hello', parse_mode: 'HTML' } },
  ]),
  facebook: post('facebook', [
    { endpoint: 'POST /v24.0/1122334455/feed', body: { message: 'Hello', link: 'https://example.com/' } },
  ]),
};

describe('adapters against a loopback server through the root overrides', () => {
  it('publish and check end to end over plain http', async () => {
    drop = false;
    hits.length = 0;
    const receipts = [];
    for (const ch of channels(root)) receipts.push(await ch.publish(posts[ch.platform]));
    expect(receipts.map((r) => r.url)).toEqual([
      'https://x.com/i/web/status/555',
      'https://t.me/crier_news/77',
      'https://www.facebook.com/1122334455_1',
    ]);
    expect(hits.map((h) => `${h.method} ${h.url}`)).toEqual([
      'POST /2/tweets',
      `POST /bot${BOT_TOKEN}/sendMessage`,
      'POST /v24.0/1122334455/feed',
    ]);
    expect(hits[0]!.auth).toMatch(/^OAuth .*oauth_consumer_key="app-key-0123456789"/);
    expect(JSON.parse(hits[1]!.body)).toEqual({ text: 'Hello', parse_mode: 'HTML', chat_id: '@crier_news' });
    expect(hits[2]!.auth).toBe(`Bearer ${PAGE_TOKEN}`);
    const checks = [];
    for (const ch of channels(root)) checks.push(await ch.check());
    expect(checks).toEqual([
      { status: 'ready', detail: '@crier_news' },
      { status: 'ready', detail: '@crier_bot' },
      { status: 'ready', detail: 'Crier News' },
    ]);
  });

  it('a connection dropped after the request was read is Uncertain', async () => {
    drop = true;
    hits.length = 0;
    try {
      for (const ch of channels(root)) {
        const err = await rejection(ch.publish(posts[ch.platform]));
        expect(err, ch.platform).toBeInstanceOf(Uncertain);
        expectNoSecret(err, SECRETS);
      }
    } finally {
      drop = false;
    }
    // Each request arrived in full before the connection went away.
    expect(hits.map((h) => h.body.includes('Hello'))).toEqual([true, true, true]);
  });

  it('a refused connection is Transient and names no token', async () => {
    for (const ch of channels(closedRoot)) {
      const err = await rejection(ch.publish(posts[ch.platform]));
      expect(err, ch.platform).toBeInstanceOf(Transient);
      expect(err.message).toContain('ECONNREFUSED');
      expectNoSecret(err, SECRETS);
    }
    const failed = await channels(closedRoot)[1]!.check();
    expect(failed.status).toBe('failed');
    expect(failed.detail).toMatch(
      /^could not reach the Telegram Bot API \(.*ECONNREFUSED.*\): check the network and TELEGRAM_API_ROOT$/,
    );
    expect(failed.detail).not.toContain(BOT_TOKEN.split(':')[1]!);
  });
});
