import { gunzipSync } from 'node:zlib';

/** Thrown when a response body is larger than allowed; the caller names the source. */
export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
  constructor(readonly limit: number) {
    super(`response is larger than ${limit} bytes`);
  }
}

/**
 * Drops a body we will not read. Not awaited: a cancel can stay pending forever on some stream
 * sources, and nothing depends on it finishing.
 */
export function discard(response: Response): void {
  void response.body?.cancel().catch(() => undefined);
}

/**
 * Reads a fetch response body, giving up (and cancelling the download) as soon as it passes
 * `maxBytes`, so a huge or endless response cannot fill memory.
 */
export async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(response);
    throw new BodyTooLarge(maxBytes);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Undoes gzip that arrived without a Content-Encoding header (some servers send `.xml.gz` as is);
 * the decompressed size is capped like the download.
 */
export function gunzipIfNeeded(bytes: Uint8Array, maxBytes: number): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLarge(maxBytes);
    throw new Error(`gzip data is corrupt: ${(err as Error).message}`);
  }
}

function charsetFromContentType(contentType: string | null | undefined): string | undefined {
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
}

/** The charset a document declares about itself: `<?xml encoding>` or `<meta charset>`. */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  return (
    /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ??
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1]
  );
}

function tryDecode(bytes: Uint8Array, label: string | undefined, fatal: boolean): string | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label, { fatal }).decode(bytes);
  } catch {
    // Unknown label or bytes that are not in this charset.
    return undefined;
  }
}

/**
 * Bytes to text: a BOM wins, then the Content-Type charset, then the document's own declaration,
 * then UTF-8 (valid UTF-8 wins a disagreement between header and declaration that involves UTF-8). A charset whose decoding fails (servers often claim UTF-8 for Latin-1 bytes) falls
 * through to the next; the last resort is windows-1252, which decodes any byte.
 */
export function decodeText(bytes: Uint8Array, contentType?: string | null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const header = charsetFromContentType(contentType);
  const declared = declaredCharset(bytes);
  // When header and document disagree and one says UTF-8, bytes that are valid UTF-8 settle it:
  // non-ASCII text in a single-byte charset is almost never valid UTF-8 by accident.
  if (header && declared && [header, declared].some((c) => /^utf-?8$/i.test(c))) {
    const utf8 = tryDecode(bytes, 'utf-8', true);
    if (utf8 !== undefined) return utf8;
  }
  for (const label of [header, declared, 'utf-8']) {
    const text = tryDecode(bytes, label, true);
    if (text !== undefined) return text;
  }
  return new TextDecoder('windows-1252').decode(bytes);
}
