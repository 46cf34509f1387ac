/**
 * Telegram Bot API "HTML" parse mode: escaping, a strict validator and the visible length.
 * The validator is stricter than Telegram (it rejects anything Telegram might), so a post that
 * passes it will not come back as "can't parse entities".
 */

/** Escapes text for Telegram HTML: every < > & (and " so the same helper is safe in attributes). */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Tags Telegram accepts, with the attributes each may carry. */
const TAGS: Record<string, readonly string[]> = {
  b: [],
  strong: [],
  i: [],
  em: [],
  u: [],
  ins: [],
  s: [],
  strike: [],
  del: [],
  'tg-spoiler': [],
  a: ['href'],
  code: ['class'],
  pre: [],
  blockquote: ['expandable'],
};

const ENTITY = /^&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/;
const TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:="[^"<>]*")?)*)\s*>/;
const ATTR = /([a-zA-Z-]+)(?:="([^"<>]*)")?/g;

function checkEntities(text: string, where: string): string | null {
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
    if (!ENTITY.test(text.slice(i))) {
      const near = text.slice(i, i + 12).split(/[\s;]/)[0];
      return `${where}: bare "&" or unsupported entity near "${near}" (use &amp; &lt; &gt; &quot;)`;
    }
  }
  return null;
}

/** Null when `html` is valid Telegram HTML; otherwise a one-line description of the first problem. */
export function validateTelegramHtml(html: string): string | null {
  const stack: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const textEnd = lt < 0 ? html.length : lt;
    const text = html.slice(i, textEnd);
    if (text.includes('>')) return `bare ">" at offset ${i + text.indexOf('>')} (escape it as &gt;)`;
    const bad = checkEntities(text, `text at offset ${i}`);
    if (bad) return bad;
    if (lt < 0) break;
    const m = TAG.exec(html.slice(lt));
    if (!m) return `bare "<" at offset ${lt} (escape it as &lt;)`;
    const [whole, closing, rawName, attrs = ''] = m;
    const name = rawName!.toLowerCase();
    const allowed = TAGS[name];
    if (!allowed) return `tag <${name}> is not supported by Telegram`;
    if (closing) {
      if (attrs.trim()) return `closing tag </${name}> has attributes`;
      const open = stack.pop();
      if (open !== name)
        return open ? `</${name}> closes <${open}> (mis-nested)` : `</${name}> was never opened`;
    } else {
      for (const a of attrs.matchAll(ATTR)) {
        const attr = a[1]!.toLowerCase();
        if (!allowed.includes(attr)) return `attribute "${attr}" is not allowed on <${name}>`;
        const badValue = checkEntities(a[2] ?? '', `attribute ${attr} of <${name}>`);
        if (badValue) return badValue;
      }
      if (name === 'a' && !/\bhref="[^"]+"/i.test(attrs)) return '<a> needs an href';
      stack.push(name);
    }
    i = lt + whole!.length;
  }
  if (stack.length) return `<${stack[stack.length - 1]}> is never closed`;
  return null;
}

function decodeEntity(entity: string): string {
  switch (entity) {
    case '&lt;':
      return '<';
    case '&gt;':
      return '>';
    case '&amp;':
      return '&';
    case '&quot;':
      return '"';
    default: {
      const hex = entity.startsWith('&#x');
      const code = parseInt(entity.slice(hex ? 3 : 2, -1), hex ? 16 : 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
  }
}

/** The text Telegram shows for `html`: tags removed, entities decoded. */
export function telegramVisibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, decodeEntity);
}

/** Visible length in UTF-16 code units (Telegram counts code points, so this errs on the safe side). */
export function telegramVisibleLength(html: string): number {
  return telegramVisibleText(html).length;
}
