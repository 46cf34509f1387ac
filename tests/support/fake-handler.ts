import type { IncomingHttpHeaders } from 'node:http';
import type { Params } from './fake-http.js';
import type { FakeState } from './fake-state.js';
import type { FakeCredentials, FakeOutcome, FakePost } from './fake-types.js';

/** What one platform handler decided; the server writes it (or drops it) after the configured delay. */
export interface Reply {
  status: number;
  /** Serialised as JSON unless it is a string. */
  body: unknown;
  headers?: Record<string, string>;
  outcome: FakeOutcome;
  target?: string;
  /** Set when a post was accepted and recorded: the server may then lose the answer (`dropAfterAccept`). */
  post?: FakePost;
}

export interface HandlerContext {
  state: FakeState;
  credentials: FakeCredentials;
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** Body parameters (Telegram also merges the query string in, as the Bot API does). */
  params: Params;
  bodyError?: string;
  seq: number;
  time: number;
}

export function json(status: number, body: unknown, outcome: FakeOutcome, target?: string): Reply {
  return { status, body, outcome, ...(target === undefined ? {} : { target }) };
}
