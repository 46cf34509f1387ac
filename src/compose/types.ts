import type { Article } from '../articles/article.js';
import type { ChannelConfig, Platform } from '../config/schema.js';

/** One HTTP request exactly as the adapter will send it (minus credentials). */
export interface PlatformRequest {
  /** Method and path relative to the platform's API root, e.g. "POST /2/tweets", "POST /sendMessage". */
  endpoint: string;
  body: Record<string, unknown>;
  /**
   * An image to attach that only exists as a URL until the adapter uploads it (X). The adapter
   * downloads and uploads this and adds `media.media_ids` to the body; when the image cannot be
   * fetched or uploaded it sends the body as is. Absent: no image.
   */
  media?: PlatformMedia;
  /**
   * Sent instead when the platform cannot use the media of this request (Telegram: the photo URL
   * could not be fetched or processed). Composed like any other request, so the wording stays the
   * composer's. Absent: no fallback, a media failure fails the delivery.
   */
  fallback?: PlatformRequest;
}

/** An image to upload before a request is sent. */
export interface PlatformMedia {
  /** Absolute http(s) URL of the image. */
  url: string;
  /** Alt text for the image, when known. */
  alt?: string;
}

/** A composed post for one channel. Stored verbatim in the outbox so a retry sends what was previewed. */
export interface ComposedPost {
  channel: string;
  platform: Platform;
  /** Length of the longest request's text as the platform counts it. */
  length: number;
  /** The platform's limit for that text. */
  limit: number;
  /** The post as a person would read it (plain text, parts separated by a blank line). */
  text: string;
  /**
   * The requests in order. A thread is several "POST /2/tweets"; the adapter adds
   * `reply.in_reply_to_tweet_id` to each after the first.
   */
  requests: PlatformRequest[];
}

/** Everything a composer needs besides the article; composers are pure. */
export interface ComposeContext {
  channel: ChannelConfig;
  /** The article link for this channel with UTM parameters already applied. */
  link: string;
  /** utm_campaign value etc. come from here. */
  campaign: string;
  /** Non-secret target ids (chat id, page id, Graph version) so requests are complete when known. */
  targets?: ComposeTargets;
}

/** Where posts go, when known; composers fall back to placeholders otherwise. */
export interface ComposeTargets {
  telegramChatId?: string;
  facebookPageId?: string;
  /** Graph API version such as "v24.0". */
  facebookGraphVersion?: string;
}

/** The one small interface a platform implements to be composable. */
export interface PlatformComposer {
  platform: Platform;
  compose(article: Article, ctx: ComposeContext): ComposedPost;
}
