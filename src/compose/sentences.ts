/**
 * Sentence splitting for extractive summaries. ICU's sentence segmenter (via Intl.Segmenter) does
 * not know English abbreviations or initials, so its splits are repaired afterwards.
 */

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Always followed by a name or a number, so a break after them is never a sentence end. */
const ALWAYS_JOIN = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'cmdr',
  'adm',
  'gov',
  'sen',
  'rep',
  'rev',
  'hon',
  'pres',
  'jr',
  'sr',
  'mt',
  'ft',
  'vs',
  'e.g',
  'i.e',
  'approx',
  'nos',
  'vol',
  'fig',
]);

/** Can end a sentence too ("... in the U.S."), so they join only when the next word is not a sentence opener. */
const MAYBE_JOIN = new Set([
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'inc',
  'ltd',
  'co',
  'corp',
  'bros',
  'etc',
  'no',
  'ave',
  'rd',
]);

/** Capitalised words that usually open a new sentence rather than continue a name. */
const OPENERS = new Set(
  (
    'the a an he she it they we i you this that these those there his her their its our my ' +
    'in on at for but and or so yet if when while after before as since because although though ' +
    'however also meanwhile still then now what who why how where which mr mrs ms dr some many ' +
    'most one two three no not all both each more officials police'
  ).split(' '),
);

const CLOSERS = /^["'”’»)\]]+/u;

function lastToken(segment: string): string {
  const m = /(\S+)\.$/u.exec(segment.trimEnd());
  return m ? m[1]! : '';
}

function firstWord(segment: string): string {
  const m = /^[\s"'“‘(«]*([\p{L}\p{N}]+)/u.exec(segment);
  return m ? m[1]! : '';
}

function shouldJoin(prev: string, next: string): boolean {
  // Lowercase continuation: the break was not a sentence end ("e.g. this", 'said "No!" and went').
  if (/^\s*[\p{Ll}]/u.test(next)) return true;
  const token = lastToken(prev);
  if (!token) return false;
  const bare = token.replace(/^[("'“‘]+/u, '');
  const lower = bare.toLowerCase();
  const nextWord = firstWord(next);
  if (ALWAYS_JOIN.has(lower)) return true;
  // Initials: "J. K. Rowling", "George W. Bush".
  if (/^\p{Lu}$/u.test(bare)) return true;
  const maybe = MAYBE_JOIN.has(lower) || /^(\p{L}\.)+\p{L}$/u.test(bare); // U.S, U.K, a.m
  if (maybe) return nextWord !== '' && !OPENERS.has(nextWord.toLowerCase());
  return false;
}

/** Splits one paragraph of plain text into sentences (trimmed, non-empty). */
export function splitSentences(text: string): string[] {
  const raw = [...segmenter.segment(text)].map((s) => s.segment);
  const out: string[] = [];
  for (const piece of raw) {
    if (out.length === 0) {
      out.push(piece);
      continue;
    }
    const prev = out[out.length - 1]!;
    // A closing quote or bracket split off after the period belongs to the sentence before it.
    const closer = CLOSERS.exec(piece);
    // Only when nothing separates them: after a space the quote opens the next sentence instead.
    if (closer && /[.!?…]$/u.test(prev)) {
      out[out.length - 1] = prev.trimEnd() + closer[0];
      const rest = piece.slice(closer[0].length);
      if (rest.trim()) out.push(rest);
      continue;
    }
    if (shouldJoin(prev, piece)) out[out.length - 1] = prev + piece;
    else out.push(piece);
  }
  return out.map((s) => s.replace(/\s+/gu, ' ').trim()).filter((s) => s.length > 0);
}
