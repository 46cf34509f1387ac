import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArticleError } from '../articles/article.js';
import { finalizeArticle } from '../articles/finalize.js';
import type { Logger } from '../log.js';
import type { SourceIngest } from '../sources/feed-poller.js';
import { METRICS_CONTENT_TYPE } from './metrics.js';
import { parseWebhookArticle } from './webhook-body.js';

export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The web hook (`POST /articles`) answers 503 when false. Default: true. */
  webhookEnabled?: boolean;
  /** Bearer token for `POST /articles`; without one the web hook answers 503. */
  webhookToken?: string;
  /** Larger request bodies get 413 (reading stops there). */
  maxBodyBytes: number;
  ingest: SourceIngest;
  logger: Logger;
  /** Passed to finalizeArticle (site.articleUrl). */
  articleOptions?: { articleUrlTemplate?: string };
  /** Prometheus text for `GET /metrics`. */
  metrics: () => string | Promise<string>;
  /** Extra fields for `GET /healthz`. */
  health?: () => object;
}

export interface HttpServer {
  listen(): Promise<{ port: number }>;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const ROUTES: Record<string, string[]> = {
  '/articles': ['POST'],
  '/healthz': ['GET', 'HEAD'],
  '/metrics': ['GET', 'HEAD'],
};

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant-time token check: both sides are hashed first so their lengths do not leak either. */
function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return timingSafeEqual(digest(m?.[1] ?? ''), digest(token)) && m !== null;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type':
      typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

/** Reads the body up to `max` bytes; past that, stops reading and throws 413 (the socket is closed after). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > max) {
        req.off('data', onData);
        req.pause();
        reject(new HttpError(413, `request body is larger than ${max} bytes (sources.webhook.maxBodyBytes)`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks, total)));
    req.on('error', reject);
  });
}

/** node:http server for the web hook, health check and Prometheus metrics. */
export function createHttpServer(opts: HttpServerOptions): HttpServer {
  const logger = opts.logger.child({ source: 'http' });

  async function postArticle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (opts.webhookEnabled === false) {
      throw new HttpError(503, 'web hook disabled: set sources.webhook.enabled: true in the config');
    }
    if (!opts.webhookToken) throw new HttpError(503, 'web hook disabled: set CRIER_WEBHOOK_TOKEN');
    if (!tokenMatches(req.headers.authorization, opts.webhookToken)) {
      throw new HttpError(401, 'missing or wrong token: send "Authorization: Bearer <CRIER_WEBHOOK_TOKEN>"', {
        'www-authenticate': 'Bearer realm="crier"',
      });
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
      throw new HttpError(415, 'send the article as JSON with "Content-Type: application/json"');
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > opts.maxBodyBytes) {
      throw new HttpError(
        413,
        `request body is larger than ${opts.maxBodyBytes} bytes (sources.webhook.maxBodyBytes)`,
      );
    }
    const raw = await readBody(req, opts.maxBodyBytes);
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      throw new HttpError(400, `body is not valid JSON: ${(err as Error).message}`);
    }
    const parsed = parseWebhookArticle(json);
    if ('error' in parsed) throw new HttpError(400, parsed.error);
    const ref = `request:${randomUUID()}`;
    let article;
    try {
      article = finalizeArticle(parsed.draft, { kind: 'webhook', ref }, opts.articleOptions ?? {});
    } catch (err) {
      if (err instanceof ArticleError) throw new HttpError(400, err.message.replace(`${ref}: `, ''));
      throw err;
    }
    let result: { articleId: string; created: boolean };
    try {
      result = opts.ingest(article);
    } catch (err) {
      // The article is valid but cannot be posted as configured (e.g. no URL and no site.articleUrl).
      if (err instanceof ArticleError) throw new HttpError(422, err.message.replace(`${ref}: `, ''));
      throw err;
    }
    const { articleId, created } = result;
    logger.info(
      { ref, article: articleId, created },
      created ? 'web hook article accepted' : 'web hook article already known',
    );
    // 202 for a new article (queued, not yet posted); 200 for one crier already has.
    send(res, created ? 202 : 200, { id: articleId, created });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
    const methods = ROUTES[pathname];
    if (!methods)
      throw new HttpError(
        404,
        `no such endpoint: ${pathname} (try POST /articles, GET /healthz, GET /metrics)`,
      );
    if (!methods.includes(req.method ?? '')) {
      throw new HttpError(405, `${req.method} is not allowed on ${pathname}: use ${methods[0]}`, {
        allow: methods.join(', '),
      });
    }
    if (pathname === '/articles') return postArticle(req, res);
    if (pathname === '/healthz') return send(res, 200, { ok: true, ...(opts.health?.() ?? {}) });
    const text = await opts.metrics();
    res.writeHead(200, {
      'content-type': METRICS_CONTENT_TYPE,
      'content-length': String(Buffer.byteLength(text)),
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const http = err instanceof HttpError ? err : undefined;
      const status = http?.status ?? 500;
      // Only method, path and status: headers (Authorization) and bodies are never logged.
      const fields = { method: req.method, path: req.url?.split('?')[0], status };
      if (http) logger.info(fields, `request refused: ${http.message}`);
      else logger.error({ ...fields, err }, 'request failed');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const message = http?.message ?? 'internal error: see the crier log';
      const unread = !req.readableEnded;
      send(
        res,
        status,
        { error: message },
        { ...(http?.headers ?? {}), ...(unread ? { connection: 'close' } : {}) },
      );
      // A body we refused to read is not drained: close the connection once the answer is out.
      if (unread) res.on('finish', () => req.socket.destroySoon());
    });
  });
  // Slow or stuck clients cannot hold a connection forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;

  return {
    listen() {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host, () => {
          server.off('error', reject);
          resolve({ port: (server.address() as AddressInfo).port });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
