import type { IncomingMessage } from 'node:http';

/** Request parameters from JSON, urlencoded or multipart bodies; file parts become `{file, bytes}`. */
export type Params = Record<string, unknown>;

export interface ParsedBody {
  params: Params;
  /** The body could not be parsed as its content type claims. */
  error?: string;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { params: {} };
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('application/json')) {
    try {
      const value: unknown = JSON.parse(raw.toString('utf8'));
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return { params: {}, error: 'JSON body is not an object' };
      }
      return { params: value as Params };
    } catch {
      return { params: {}, error: 'body is not valid JSON' };
    }
  }
  if (type.includes('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    if (!boundary) return { params: {}, error: 'multipart body without boundary' };
    return { params: parseMultipart(raw, boundary[1] ?? boundary[2]!) };
  }
  // Telegram and Graph both accept urlencoded bodies; treat an untyped body the same way.
  return { params: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) };
}

function parseMultipart(raw: Buffer, boundary: string): Params {
  const params: Params = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (raw.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = raw.subarray(partStart + 2, next - 2); // skip CRLF after delimiter and before the next one
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const head = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(head)?.[1];
      const filename = /filename="([^"]*)"/i.exec(head)?.[1];
      if (name !== undefined) {
        params[name] =
          filename === undefined ? content.toString('utf8') : { file: filename, bytes: content.length };
      }
    }
    start = next;
  }
  return params;
}

/** A parameter as a string (form bodies carry strings, JSON bodies may carry numbers). */
export function str(params: Params, name: string): string | undefined {
  const v = params[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Authorization and cookies keep only their scheme so a record can be printed safely. */
export function maskHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (name === 'authorization' || name === 'proxy-authorization') {
      out[name] = `${text.split(' ')[0]} ***`;
    } else if (name === 'cookie') {
      out[name] = '***';
    } else {
      out[name] = text;
    }
  }
  return out;
}

const SECRET_PARAMS = ['access_token', 'appsecret_proof', 'client_secret'];

export function maskParams(params: Params): Params {
  const out: Params = { ...params };
  for (const name of SECRET_PARAMS) if (name in out) out[name] = '***';
  return out;
}

/** Path with the bot token and secret query parameters masked. */
export function maskPath(url: URL): string {
  const path = url.pathname
    .replace(/^\/bot(\d+):[^/]+/, '/bot$1:***')
    .replace(/^\/bot[^/]+/, (m) => (m.includes(':***') ? m : '/bot***'));
  const query = new URLSearchParams(url.search);
  for (const name of SECRET_PARAMS) if (query.has(name)) query.set(name, '***');
  const q = query.toString();
  return q === '' ? path : `${path}?${q}`;
}
