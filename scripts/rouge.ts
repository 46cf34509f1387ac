/**
 * ROUGE-1/2/L F1 as computed by Google's rouge-score package (rouge_scorer, no stemming):
 * lowercase, non-alphanumerics become spaces, clipped n-gram counts, LCS for ROUGE-L.
 * Used by the summary eval only; nothing shipped depends on it.
 */

/** Precision, recall and F1 for one metric. */
export interface RougeScore {
  precision: number;
  recall: number;
  f: number;
}

/** rouge-score's default tokenizer: lowercase, [^a-z0-9]+ as separators. */
export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((t) => t.length > 0);
}

function fscore(overlap: number, predicted: number, reference: number): RougeScore {
  const precision = predicted ? overlap / predicted : 0;
  const recall = reference ? overlap / reference : 0;
  const f = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f };
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** ROUGE-N of a prediction against a reference. */
export function rougeN(reference: string, prediction: string, n: number): RougeScore {
  const ref = ngrams(rougeTokens(reference), n);
  const pred = ngrams(rougeTokens(prediction), n);
  let overlap = 0;
  for (const [gram, count] of pred) overlap += Math.min(count, ref.get(gram) ?? 0);
  const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  return fscore(overlap, total(pred), total(ref));
}

function lcsLength(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      row[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** ROUGE-L (sentence-level LCS over the whole text, like rouge-score's "rougeL"). */
export function rougeL(reference: string, prediction: string): RougeScore {
  const ref = rougeTokens(reference);
  const pred = rougeTokens(prediction);
  return fscore(lcsLength(ref, pred), pred.length, ref.length);
}

/** ROUGE-1, ROUGE-2 and ROUGE-L together. */
export function rouge(
  reference: string,
  prediction: string,
): { rouge1: RougeScore; rouge2: RougeScore; rougeL: RougeScore } {
  return {
    rouge1: rougeN(reference, prediction, 1),
    rouge2: rougeN(reference, prediction, 2),
    rougeL: rougeL(reference, prediction),
  };
}
