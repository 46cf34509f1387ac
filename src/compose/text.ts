/** Small text helpers shared by the summary and the composers. */

/** Ellipsis appended when text had to be shortened. */
export const ELLIPSIS = '…';

/**
 * Shortens `text` to at most `max` UTF-16 units at a word boundary, ending with "…".
 * Never cuts a word: if not even the first word fits, the result is "…" alone (or "" when `max` < 1).
 */
export function shortenAtWord(text: string, max: number): string {
  const clean = text.replace(/\s+/gu, ' ').trim();
  if (clean.length <= max) return clean;
  if (max < ELLIPSIS.length) return '';
  // A space at index i means the first i units are whole words; the ellipsis takes one more unit.
  const cut = clean.lastIndexOf(' ', max - ELLIPSIS.length);
  if (cut <= 0) return ELLIPSIS;
  const head = clean
    .slice(0, cut)
    .replace(/[\s,;:\-–—(["'“‘«]+$/u, '')
    .trimEnd();
  return head ? head + ELLIPSIS : ELLIPSIS;
}

/** Lowercase letter/number tokens, for overlap scoring. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

const STOP = new Set(
  (
    'a an the and or but if of at by for with about against between into through during before after ' +
    'above below to from up down in out on off over under again further then once here there when where ' +
    'why how all any both each few more most other some such no nor not only own same so than too very ' +
    's t can will just don should now i me my we our you your he him his she her it its they them their ' +
    'what which who whom this that these those am is are was were be been being have has had having do ' +
    'does did doing would could also said says say told one two new mr mrs ms as us'
  ).split(' '),
);

/** True for words that carry no topic (function words and reporting verbs). */
export function isStopword(word: string): boolean {
  return STOP.has(word.toLowerCase());
}
