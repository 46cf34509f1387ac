import { describe, expect, it } from 'vitest';
import { rouge, rougeL, rougeN, rougeTokens } from '../../scripts/rouge.js';

describe('rouge (checked against rouge-score)', () => {
  // rouge-score README: scorer.score('The quick brown fox jumps over the lazy dog',
  //                                  'The quick brown dog jumps on the log.')
  const target = 'The quick brown fox jumps over the lazy dog';
  const prediction = 'The quick brown dog jumps on the log.';

  it('matches the README example for rouge1 and rougeL', () => {
    const s = rouge(target, prediction);
    expect(s.rouge1.precision).toBeCloseTo(0.75, 4);
    expect(s.rouge1.recall).toBeCloseTo(0.6667, 4);
    expect(s.rouge1.f).toBeCloseTo(0.7059, 4);
    expect(s.rougeL.precision).toBeCloseTo(0.625, 4);
    expect(s.rougeL.recall).toBeCloseTo(0.5556, 4);
    expect(s.rougeL.f).toBeCloseTo(0.5882, 4);
  });

  it('computes rouge2 from clipped bigram counts', () => {
    // Shared bigrams: "the quick", "quick brown" -> P 2/7, R 2/8.
    const s = rougeN(target, prediction, 2);
    expect(s.precision).toBeCloseTo(2 / 7, 6);
    expect(s.recall).toBeCloseTo(2 / 8, 6);
    // Repeats are clipped to the reference count.
    expect(rougeN('the cat', 'the the the cat', 1).precision).toBeCloseTo(2 / 4, 6);
  });

  it('tokenises like rouge-score and handles empty text', () => {
    expect(rougeTokens("U.S. GDP rose 2.5%, it's said")).toEqual([
      'u',
      's',
      'gdp',
      'rose',
      '2',
      '5',
      'it',
      's',
      'said',
    ]);
    expect(rougeL('', 'anything').f).toBe(0);
    expect(rougeN('a b', 'a b', 1).f).toBe(1);
  });
});
