import type { ComposedPost } from '../compose/types.js';
import type { Platform } from '../config/schema.js';
import type { PartReceipt } from './errors.js';

export interface Receipt {
  /** Id of the (first) post on the platform. */
  remoteId: string;
  /** Public URL of the post, when the platform gives one. */
  url?: string;
  /** ISO 8601. */
  postedAt: string;
  /** True when nothing was sent (channel without credentials). */
  dryRun?: boolean;
  /** Every part of a thread, in order. */
  parts?: PartReceipt[];
}

export interface PublishOptions {
  signal?: AbortSignal;
}

/** Result of checking a channel's credentials against the platform. */
export interface CheckResult {
  status: 'ready' | 'dry-run' | 'failed';
  /** Who we are on the platform (bot username, X handle, Page name), or the problem and its fix. */
  detail: string;
}

/** One destination. Adapters send what composers made and decide nothing about wording. */
export interface Channel {
  readonly id: string;
  readonly platform: Platform;
  readonly dryRun: boolean;
  publish(post: ComposedPost, opts?: PublishOptions): Promise<Receipt>;
  /** Verify credentials against the platform (crier doctor). */
  check(opts?: PublishOptions): Promise<CheckResult>;
}
