import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformRequest } from '../../src/compose/types.js';
import { AuthFailed, RateLimited, Transient } from '../../src/channels/errors.js';
import { TwitterChannel } from '../../src/channels/twitter.js';
import { sniffImageType, X_IMAGE_MAX_BYTES } from '../../src/channels/twitter-media.js';
import { expectNoSecret, memoryLogger, post, rejection, X_CREDS, X_SECRETS } from './support.js';

const CREDS = X_CREDS;
const SECRETS = X_SECRETS;
const IMAGE = 'https://img.test/lead.jpg';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 7)]);
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function expectOAuth(request: Request): void {
  const auth = request.headers.get('authorization') ?? '';
  expect(auth).toMatch(/^OAuth /);
  expect(auth).toContain(`oauth_consumer_key="${CREDS.appKey}"`);
  expect(auth).toContain(`oauth_token="${CREDS.accessToken}"`);
}

/** Records every call to X (upload steps and tweets) in order. */
function xApi(root = 'https://api.x.com', initialize?: () => Response) {
  const calls: { path: string; body: unknown }[] = [];
  let tweetN = 0;
  server.use(
    http.post(`${root}/2/media/upload/initialize`, async ({ request }) => {
      expectOAuth(request);
      calls.push({ path: 'initialize', body: await request.json() });
      if (initialize) return initialize();
      return HttpResponse.json({ data: { id: '77001', media_key: '3_77001', expires_after_secs: 86400 } });
    }),
    http.post(`${root}/2/media/upload/:id/append`, async ({ request, params }) => {
      expectOAuth(request);
      // twitter-api-v2 sends the chunk as a form field without a file name: read the raw multipart.
      const raw = Buffer.from(await request.arrayBuffer());
      const segment = /name="segment_index"\r\n\r\n(\d+)/.exec(raw.toString('latin1'))?.[1];
      calls.push({
        path: `${String(params.id)}/append`,
        body: { segment_index: segment, carriesImage: raw.includes(JPEG) },
      });
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(`${root}/2/media/upload/:id/finalize`, ({ request, params }) => {
      expectOAuth(request);
      calls.push({ path: `${String(params.id)}/finalize`, body: null });
      return HttpResponse.json({ data: { id: params.id, media_key: '3_77001', size: JPEG.length } });
    }),
    http.post(`${root}/2/media/metadata`, async ({ request }) => {
      expectOAuth(request);
      calls.push({ path: 'metadata', body: await request.json() });
      return HttpResponse.json({ data: { id: '77001' } });
    }),
    http.post(`${root}/2/tweets`, async ({ request }) => {
      expectOAuth(request);
      const body = (await request.json()) as Record<string, unknown>;
      calls.push({ path: 'tweets', body });
      const id = `90${++tweetN}`;
      return HttpResponse.json({ data: { id, text: body.text } }, { status: 201 });
    }),
  );
  return calls;
}

function serveImage(answer: () => Response | Promise<Response>) {
  let hits = 0;
  server.use(
    http.get(IMAGE, () => {
      hits++;
      return answer();
    }),
  );
  return { hits: () => hits };
}

const jpeg = () => new HttpResponse(JPEG, { headers: { 'content-type': 'image/jpeg' } });

function channel(opts: { timeoutMs?: number; apiRoot?: string } = {}) {
  const { logger, lines } = memoryLogger();
  const ch = new TwitterChannel({
    id: 'x-main',
    credentials: { ...CREDS, apiRoot: opts.apiRoot ?? CREDS.apiRoot },
    logger,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  const warnings = () =>
    lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 40);
  return { ch, lines, warnings };
}

const withImage = (media: PlatformRequest['media'] = { url: IMAGE }) =>
  post('twitter', [{ endpoint: 'POST /2/tweets', body: { text: 'Headline https://example.com/a' }, media }]);

describe('TwitterChannel.publish with an image', () => {
  it('downloads, uploads through /2/media/upload and attaches the media id to the first tweet only', async () => {
    const img = serveImage(jpeg);
    const calls = xApi();
    const thread = post('twitter', [
      { endpoint: 'POST /2/tweets', body: { text: 'Part one' }, media: { url: IMAGE } },
      { endpoint: 'POST /2/tweets', body: { text: 'Part two' } },
    ]);
    const { ch, warnings } = channel();
    const receipt = await ch.publish(thread);
    expect(img.hits()).toBe(1);
    expect(calls).toEqual([
      {
        path: 'initialize',
        body: { media_type: 'image/jpeg', total_bytes: JPEG.length, media_category: 'tweet_image' },
      },
      { path: '77001/append', body: { segment_index: '0', carriesImage: true } },
      { path: '77001/finalize', body: null },
      { path: 'tweets', body: { text: 'Part one', media: { media_ids: ['77001'] } } },
      { path: 'tweets', body: { text: 'Part two', reply: { in_reply_to_tweet_id: '901' } } },
    ]);
    expect(receipt.remoteId).toBe('901');
    expect(warnings()).toEqual([]);
  });

  it('sets the alt text when the request carries one', async () => {
    serveImage(jpeg);
    const calls = xApi();
    await channel().ch.publish(withImage({ url: IMAGE, alt: 'A flooded street' }));
    expect(calls.map((c) => c.path)).toEqual([
      'initialize',
      '77001/append',
      '77001/finalize',
      'metadata',
      'tweets',
    ]);
    expect(calls[3]!.body).toEqual({ id: '77001', metadata: { alt_text: { text: 'A flooded street' } } });
  });

  it('moves the upload to a custom API root like every other call', async () => {
    serveImage(jpeg);
    const calls = xApi('https://x-fake.test');
    await channel({ apiRoot: 'https://x-fake.test' }).ch.publish(withImage());
    expect(calls.map((c) => c.path)).toEqual(['initialize', '77001/append', '77001/finalize', 'tweets']);
    expect(calls[3]!.body).toEqual({
      text: 'Headline https://example.com/a',
      media: { media_ids: ['77001'] },
    });
  });

  it.each([
    ['a 404', () => new HttpResponse('gone', { status: 404 }), 'download failed with HTTP 404'],
    [
      'an HTML page',
      () => new HttpResponse('<html></html>', { headers: { 'content-type': 'text/html; charset=utf-8' } }),
      'not an image (Content-Type "text/html")',
    ],
    [
      'an SVG',
      () => new HttpResponse('<svg/>', { headers: { 'content-type': 'image/svg+xml' } }),
      'not a JPEG, PNG, WebP or GIF image (Content-Type "image/svg+xml")',
    ],
    [
      'a declared size over 5 MB',
      () =>
        new HttpResponse(JPEG, {
          headers: { 'content-type': 'image/jpeg', 'content-length': String(X_IMAGE_MAX_BYTES + 1) },
        }),
      "the image is larger than X's 5 MB limit",
    ],
    [
      'a streamed body over 5 MB',
      () => {
        const chunk = new Uint8Array(1024 * 1024);
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.enqueue(sent++ === 0 ? new Uint8Array([...JPEG, ...chunk]) : chunk);
            if (sent > 8) controller.close();
          },
        });
        return new HttpResponse(body, { headers: { 'content-type': 'image/jpeg' } });
      },
      "the image is larger than X's 5 MB limit",
    ],
    ['a network failure', () => HttpResponse.error(), 'could not download the image'],
  ])('posts without the image and warns after %s', async (_name, answer, reason) => {
    serveImage(answer);
    const calls = xApi();
    const { ch, warnings } = channel();
    const receipt = await ch.publish(withImage());
    expect(calls).toEqual([{ path: 'tweets', body: { text: 'Headline https://example.com/a' } }]);
    expect(receipt.remoteId).toBe('901');
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({
      channel: 'x-main',
      image: IMAGE,
      msg: 'posting to X without the image',
    });
    expect(String(warnings()[0]!.reason)).toContain(reason);
  });

  it('posts without the image when X refuses the upload with a 400', async () => {
    serveImage(jpeg);
    const calls = xApi('https://api.x.com', () =>
      HttpResponse.json(
        {
          title: 'Invalid Request',
          detail: 'One or more parameters to your request was invalid.',
          status: 400,
        },
        { status: 400 },
      ),
    );
    const { ch, warnings, lines } = channel();
    await ch.publish(withImage());
    expect(calls.map((c) => c.path)).toEqual(['initialize', 'tweets']);
    expect(calls[1]!.body).toEqual({ text: 'Headline https://example.com/a' });
    expect(warnings()[0]!.reason).toBe(
      'upload failed: One or more parameters to your request was invalid. (HTTP 400)',
    );
    expectNoSecret(new Error('none'), SECRETS, lines);
  });

  it('fails with AuthFailed on an upload 401 and posts nothing, without leaking a secret', async () => {
    serveImage(jpeg);
    const calls = xApi('https://api.x.com', () =>
      HttpResponse.json({ title: 'Unauthorized', status: 401, detail: 'Unauthorized' }, { status: 401 }),
    );
    const { ch, lines } = channel();
    const err = await rejection(ch.publish(withImage()));
    expect(err).toBeInstanceOf(AuthFailed);
    expect(err.status).toBe(401);
    expect(err.message).toBe('twitter "x-main": Unauthorized (HTTP 401)');
    expect(calls.map((c) => c.path)).toEqual(['initialize']);
    const { logger, lines: errLines } = memoryLogger();
    logger.error({ err }, 'publish failed');
    expectNoSecret(err, SECRETS, [...lines, ...errLines]);
  });

  it('fails with RateLimited on an upload 429 and posts nothing', async () => {
    serveImage(jpeg);
    const reset = Math.floor(Date.now() / 1000) + 900;
    const calls = xApi('https://api.x.com', () =>
      HttpResponse.json(
        { title: 'Too Many Requests', status: 429, detail: 'Too Many Requests' },
        { status: 429, headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) } },
      ),
    );
    const err = await rejection(channel().ch.publish(withImage()));
    expect(err).toBeInstanceOf(RateLimited);
    expect((err as unknown as RateLimited).retryAfterMs).toBeGreaterThan(800_000);
    expect(calls.map((c) => c.path)).toEqual(['initialize']);
  });

  it('gives up as Transient (nothing posted) when the image download outlasts the deadline', async () => {
    serveImage(async () => {
      await delay('infinite');
      return jpeg();
    });
    const calls = xApi();
    const err = await rejection(channel({ timeoutMs: 30 }).ch.publish(withImage()));
    expect(err).toBeInstanceOf(Transient);
    expect(err.message).toBe('twitter "x-main": no answer within 30 ms before the request was sent');
    expect(calls).toEqual([]);
  });
});

describe('sniffImageType', () => {
  it('knows the four formats X takes from their first bytes', () => {
    expect(sniffImageType(JPEG)).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('\x89PNG\r\n\x1a\n....', 'latin1'))).toBe('image/png');
    expect(sniffImageType(Buffer.from('GIF89a....'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('<!doctype html>'))).toBeUndefined();
    expect(sniffImageType(new Uint8Array())).toBeUndefined();
  });
});
