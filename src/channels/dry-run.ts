import { createHash } from 'node:crypto';
import type { ComposedPost } from '../compose/types.js';
import type { Platform } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Channel, CheckResult, PublishOptions, Receipt } from './channel.js';
import { Transient } from './errors.js';

export interface DryRunChannelOptions {
  /** Channel id from the config. */
  id: string;
  platform: Platform;
  /** Every "publish" is logged here at info level, with the requests that would have been sent. */
  logger: Logger;
  /** Clock for receipts. Default Date.now. */
  now?: () => number;
}

/** Stable id for the same post, so a repeated dry run is recognisable in logs and the store. */
export function dryRunId(post: ComposedPost): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([post.channel, post.requests]))
    .digest('hex');
  return `dry-run-${hash.slice(0, 16)}`;
}

/** A channel without credentials: logs what it would send and sends nothing. */
export class DryRunChannel implements Channel {
  readonly id: string;
  readonly platform: Platform;
  readonly dryRun = true;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(opts: DryRunChannelOptions) {
    if (typeof opts?.id !== 'string' || opts.id.trim() === '') throw new TypeError('Missing channel id.');
    if (!opts.platform) throw new TypeError('Missing channel platform.');
    if (!opts.logger) throw new TypeError('Missing logger for the dry-run channel.');
    this.id = opts.id;
    this.platform = opts.platform;
    this.logger = opts.logger;
    this.now = opts.now ?? Date.now;
  }

  async publish(post: ComposedPost, opts: PublishOptions = {}): Promise<Receipt> {
    if (opts.signal?.aborted) {
      throw new Transient(`${this.platform} "${this.id}": aborted by the caller`, {
        platform: this.platform,
        channel: this.id,
      });
    }
    const remoteId = dryRunId(post);
    this.logger.info(
      {
        channel: this.id,
        platform: this.platform,
        dryRun: true,
        remoteId,
        text: post.text,
        requests: post.requests,
      },
      'dry run: not sent',
    );
    return { remoteId, postedAt: new Date(this.now()).toISOString(), dryRun: true };
  }

  async check(): Promise<CheckResult> {
    return { status: 'dry-run', detail: `no ${this.platform} credentials set: posts are logged, not sent` };
  }
}
