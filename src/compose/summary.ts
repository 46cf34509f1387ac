import type { Article } from '../articles/article.js';
import { splitSentences } from './sentences.js';
import { isStopword, shortenAtWord, words } from './text.js';

/** Tuning knobs for {@link summarize}; the defaults were tuned on news-dev (CNN + BBC). */
export interface SummaryOptions {
  /** How fast the position prior decays with sentence index. Default 0.15. */
  positionDecay?: number;
  /** Weight of overlap with the title. Default 1. */
  titleWeight?: number;
  /** Weight of term centrality (words shared with other sentences). Default 1. */
  centralityWeight?: number;
  /** Score multiplier for sentences opening with a pronoun or connective. Default 0.8. */
  danglingPenalty?: number;
  /**
   * Sentences scoring below this share of the best score are left out even when they would fit:
   * padding a post with weak sentences reads badly and dilutes it. Default 0.5.
   */
  minRelativeScore?: number;
  /**
   * When the best sentence does not fit and every sentence that does scores below this share of
   * it, the best sentence is shortened ("…") instead: a weak whole sentence tells less. Default 0.8.
   */
  shortenBestBelow?: number;
  /**
   * The best sentence that fits is always taken; the rest of the budget goes to the set of other
   * sentences whose scores raised to this power add up to the most. A very high power is plain
   * greedy by score, which can spend the room on one sentence where two nearly as good would fit;
   * at 3, two equal sentences displace one only when each scores above 2^(-1/3) ≈ 0.79 of it (compare
   * `shortenBestBelow`). At 1 many short weak sentences win. Positive and finite. Default 3.
   */
  fillExponent?: number;
}

const DEFAULTS: Required<SummaryOptions> = {
  positionDecay: 0.15,
  titleWeight: 1,
  centralityWeight: 1,
  danglingPenalty: 0.8,
  minRelativeScore: 0.5,
  shortenBestBelow: 0.8,
  fillExponent: 3,
};

/** Openers that make a sentence depend on the one before it. */
const DANGLING = new Set(
  (
    'he she they it this that these those his her their its but however also and or so yet then ' +
    'still meanwhile moreover furthermore instead besides nevertheless thus therefore hence ' +
    'later there here such both'
  ).split(' '),
);

/** One sentence with where it sits in the article. */
export interface ScoredSentence {
  text: string;
  /** Index over the whole article, in reading order. */
  index: number;
  /** Index of the paragraph it comes from. */
  paragraph: number;
  score: number;
}

/** All body sentences in article order. */
export function articleSentences(article: Article): string[] {
  return article.paragraphs.flatMap((p) => splitSentences(p));
}

function contentWords(text: string): string[] {
  return words(text).filter((w) => !isStopword(w) && (w.length > 1 || /\d/u.test(w)));
}

/**
 * Scores of an article per options, remembered while the article object lives: every composer and
 * each budget a composer tries (X shrinks its budget until the tweet fits) scores the same article.
 */
const scoreCache = new WeakMap<Article, Map<string, readonly ScoredSentence[]>>();

/** Scores every sentence; higher is a better summary sentence. */
export function scoreSentences(article: Article, opts: SummaryOptions = {}): ScoredSentence[] {
  const key = JSON.stringify(opts);
  let byOpts = scoreCache.get(article);
  const hit = byOpts?.get(key);
  // The cache is only sound while the article is not changed in place; a copy keeps callers honest.
  if (hit && byOpts !== undefined) return hit.map((s) => ({ ...s }));
  const scored = computeScores(article, opts);
  if (!byOpts) scoreCache.set(article, (byOpts = new Map()));
  byOpts.set(key, scored);
  return scored.map((s) => ({ ...s }));
}

