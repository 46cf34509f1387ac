import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Article, ArticleError } from '../../src/articles/article.js';
import { createHttpServer, type HttpServer, type HttpServerOptions } from '../../src/http/server.js';
import { captureLogger, recordingIngest } from '../sources/helpers.js';

const TOKEN = 'webhook-secret-token-123';
const servers: HttpServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function start(extra: Partial<HttpServerOptions> = {}) {
  const log = captureLogger();
  const rec = recordingIngest();
  const server = createHttpServer({
    host: '127.0.0.1',
    port: 0,
    webhookToken: TOKEN,
    maxBodyBytes: 10_000,
    ingest: rec.ingest,
    logger: log.logger,
    metrics: () => 'crier_deliveries{channel="tg",status="sent"} 1\n',
    health: () => ({ paused: {} }),
    ...extra,
  });
  servers.push(server);
  const { port } = await server.listen();
  return { base: `http://127.0.0.1:${port}`, port, log, rec };
}

const good = {
  title: 'Harbour reopens after storm',
  body: 'The harbour reopened on Monday.\n\nShips queued overnight.',
  url: 'https://news.example/harbour',
  tags: ['storm', 'harbour'],
  image: 'https://news.example/harbour.jpg',
  published: '2026-06-01T09:30:00Z',
  lang: 'en',
};

function post(base: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /articles', () => {
  it('accepts a good article with 202 {id, created}', async () => {
    const { base, rec } = await start();
    const res = await post(base, good);
    expect(res.status).toBe(202);
    const json = (await res.json()) as { id: string; created: boolean };
    expect(json.created).toBe(true);
    const a: Article = rec.articles[0]!;
    expect(json.id).toBe(a.id);
    expect(a).toMatchObject({
      title: good.title,
      paragraphs: ['The harbour reopened on Monday.', 'Ships queued overnight.'],
      url: good.url,
      tags: ['storm', 'harbour'],
      image: good.image,
      published: '2026-06-01T09:30:00.000Z',
      lang: 'en',
    });
    expect(a.source.kind).toBe('webhook');
    expect(a.source.ref).toMatch(/^request:[0-9a-f-]{36}$/);
  });

  it('answers 200 created:false for an article it already has', async () => {
    const { base } = await start();
    await post(base, good);
    const res = await post(base, {
      ...good,
      text: ['The harbour reopened on Monday.', 'Ships queued overnight.'],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: false });
  });

  it('answers 401 without a token or with a wrong one', async () => {
    const { base, rec } = await start();
    const none = await fetch(`${base}/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(good),
    });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await post(base, good, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await post(base, good, { authorization: TOKEN })).status).toBe(401);
    expect(rec.articles).toEqual([]);
  });

  it('answers 503 when no token is configured', async () => {
    const { base } = await start({ webhookToken: undefined });
    const res = await post(base, good);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'web hook disabled: set CRIER_WEBHOOK_TOKEN' });
  });

  it('answers 415 for a body that is not JSON', async () => {
    const { base } = await start();
    expect(
      (await post(base, 'title=x', { 'content-type': 'application/x-www-form-urlencoded' })).status,
    ).toBe(415);
  });

  it('answers 400 on bad JSON', async () => {
    const { base } = await start();
    const res = await post(base, '{"title": "x",');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^body is not valid JSON/);
  });

  it.each([
    [{ ...good, title: '' }, /^title: /],
    [{ ...good, url: 'ftp://x.org/a' }, /^url: expected an absolute http\(s\) URL/],
    [{ ...good, tags: 'storm' }, /^tags: /],
    [{ ...good, published: 'yesterday' }, /^published: expected an ISO 8601 date/],
    [{ title: 'No body' }, /^body: required/],
    [[good], /^expected a JSON object/],
  ])('answers 400 naming the field for an invalid article (%#)', async (body, message) => {
    const { base, rec } = await start();
    const res = await post(base, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(message);
    expect(rec.articles).toEqual([]);
  });

  it('answers 413 when Content-Length is over the limit, without reading the body', async () => {
    const { base } = await start({ maxBodyBytes: 100 });
    const res = await post(base, { ...good, body: 'x'.repeat(500) });
    expect(res.status).toBe(413);
  });

  it('answers 413 and stops reading a chunked body that grows past the limit', async () => {
    const { port } = await start({ maxBodyBytes: 1000 });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/articles',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
          req.destroy();
        },
      );
      req.on('error', (err) => (sent > 0 ? undefined : reject(err)));
      // Up to 50 MB, one chunk whenever the socket drains; stops once the answer arrives.
      const pump = () => {
        while (sent < 50 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!req.destroyed) req.end();
      };
      req.write('{"title": "big", "body": "');
      pump();
    });
    expect(status).toBe(413);
    expect(sent).toBeLessThan(50 * 1024 * 1024);
  });

  it('never logs the token or the Authorization header', async () => {
    const { base, log } = await start();
    await post(base, good);
    await post(base, good, { authorization: 'Bearer wrong-token-value' });
    const text = log.text();
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('wrong-token-value');
    // No headers object in any line (the 401 explanation may name the header, never its value).
    expect(text).not.toMatch(/"(authorization|headers)"\s*:/i);
  });

  it('answers 500 (and logs) when ingest throws', async () => {
    const ingest = vi.fn(() => {
      throw new Error('database is locked');
    });
    const { base, log } = await start({ ingest });
    const res = await post(base, good);
    expect(res.status).toBe(500);
    expect(log.text()).toContain('database is locked');
  });

  it('answers 422 with the reason when the article cannot be posted as configured', async () => {
    const ingest = vi.fn((a: Article) => {
      throw new ArticleError(a.source.ref, 'channel "x": cannot compose the post: article has no URL');
    });
    const { base } = await start({ ingest });
    const res = await post(base, { ...good, url: undefined });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toBe(
      'channel "x": cannot compose the post: article has no URL',
    );
  });
});

describe('other endpoints', () => {
  it('GET /healthz answers 200 {ok:true, ...health}', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, paused: {} });
  });

  it('GET /metrics answers Prometheus text', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toBe('crier_deliveries{channel="tg",status="sent"} 1\n');
  });

  it('answers 404 for an unknown path and 405 for a wrong method', async () => {
    const { base } = await start();
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const res = await fetch(`${base}/articles`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect((await fetch(`${base}/metrics`, { method: 'DELETE' })).status).toBe(405);
  });

  it('closes even with an idle keep-alive connection open', async () => {
    const { base } = await start();
    await fetch(`${base}/healthz`);
    await servers.pop()!.close();
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
