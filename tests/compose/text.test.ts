import { describe, expect, it } from 'vitest';
import { shortenAtWord } from '../../src/compose/text.js';

describe('shortenAtWord', () => {
  it('cuts spaced text at a space and ends with an ellipsis', () => {
    expect(shortenAtWord('The quick brown fox jumps over the lazy dog', 20)).toBe('The quick brown fox…');
  });

  it('cuts text written without spaces at a word boundary instead of dropping it all', () => {
    const text = '中华人民共和国国务院今天宣布了一项新的经济政策以促进消费和就业增长';
    const out = shortenAtWord(text, 20);
    expect(out.endsWith('…')).toBe(true);
    expect(out.length).toBeLessThanOrEqual(20);
    expect(out.length).toBeGreaterThan(8);
    const head = out.slice(0, -1);
    expect(text.startsWith(head)).toBe(true);
    // The cut falls on a boundary the word segmenter reports, never inside a word.
    const bounds = new Set(
      [...new Intl.Segmenter(undefined, { granularity: 'word' }).segment(text)].map((s) => s.index),
    );
    expect(bounds.has(head.length)).toBe(true);
  });

  it('returns the ellipsis alone when not even the first spaced word fits', () => {
    expect(shortenAtWord('Supercalifragilisticexpialidocious is long', 20)).toBe('…');
  });
});
