import type { Article } from '../articles/article.js';
import { splitSentences } from './sentences.js';
import { isStopword } from './text.js';

/** Characters X and Telegram accept inside a hashtag: letters (any script), marks, digits, underscore. */
const TAG_PART = /[\p{L}\p{M}\p{N}_]+/gu;

const CALENDAR = new Set(
  (
    'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday ' +
    'saturday sunday today yesterday tomorrow'
  ).split(' '),
);

/** Joins a free-form tag into one CamelCase hashtag body ("climate change" -> "ClimateChange"). */
export function tagToHashtag(tag: string): string | null {
  const parts = tag.normalize('NFC').match(TAG_PART) ?? [];
  const body = parts.map((p) => p.charAt(0).toLocaleUpperCase('en') + p.slice(1)).join('');
  // A hashtag of digits only is not a hashtag on X.
  if (!body || !/[\p{L}\p{M}]/u.test(body)) return null;
  return '#' + body;
}

function dedupe(tags: string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((t) => {
    const key = t.toLocaleLowerCase('en');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Capitalised words not at a sentence start, with counts. Possessives and hyphen parts split off. */
function properNames(article: Article): Map<string, number> {
  const counts = new Map<string, number>();
  const lower = new Set<string>();
  const sentences = [article.title, ...article.paragraphs.flatMap((p) => splitSentences(p))];
  sentences.forEach((sentence, si) => {
    const tokens = sentence.match(/[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
    tokens.forEach((raw, i) => {
      const token = raw.replace(/['’]s$/u, '');
      if (/^\p{Ll}/u.test(token)) lower.add(token);
      // The title is capitalised throughout and a sentence's first word always is: neither says "name".
      if (i === 0 || !/^\p{Lu}\p{Ll}/u.test(token)) return;
      const key = token.toLowerCase();
      if (isStopword(key) || CALENDAR.has(key) || token.length < 3) return;
      counts.set(token, (counts.get(token) ?? 0) + (si === 0 ? 2 : 1));
    });
  });
  for (const word of [...counts.keys()]) if (lower.has(word.toLowerCase())) counts.delete(word);
  // A demonym counts for its place ("Iraqi" -> "Iraq") when the place is named too.
  for (const [word, n] of [...counts]) {
    const place = [...counts.keys()].find(
      (p) => p !== word && word.startsWith(p) && word.length - p.length <= 3,
    );
    if (place) {
      counts.set(place, counts.get(place)! + n);
      counts.delete(word);
    }
  }
  return counts;
}

/**
 * Up to `max` hashtags: the article's own tags when it has any, else names that recur in it
 * (at least twice, most frequent first, ties in reading order).
 */
export function hashtagsFor(article: Article, max: number): string[] {
  if (max <= 0) return [];
  if (article.tags.length > 0) {
    const fromTags = dedupe(article.tags.map(tagToHashtag).filter((t): t is string => t !== null));
    if (fromTags.length > 0) return fromTags.slice(0, max);
  }
  const ranked = [...properNames(article)].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1]);
  return dedupe(ranked.map(([w]) => tagToHashtag(w)).filter((t): t is string => t !== null)).slice(0, max);
}
