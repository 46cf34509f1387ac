/** Small text helpers shared by the summary and the composers. */

/** Ellipsis appended when text had to be shortened. */
export const ELLIPSIS = '…';

/** Scripts written without spaces between words. */
const NO_SPACES =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** True when most letters of `text` are of scripts written without spaces (so a space cut is no option). */
export function writtenWithoutSpaces(text: string): boolean {
  const letters = text.match(/[\p{L}\p{N}]/gu) ?? [];
  const cjk = letters.filter((c) => NO_SPACES.test(c)).length;
  return letters.length > 0 && cjk * 2 >= letters.length;
}

const WORDS = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * End (UTF-16 index) of the last whole word that ends at or before `limit`, by Unicode word
 * segmentation: scripts written without spaces (Chinese, Japanese, Thai) have word boundaries too.
 */
function lastWordEnd(text: string, limit: number): number {
  let end = 0;
  for (const s of WORDS.segment(text)) {
    const stop = s.index + s.segment.length;
    if (stop > limit) break;
    // Only between two characters of such scripts: "abc東" + "def" would still cut a spaced word.
    const before = text[stop - 1] ?? '';
    const after = text[stop] ?? '';
    if (
      s.isWordLike &&
      NO_SPACES.test(before) &&
      (after === '' || !/[\p{L}\p{N}]/u.test(after) || NO_SPACES.test(after))
    ) {
      end = stop;
    }
  }
  return end;
}

/**
 * Shortens `text` to at most `max` UTF-16 units at a word boundary, ending with "…".
 * Never cuts a word: if not even the first word fits, the result is "…" alone (or "" when `max` < 1).
 */
export function shortenAtWord(text: string, max: number): string {
  const clean = text.replace(/\s+/gu, ' ').trim();
  if (clean.length <= max) return clean;
  if (max < ELLIPSIS.length) return '';
  const room = max - ELLIPSIS.length;
  // A space at index i means the first i units are whole words; the ellipsis takes one more unit.
  let cut = clean.lastIndexOf(' ', room);
  // Without a usable space (CJK text, one very long run), fall back to a segmenter word boundary.
  if (cut < room / 2 && writtenWithoutSpaces(clean.slice(cut + 1, room))) {
    cut = Math.max(cut, lastWordEnd(clean, room));
  }
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
