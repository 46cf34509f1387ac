import { describe, expect, it } from 'vitest';
import {
  articleSentences,
  leadBaseline,
  scoreSentences,
  summarize,
  summaryParagraphs,
} from '../../src/compose/summary.js';
import { shortenAtWord } from '../../src/compose/text.js';
import { SEED_ARTICLE, makeArticle, readArticle } from './article-helpers.js';

const seed = readArticle(SEED_ARTICLE);

describe('summarize', () => {
  it('fills the budget with whole sentences of the article, in article order', () => {
    const sentences = articleSentences(seed);
    for (const budget of [300, 400, 800]) {
      const out = summarize(seed, budget);
      expect(out.length).toBeLessThanOrEqual(budget);
      expect(out.endsWith('…')).toBe(false);
      let from = -1;
      let rest = out;
      while (rest) {
        const i = sentences.findIndex((s, idx) => idx > from && rest.startsWith(s));
        expect(i, `"${rest.slice(0, 50)}" is a whole sentence after #${from}`).toBeGreaterThan(from);
        from = i;
        rest = rest.slice(sentences[i]!.length).trimStart();
      }
    }
  });

  it('shortens a far better sentence rather than fall back to a weak whole one', () => {
    // The seed's lead is 228 characters; the sentences that fit in 200 score well below it.
    const lead = articleSentences(seed)[0]!;
    expect(lead.length).toBeGreaterThan(200);
    const out = summarize(seed, 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.endsWith('…')).toBe(true);
    expect(lead.startsWith(out.slice(0, -1))).toBe(true);
    const whole = summarize(seed, 200, { shortenBestBelow: 0 });
    expect(articleSentences(seed)).toContain(whole);
  });

  it('prefers the lead and self-contained sentences', () => {
    const a = makeArticle({
      title: 'Council approves new bridge over the river',
      paragraphs: [
        'The city council approved a new bridge over the river on Tuesday after a long debate.',
        'It will cost 40 million pounds and open in 2027.',
        'However, residents say the new bridge over the river is too expensive for the council.',
        'What happens next?',
      ],
    });
    const scores = scoreSentences(a);
    expect(scores[0]!.score).toBeGreaterThan(scores[1]!.score);
    expect(scores[0]!.score).toBeGreaterThan(scores[2]!.score);
    expect(scores[3]!.score).toBeLessThan(scores[1]!.score);
    expect(summarize(a, 100)).toBe(
      'The city council approved a new bridge over the river on Tuesday after a long debate.',
    );
  });

  it('penalises pronoun and connective openers', () => {
    const base = [
      'Storms closed ports across Norway and Sweden on Friday.',
      'Ferries to Norway stayed in port.',
    ];
    const a = makeArticle({ title: 'Storms', paragraphs: [...base] });
    const b = makeArticle({ title: 'Storms', paragraphs: [base[0]!, 'They stayed in port in Norway.'] });
    expect(scoreSentences(b)[1]!.score).toBeLessThan(scoreSentences(a)[1]!.score);
  });

  it('shortens at a word boundary with an ellipsis when no sentence fits', () => {
    const a = makeArticle({
      paragraphs: ['Alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo.'],
    });
    const out = summarize(a, 31);
    expect(out).toBe('Alpha bravo charlie delta echo…');
    expect(out.length).toBe(31);
    expect(summarize(a, 30)).toBe('Alpha bravo charlie delta…');
  });

  it('never returns empty for a non-empty article', () => {
    expect(summarize(makeArticle({ title: 'Only a title here', paragraphs: [] }), 100)).toBe(
      'Only a title here',
    );
    expect(summarize(makeArticle({ paragraphs: ['Word'] }), 100)).toBe('Word');
    expect(summarize(makeArticle({ paragraphs: ['Supercalifragilistic'] }), 5)).toBe('…');
  });
});

describe('summarize budget fill', () => {
  const kemble = makeArticle({
    paragraphs: [
      'Floods closed the main bridge in Kemble on Friday morning.',
      'Engineers from the county council expect the main bridge in Kemble to stay closed for about three weeks while divers check the piers.',
      'Buses to Kemble will run a detour.',
      'The floods cut power to shops.',
    ],
  });
  const [lead, long, buses, power] = kemble.paragraphs as [string, string, string, string];

  it('fills the room after the best sentence with two good short sentences rather than one slightly better long one', () => {
    const scores = scoreSentences(kemble).map((s) => s.score);
    // The long sentence outranks each short one, so greedy-by-score would spend the room on it.
    expect(scores[1]!).toBeGreaterThan(scores[2]!);
    expect(scores[1]!).toBeGreaterThan(scores[3]!);
    expect(summarize(kemble, 200)).toBe([lead, buses, power].join(' '));
    // A very high exponent is greedy by score: the long sentence takes the room.
    expect(summarize(kemble, 200, { fillExponent: 500 })).toBe([lead, long].join(' '));
  });

  it('fills the budget at least as well as greedy by score, by its own measure', () => {
    const sentences = articleSentences(seed);
    const scores = scoreSentences(seed);
    const top = Math.max(...scores.map((s) => s.score));
    const worth = (out: string): number =>
      scores.filter((s) => out.includes(sentences[s.index]!)).reduce((n, s) => n + (s.score / top) ** 3, 0);
    let better = 0;
    for (let budget = 250; budget <= 1200; budget += 50) {
      const filled = summarize(seed, budget);
      const greedy = summarize(seed, budget, { fillExponent: 500 });
      expect(filled.length).toBeLessThanOrEqual(budget);
      expect(worth(filled)).toBeGreaterThanOrEqual(worth(greedy) - 1e-9);
      if (worth(filled) > worth(greedy) + 1e-9) better++;
    }
    expect(better).toBeGreaterThan(0);
  });

  it('rejects a fill exponent that is not a positive finite number', () => {
    for (const fillExponent of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => summarize(kemble, 200, { fillExponent })).toThrow(
        /fillExponent must be a positive finite number/,
      );
    }
  });
});

describe('summaryParagraphs', () => {
  it('groups the picked sentences by the paragraph they come from', () => {
    const a = makeArticle({
      title: 'Rivers flood the town of Kemble',
      paragraphs: [
        'Rivers flooded the town of Kemble on Friday. Rivers in Kemble rose two metres.',
        'Kemble residents left their homes as the rivers rose.',
      ],
    });
    const parts = summaryParagraphs(a, 500);
    expect(parts).toEqual([a.paragraphs[0], a.paragraphs[1]]);
    expect(summarize(a, 500)).toBe(parts.join(' '));
  });
});

describe('leadBaseline', () => {
  it('takes the first sentences while they fit', () => {
    const a = makeArticle({ paragraphs: ['One two three. Four five six.', 'Seven eight nine.'] });
    expect(leadBaseline(a, 14)).toBe('One two three.');
    expect(leadBaseline(a, 29)).toBe('One two three. Four five six.');
    expect(leadBaseline(a, 10)).toBe('One two…');
  });
});

describe('shortenAtWord', () => {
  it('never cuts a word and drops trailing punctuation before the ellipsis', () => {
    expect(shortenAtWord('Hello, world and more', 8)).toBe('Hello…');
    expect(shortenAtWord('Hello world', 11)).toBe('Hello world');
    expect(shortenAtWord('Hello world', 0)).toBe('');
  });
});
