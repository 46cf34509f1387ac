/** UTM parameters for one post's link. */
export interface UtmParams {
  /** utm_source: the platform, e.g. "twitter". */
  source: string;
  /** utm_medium. Default "social". */
  medium?: string;
  /** utm_campaign: the site's campaign name. */
  campaign: string;
}

const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign'] as const;

function decodedKey(pair: string): string {
  const key = pair.split('=', 1)[0]!.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(key).toLowerCase();
  } catch {
    return key.toLowerCase();
  }
}

/**
 * Adds utm_source/utm_medium/utm_campaign to an absolute http(s) URL. Existing query parameters and
 * the fragment stay byte for byte (URLSearchParams would re-encode them); an existing utm_* value
 * is replaced, never duplicated.
 */
export function utmLink(url: string, params: UtmParams): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`link "${url}" is not an absolute URL: give the article an http(s) url`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`link "${url}" is not http(s): give the article an http(s) url`);
  }
  const kept = parsed.search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair !== '' && !(UTM_KEYS as readonly string[]).includes(decodedKey(pair)));
  const values = [params.source, params.medium ?? 'social', params.campaign];
  const added = UTM_KEYS.map((key, i) => `${key}=${encodeURIComponent(values[i]!)}`);
  parsed.search = '?' + [...kept, ...added].join('&');
  return parsed.toString();
}
