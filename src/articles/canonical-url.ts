/** Query parameters that only track a click, never select content. */
const TRACKING_PARAMS = new Set(['fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'igshid', 'mc_cid', 'mc_eid']);

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
}

/** True for an absolute http: or https: URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The form of a URL used as an article's identity (never as a link), so the same article reached
 * through a tracking link, over http or https, with or without "www.", with a fragment or with a
 * trailing slash is recognised: scheme https, host lower case without a leading "www.", default port
 * dropped, utm_* / fbclid / gclid (and similar click ids) removed, fragment removed, trailing slash
 * removed (except the root), remaining query parameters sorted.
 * Throws TypeError for a string that is not an absolute URL.
 */
export function canonicalUrl(url: string): string {
  // The WHATWG parser already lower-cases scheme and host, drops default ports and punycodes IDNs.
  const u = new URL(url.trim());
  if (u.protocol === 'http:' && (u.port === '' || u.port === '443')) u.protocol = 'https:';
  if (/^www\.[^.]+\.[^.]/.test(u.hostname)) u.hostname = u.hostname.slice(4);
  u.hash = '';
  for (const name of [...u.searchParams.keys()]) {
    if (isTrackingParam(name)) u.searchParams.delete(name);
  }
  u.searchParams.sort();
  if (u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.replace(/\/+$/, '') || '/';
  const out = u.toString();
  // An emptied query leaves a bare "?" behind.
  return out.endsWith('?') ? out.slice(0, -1) : out;
}
