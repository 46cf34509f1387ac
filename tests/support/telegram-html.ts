/**
 * Telegram `parse_mode: "HTML"` checker. It follows the Bot API documentation strictly (every bare `<`, `>`
 * and `&` must be escaped; named entities only lt/gt/amp/quot), which is stricter than the server in a few
 * places: the fake should fail anything the real API might fail.
 */

export type HtmlParseResult = { ok: true; text: string } | { ok: false; error: string };

const TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'tg-spoiler',
  'span',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
]);

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

class HtmlError extends Error {}

interface Cursor {
  src: string;
  i: number;
}

function byteOffset(src: string, i: number): number {
  return Buffer.byteLength(src.slice(0, i), 'utf8');
}

function fail(c: Cursor, message: string, at = c.i): never {
  throw new HtmlError(`${message} at byte offset ${byteOffset(c.src, at)}`);
}

/** Decodes the entity at `c.i` (which is `&`) and moves past it. */
function entity(c: Cursor): string {
  const m = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]*));/.exec(
    c.src.slice(c.i, c.i + 16),
  );
  if (!m) fail(c, 'Unescaped "&": write it as "&amp;"');
  if (m[3] !== undefined) {
    const ch = NAMED[m[3]];
    if (ch === undefined) fail(c, `Unsupported HTML entity "&${m[3]};"`);
    c.i += m[0].length;
    return ch;
  }
  const code = m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
    fail(c, `Invalid HTML entity "${m[0]}"`);
  c.i += m[0].length;
  return String.fromCodePoint(code);
}

function name(c: Cursor): string {
  const m = /^[a-zA-Z0-9-]*/.exec(c.src.slice(c.i))!;
  c.i += m[0].length;
  return m[0].toLowerCase();
}

function skipSpace(c: Cursor): void {
  while (c.i < c.src.length && /\s/.test(c.src[c.i]!)) c.i++;
}

function attributeValue(c: Cursor, start: number): string {
  const quote = c.src[c.i];
  if (quote === '"' || quote === "'") {
    c.i++;
    let value = '';
    while (c.src[c.i] !== quote) {
      if (c.i >= c.src.length) fail(c, 'Unclosed start tag', start);
      value += c.src[c.i] === '&' ? entity(c) : c.src[c.i++];
    }
    c.i++;
    return value;
  }
  const m = /^[^\s>"'`=<]+/.exec(c.src.slice(c.i));
  if (!m) fail(c, 'Expected attribute value');
  c.i += m[0].length;
  return m[0];
}

function startTag(c: Cursor): string {
  const start = c.i;
  c.i++; // '<'
  const tag = name(c);
  if (!TAGS.has(tag)) fail(c, `Unsupported start tag "${tag}"`, start);
  const attrs = new Map<string, string>();
  for (;;) {
    skipSpace(c);
    if (c.i >= c.src.length) fail(c, 'Unclosed start tag', start);
    if (c.src[c.i] === '>') break;
    const attr = name(c);
    if (attr === '') fail(c, `Unexpected character in the start tag "${tag}"`);
    skipSpace(c);
    if (c.src[c.i] === '=') {
      c.i++;
      skipSpace(c);
      attrs.set(attr, attributeValue(c, start));
    } else {
      attrs.set(attr, '');
    }
  }
  c.i++; // '>'
  if (tag === 'a' && !attrs.get('href')) fail(c, 'Tag "a" must have a non-empty attribute "href"', start);
  if (tag === 'span' && attrs.get('class') !== 'tg-spoiler') {
    fail(c, 'Tag "span" must have class "tg-spoiler"', start);
  }
  if (tag === 'tg-emoji' && !/^\d+$/.test(attrs.get('emoji-id') ?? '')) {
    fail(c, 'Tag "tg-emoji" must have a numeric attribute "emoji-id"', start);
  }
  return tag;
}

function endTag(c: Cursor, open: { tag: string; at: number }[]): void {
  const start = c.i;
  c.i += 2; // '</'
  const tag = name(c);
  skipSpace(c);
  if (c.src[c.i] !== '>') fail(c, 'Unexpected end of name token');
  c.i++;
  const top = open.pop();
  if (top === undefined) fail(c, 'Unexpected end tag', start);
  if (top.tag !== tag) fail(c, `Unmatched end tag, expected "</${top.tag}>", found "</${tag}>"`, start);
}

/** Parses Telegram HTML into its visible text, or says why Telegram would answer "can't parse entities". */
export function parseTelegramHtml(src: string): HtmlParseResult {
  const c: Cursor = { src, i: 0 };
  const open: { tag: string; at: number }[] = [];
  let text = '';
  try {
    while (c.i < src.length) {
      const ch = src[c.i]!;
      if (ch === '&') {
        text += entity(c);
      } else if (ch === '<') {
        if (src[c.i + 1] === '/') endTag(c, open);
        else open.push({ tag: startTag(c), at: c.i });
      } else if (ch === '>') {
        fail(c, 'Unescaped ">": write it as "&gt;"');
      } else {
        text += ch;
        c.i++;
      }
    }
    const last = open.pop();
    if (last !== undefined)
      throw new HtmlError(`Can't find end tag corresponding to start tag "${last.tag}"`);
  } catch (err) {
    if (err instanceof HtmlError) return { ok: false, error: err.message };
    throw err;
  }
  return { ok: true, text };
}
