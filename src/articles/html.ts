import { decodeHTMLStrict } from 'entities';

/** Elements whose content is never article text. */
const DROPPED_ELEMENTS = ['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'head', 'select'];

/** Elements that start a new paragraph. */
const BLOCK_ELEMENTS =
  'p|div|section|article|aside|header|footer|main|nav|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|figure|figcaption|table|thead|tbody|tfoot|tr|td|th|hr|address|details|summary|form|fieldset|center';

// Only a closed element is dropped: already-decoded text that mentions "<script>" must not lose
// everything after it. A lone opening tag is stripped like any other tag.
const DROPPED_RE = new RegExp(`<(${DROPPED_ELEMENTS.join('|')})\\b[^>]*>[\\s\\S]*?</\\1\\s*>`, 'gi');
const BLOCK_RE = new RegExp(`</?(?:${BLOCK_ELEMENTS})\\b[^>]*>`, 'gi');
/** A tag starts with a letter, `/`, `!` or `?`; "a < b" and "x<3" are text. */
const TAG_RE = /<\/?[a-z][^<>]*>|<![^<>]*>|<\?[^<>]*>/gi;
const COMMENT_RE = /<!--[\s\S]*?-->/g;

/** True when the text looks like it contains HTML markup (a tag, comment or entity). */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][^<>]*>|<!--|&(?:[a-z][a-z0-9]{1,31}|#\d{1,7}|#x[0-9a-f]{1,6});/i.test(text);
}

/**
 * Removes what is never text (comments, script/style/iframe contents) and turns block tags into
 * blank lines, without decoding entities: readers call this before splitting paragraphs so a
 * <script> spanning blank lines does not leak into the body. Decoding happens once, in the
 * cleaner, so "&amp;lt;" is not decoded twice.
 */
export function removeHtmlBlocks(text: string): string {
  if (!text.includes('<')) return text;
  return text
    .replace(COMMENT_RE, '')
    .replace(DROPPED_RE, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(BLOCK_RE, '\n\n');
}

/** HTML (or text with stray tags and entities) to plain text; paragraphs stay split by blank lines. */
export function htmlToText(text: string): string {
  let out = removeHtmlBlocks(text);
  if (out.includes('<')) out = out.replace(TAG_RE, '');
  return out.includes('&') ? decodeHTMLStrict(out) : out;
}
