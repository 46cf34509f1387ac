import { ELLIPSIS } from './text.js';

/** One attempt at a post: its counted length and whether the summary had to be shortened. */
export interface FitAttempt<T> {
  length: number;
  /** True when space (not the configured budget) forced "…" into the summary. */
  cut: boolean;
  value: T;
}

/**
 * Finds the post with the most hashtags and the longest summary that fits `limit`. The summary
 * budget shrinks by the overshoot until the post fits; hashtags are dropped (from the end) before
 * a summary sentence has to be shortened. Returns null when nothing fits even without hashtags.
 */
export function fitPost<T>(
  limit: number,
  start: number,
  maxTags: number,
  build: (budget: number, tags: number) => FitAttempt<T>,
): FitAttempt<T> | null {
  for (let tags = maxTags; tags >= 0; tags--) {
    let budget = start;
    for (let round = 0; round < 400 && budget >= 0; round++) {
      const attempt = build(budget, tags);
      if (attempt.length <= limit) {
        if (!attempt.cut || tags === 0) return attempt;
        break;
      }
      budget -= Math.max(1, Math.ceil((attempt.length - limit) / 2));
    }
  }
  return null;
}

/** True when `summary` is a shortened form of `full` (so the shortening came from space, not the budget). */
export function shortenedBySpace(summary: string, full: string): boolean {
  return summary !== full && summary.endsWith(ELLIPSIS) && !full.endsWith(ELLIPSIS);
}
