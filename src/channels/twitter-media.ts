import type { TwitterApiv2 } from 'twitter-api-v2';
import type { PlatformMedia } from '../compose/types.js';
import type { Logger } from '../log.js';
import { type Deadline, DeadlineExceeded, raceAbort } from './deadline.js';
import { deadlineError, errorCode, type ErrorContext } from './error-helpers.js';
import { mapTwitterError } from './twitter-errors.js';

/** X's upload limit for JPEG, PNG and WebP images. */
export const X_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
/** X's upload limit for (animated) GIFs. */
export const X_GIF_MAX_BYTES = 15 * 1024 * 1024;
/** X's limit for alt text, in characters. */
const ALT_MAX_CHARS = 1000;

export type XImageType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

export interface DownloadedImage {
  data: Buffer;
  /** Taken from the bytes, not the Content-Type header, which servers often get wrong. */
  mediaType: XImageType;
}

/** Why an image is left out: the post still goes, without it. */
export class ImageUnusable extends Error {
  override name = 'ImageUnusable';
}

/** The image format from its first bytes, or undefined when X cannot take it. */
export function sniffImageType(data: Uint8Array): XImageType | undefined {
  const ascii = (from: number, to: number): string => String.fromCharCode(...data.subarray(from, to));
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (ascii(0, 4) === 'GIF8') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

const megabytes = (bytes: number): string => `${bytes / (1024 * 1024)} MB`;

/**
 * Drops a body we will not read. Not awaited: cancelling only frees the connection, and a cancel
 * can stay pending (msw's mocked streams never settle it).
 */
function discard(stream: { cancel(): Promise<void> } | null | undefined): void {
  stream?.cancel().catch(() => undefined);
}

/**
 * Downloads an image for X under `signal`. Throws ImageUnusable when the image cannot be used (not
 * http(s), HTTP error, not an image, too big, unknown format, network failure) and DeadlineExceeded
 * when `signal` aborts.
 */
export async function downloadImage(url: string, signal: AbortSignal): Promise<DownloadedImage> {
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) {
    throw new ImageUnusable('the image URL is not an absolute http(s) URL');
  }
  try {
    const res = await fetch(url, {
      signal,
      headers: { accept: 'image/jpeg,image/png,image/webp,image/gif' },
    });
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!res.ok || !type.startsWith('image/')) {
      discard(res.body);
      throw new ImageUnusable(
        res.ok
          ? `not an image (Content-Type "${type || 'none'}")`
          : `download failed with HTTP ${res.status}`,
      );
    }
    // A GIF served under another image type gets the smaller cap; the bytes decide the final limit below.
    const cap = type === 'image/gif' ? X_GIF_MAX_BYTES : X_IMAGE_MAX_BYTES;
    const tooBig = (): ImageUnusable =>
      new ImageUnusable(`the image is larger than X's ${megabytes(cap)} limit`);
    if (Number(res.headers.get('content-length')) > cap) {
      discard(res.body);
      throw tooBig();
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = res.body?.getReader();
    for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) {
      total += r.value.byteLength;
      // Stop reading as soon as the cap is passed: a lying or missing Content-Length costs nothing.
      if (total > cap) {
        discard(reader);
        throw tooBig();
      }
      chunks.push(r.value);
    }
    const data = Buffer.concat(chunks);
    const mediaType = sniffImageType(data);
    if (!mediaType) throw new ImageUnusable(`not a JPEG, PNG, WebP or GIF image (Content-Type "${type}")`);
    if (mediaType !== 'image/gif' && data.length > X_IMAGE_MAX_BYTES) {
      throw new ImageUnusable(`the image is larger than X's ${megabytes(X_IMAGE_MAX_BYTES)} limit`);
    }
    return { data, mediaType };
  } catch (err) {
    if (err instanceof ImageUnusable) throw err;
    if (signal.aborted) throw new DeadlineExceeded('aborted');
    const e = err as Error & { cause?: Error };
    const code = errorCode(err);
    const why = e.cause?.message ?? e.message;
    throw new ImageUnusable(
      `could not download the image: ${why}${code && !why.includes(code) ? ` (${code})` : ''}`,
    );
  }
}

export interface TweetImageOptions {
  client: Pick<TwitterApiv2, 'uploadMedia' | 'createMediaMetadata'>;
  /** The publish's deadline: download and upload count against it. */
  deadline: Deadline;
  ctx: ErrorContext;
  now: () => number;
  /** Where a left-out image is reported as a warning. */
  logger?: Logger;
}

/**
 * Downloads and uploads `media` for a tweet and returns its media id. Returns undefined (with a
 * warning) when the image cannot be used, because the post matters more than the picture: HTTP
 * errors, non-images, oversized files, and upload errors other than those below. Throws AuthFailed
 * for a 401 (or a usage cap) and RateLimited for a 429 from the upload, as for any X call, and a
 * deadline error (Transient: no tweet has been sent yet) when time runs out.
 */
export async function uploadTweetImage(
  media: PlatformMedia,
  opts: TweetImageOptions,
): Promise<string | undefined> {
  const { client, deadline, ctx } = opts;
  const url = typeof media?.url === 'string' ? media.url : '';
  const skip = (reason: string): undefined => {
    opts.logger?.warn(
      { channel: ctx.channel, image: ctx.scrub(url), reason: ctx.scrub(reason) },
      'posting to X without the image',
    );
    return undefined;
  };
  const timedOut = (err: unknown): boolean => err instanceof DeadlineExceeded || deadline.signal.aborted;

  let image: DownloadedImage;
  try {
    image = await downloadImage(url, deadline.signal);
  } catch (err) {
    if (timedOut(err)) throw deadlineError(deadline, ctx, false);
    return skip((err as Error).message);
  }

  let mediaId: string;
  try {
    mediaId = await raceAbort(
      client.uploadMedia(image.data, { media_type: image.mediaType }),
      deadline.signal,
    );
  } catch (err) {
    if (timedOut(err)) throw deadlineError(deadline, ctx, false);
    const mapped = mapTwitterError(err, ctx, opts.now());
    // Bad credentials or a limit would fail the tweet too: report them like any other X call.
    if (mapped.kind === 'rate-limited' || mapped.status === 401 || mapped.status === 429) throw mapped;
    return skip(`upload failed: ${mapped.message.replace(/^twitter "[^"]*": /, '')}`);
  }

  const alt =
    typeof media.alt === 'string' ? Array.from(media.alt.trim()).slice(0, ALT_MAX_CHARS).join('') : '';
  if (alt) {
    try {
      await raceAbort(client.createMediaMetadata(mediaId, { alt_text: { text: alt } }), deadline.signal);
    } catch (err) {
      if (timedOut(err)) throw deadlineError(deadline, ctx, false);
      // An image without its description is still worth posting.
      const mapped = mapTwitterError(err, ctx, opts.now());
      opts.logger?.warn(
        { channel: ctx.channel, mediaId, reason: mapped.message },
        'X did not take the image alt text',
      );
    }
  }
  return mediaId;
}