function computeScores(article: Article, opts: SummaryOptions): ScoredSentence[] {
  const o = { ...DEFAULTS, ...opts };
  const located = article.paragraphs.flatMap((p, paragraph) =>
    splitSentences(p).map((text) => ({ text, paragraph })),
  );
  const sentences = located.map((s) => s.text);
  const bags = sentences.map((s) => new Set(contentWords(s)));
  const df = new Map<string, number>();
  for (const bag of bags) for (const w of bag) df.set(w, (df.get(w) ?? 0) + 1);
  const title = new Set(contentWords(article.title));
  const n = sentences.length;

  return sentences.map((text, index) => {
    const bag = bags[index]!;
    const size = Math.max(bag.size, 1);
    let shared = 0;
    let inTitle = 0;
    for (const w of bag) {
      shared += Math.min((df.get(w) ?? 1) - 1, 3) / 3;
      if (title.has(w)) inTitle++;
    }
    const centrality = n > 1 ? shared / size : 0;
    const titleOverlap = title.size ? inTitle / Math.min(title.size, size) : 0;
    let score =
      1 / (1 + o.positionDecay * index) + o.titleWeight * titleOverlap + o.centralityWeight * centrality;

    const tokens = words(text).length;
    const first = words(text)[0] ?? '';
    if (DANGLING.has(first)) score *= o.danglingPenalty;
    if (tokens < 6) score *= 0.4;
    else if (tokens > 50) score *= 0.7;
    if (/\?["'”’]?$/u.test(text)) score *= 0.4;
    // A sentence that is nothing but a quotation rarely stands on its own.
    if (/^["“‘']/u.test(text) && /["”’']$/u.test(text)) score *= 0.6;
    return { text, index, paragraph: located[index]!.paragraph, score };
  });
}

function fallback(article: Article): string {
  return article.title.trim();
}

/**
 * The sentences (each costing its length plus the joining space) that fit in `room` with the largest
 * sum of score^exponent: a 0/1 knapsack over characters, so a sentence that fits is not stranded by
 * a slightly better one that uses the room up. Candidates come best first; ties keep the better one.
 */
function fillBudget(
  candidates: readonly ScoredSentence[],
  room: number,
  exponent: number,
  top: number,
): ScoredSentence[] {
  const items = candidates.filter((s) => s.text.length + 1 <= room);
  const total = items.reduce((sum, s) => sum + s.text.length + 1, 0);
  if (total <= room) return items;
  // Whole characters only: a fractional budget would make a fractional table size.
  room = Math.floor(room);
  const width = room + 1;
  const value = new Float64Array(width);
  // took[i * width + c]: item i is in the best fill of capacity c over items 0..i.
  const took = new Uint8Array(items.length * width);
  items.forEach((s, i) => {
    const cost = s.text.length + 1;
    // Relative to the best score, so a high power cannot overflow to Infinity.
    const gain = (s.score / top) ** exponent;
    for (let c = room; c >= cost; c--) {
      const withIt = value[c - cost]! + gain;
      if (withIt > value[c]!) {
        value[c] = withIt;
        took[i * width + c] = 1;
      }
    }
  });
  const out: ScoredSentence[] = [];
  let c = room;
  for (let i = items.length - 1; i >= 0; i--) {
    if (took[i * width + c]) {
      out.push(items[i]!);
      c -= items[i]!.text.length + 1;
    }
  }
  return out;
}

/**
 * Extractive summary of at most `maxChars` UTF-16 units (counting one space between sentences),
 * as paragraphs: the best sentence that fits, then the rest of the budget filled with high-scoring
 * sentences (see {@link SummaryOptions.fillExponent}), in article order, grouped by the paragraph
 * they come from. When no sentence fits (or only much weaker ones do), the best one is shortened at
 * a word boundary and ends with "…". Never empty for an article with any text (falls back to the title).
 */
export function summaryParagraphs(article: Article, maxChars: number, opts: SummaryOptions = {}): string[] {
  const floor = opts.minRelativeScore ?? DEFAULTS.minRelativeScore;
  const shortenBest = opts.shortenBestBelow ?? DEFAULTS.shortenBestBelow;
  const exponent = opts.fillExponent ?? DEFAULTS.fillExponent;
  if (!(exponent > 0 && Number.isFinite(exponent))) {
    throw new RangeError(
      `summary fillExponent must be a positive finite number (got ${exponent}); leave it unset for the default 3`,
    );
  }
  const scored = scoreSentences(article, opts);
  if (scored.length === 0) return [shortenAtWord(fallback(article), maxChars)].filter(Boolean);
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const best = ranked[0]!;
  const first = ranked.find((s) => s.text.length <= maxChars);
  if (first === undefined || (first !== best && first.score < shortenBest * best.score)) {
    return [shortenAtWord(best.text, maxChars)].filter(Boolean);
  }
  const rest = ranked.filter((s) => s !== first && s.score >= floor * best.score);
  const picked = [first, ...fillBudget(rest, maxChars - first.text.length, exponent, best.score)];
  const paragraphs: string[][] = [];
  let last = -1;
  for (const s of picked.sort((a, b) => a.index - b.index)) {
    if (s.paragraph !== last) paragraphs.push([]);
    paragraphs[paragraphs.length - 1]!.push(s.text);
    last = s.paragraph;
  }
  return paragraphs.map((p) => p.join(' '));
}

/** {@link summaryParagraphs} as one line of text: the summary `crier summarize` prints. */
export function summarize(article: Article, maxChars: number, opts: SummaryOptions = {}): string {
  return summaryParagraphs(article, maxChars, opts).join(' ');
}

/** The Lead baseline: the article's first sentences while they fit (shortened like summarize when none does). */
export function leadBaseline(article: Article, maxChars: number): string {
  const sentences = articleSentences(article);
  if (sentences.length === 0) return shortenAtWord(fallback(article), maxChars);
  const out: string[] = [];
  let used = 0;
  for (const s of sentences) {
    const cost = s.length + (out.length ? 1 : 0);
    if (used + cost > maxChars) break;
    out.push(s);
    used += cost;
  }
  return out.length ? out.join(' ') : shortenAtWord(sentences[0]!, maxChars);
}
