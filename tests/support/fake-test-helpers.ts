import type { PlatformFake } from './platform-fake.js';

/** Small fetch wrappers for the fake's own tests and for end-to-end tests that poke it directly. */
export interface FakeResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function call(
  fake: PlatformFake,
  method: string,
  path: string,
  init: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<FakeResponse> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const res = await fetch(`${fake.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // 5xx answers from the Telegram fake are HTML, like nginx's.
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** An OAuth 1.0a header with the fake's credentials (the fake does not verify the signature). */
export function oauthHeader(fake: PlatformFake, userIndex = 0): string {
  const user = fake.credentials.twitterUsers[userIndex]!;
  const fields = {
    oauth_consumer_key: fake.credentials.twitterAppKey,
    oauth_nonce: 'nonce',
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: '1700000000',
    oauth_token: user.accessToken,
    oauth_version: '1.0',
    oauth_signature: 'c2lnbmF0dXJl',
  };
  return `OAuth ${Object.entries(fields)
    .map(([k, v]) => `${k}="${encodeURIComponent(v)}"`)
    .join(', ')}`;
}

export function tweet(fake: PlatformFake, body: unknown, userIndex = 0): Promise<FakeResponse> {
  return call(fake, 'POST', '/2/tweets', {
    json: body,
    headers: { authorization: oauthHeader(fake, userIndex) },
  });
}

export function telegram(
  fake: PlatformFake,
  method: string,
  body: unknown,
  token?: string,
): Promise<FakeResponse> {
  const t = token ?? fake.credentials.telegramBotTokens[0]!;
  return call(fake, 'POST', `/bot${t}/${method}`, { json: body });
}

export function graphPost(
  fake: PlatformFake,
  form: Record<string, string>,
  pageIndex = 0,
): Promise<FakeResponse> {
  const page = fake.credentials.facebookPages[pageIndex]!;
  return call(fake, 'POST', `/v24.0/${page.id}/feed`, {
    form,
    headers: { authorization: `Bearer ${page.token}` },
  });
}
