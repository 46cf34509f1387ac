import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WEBHOOK_TOKEN, health, startHarness, type Harness } from './service-helper.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const res = await post(
    JSON.stringify({
      title: 'Bridge reopens',
      body: 'The bridge reopened on Tuesday.',
      url: 'https://news.example.com/good/1',
    }),
  );
  expect(res.status).toBe(202);
  await vi.waitFor(() => expect(h.fake.posts).toHaveLength(3), { timeout: 10_000, interval: 20 });
});
afterAll(async () => {
  await h.stop();
});

interface Answer {
  status: number;
  error: string;
}

/** POSTs a body to /articles with node:http, so an answer sent before the body is read still arrives. */
function post(
  body: string | Buffer,
  headers: Record<string, string> = {
    authorization: `Bearer ${WEBHOOK_TOKEN}`,
    'content-type': 'application/json',
  },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${h.http}/articles`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, error: (JSON.parse(text) as { error?: string }).error ?? '' }),
      );
    });
    // The server may close the socket once it has refused a body it will not read.
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    req.end(body);
  });
}

/** The service's log line for a refused request (one per request: method, path, status, reason). */
function refusals(status: number): string[] {
  return h.lines.filter((l) => l.includes('request refused') && l.includes(`"status":${status}`));
}

describe('bad input through the web hook', () => {
  it('a 50 MB body gets 413 naming the setting, without reading it all', async () => {
    const huge = Buffer.alloc(50 * 1024 * 1024, 'a');
    const res = await post(huge);
    expect(res.status).toBe(413);
    expect(res.error).toContain('sources.webhook.maxBodyBytes');
    expect(refusals(413)).toHaveLength(1);
  });

  it('bad JSON gets 400 saying so', async () => {
    const res = await post('{"title": "Bridge", "body": ');
    expect(res.status).toBe(400);
    expect(res.error).toMatch(/not valid JSON/);
  });

  it('a javascript: link gets 400 naming the field', async () => {
    const res = await post(
      JSON.stringify({ title: 'Council votes', body: 'The council voted.', url: 'javascript:alert(1)' }),
    );
    expect(res.status).toBe(400);
    expect(res.error).toMatch(/^url: /);
  });

  it('wrong types get 400 naming the field', async () => {
    const res = await post(JSON.stringify({ title: ['not', 'a', 'string'], body: 42 }));
    expect(res.status).toBe(400);
    expect(res.error).toMatch(/^title: expected a string/);
  });

  it('a missing token gets 401, and the token never appears in the log', async () => {
    const res = await post('{}', { 'content-type': 'application/json' });
    expect(res.status).toBe(401);
    expect(res.error).toContain('CRIER_WEBHOOK_TOKEN');
    expect(h.lines.join('\n')).not.toContain(WEBHOOK_TOKEN);
  });

  it('stays up, the earlier deliveries are intact, and nothing bad was queued', async () => {
    expect(await health(h)).toBe(200);
    const rows = h.service.store.listDeliveries({});
    expect(rows).toHaveLength(3);
    expect(rows.every((d) => d.status === 'sent' && d.articleUrl === 'https://news.example.com/good/1')).toBe(
      true,
    );
    expect(refusals(400)).toHaveLength(3);
  });
});
