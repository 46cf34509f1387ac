import { describe, expect, it } from 'vitest';
import { hashtagsFor, tagToHashtag } from '../../src/compose/hashtags.js';
import { SEED_ARTICLE, makeArticle, readArticle } from './article-helpers.js';

describe('tagToHashtag', () => {
  it('joins words in CamelCase and removes punctuation', () => {
    expect(tagToHashtag('climate change')).toBe('#ClimateChange');
    expect(tagToHashtag("Rock 'n' roll!")).toBe('#RockNRoll');
    expect(tagToHashtag('COVID-19')).toBe('#COVID19');
    expect(tagToHashtag('snake_case')).toBe('#Snake_case');
  });

  it('keeps non-Latin scripts, including combining marks', () => {
    expect(tagToHashtag('Москва новости')).toBe('#МоскваНовости');
    expect(tagToHashtag('東京')).toBe('#東京');
    expect(tagToHashtag('ಕನ್ನಡ')).toBe('#ಕನ್ನಡ');
  });

  it('drops tags that cannot be hashtags', () => {
    expect(tagToHashtag('2024')).toBeNull();
    expect(tagToHashtag('!!!')).toBeNull();
  });
});

describe('hashtagsFor', () => {
  it('uses the article tags first, deduplicated, at most N', () => {
    const a = makeArticle({ paragraphs: ['Body.'], tags: ['World news', 'world-news', 'Iraq', 'Security'] });
    expect(hashtagsFor(a, 2)).toEqual(['#WorldNews', '#Iraq']);
    expect(hashtagsFor(a, 0)).toEqual([]);
  });

  it('finds recurring names in the seed article', () => {
    const tags = hashtagsFor(readArticle(SEED_ARTICLE), 3);
    expect(tags[0]).toBe('#Iraq');
    expect(tags).toHaveLength(3);
    expect(tags).toContain('#Baghdad');
    for (const t of tags) expect(['#Iraq', '#Baghdad', '#Syria', '#Kirkuk']).toContain(t);
  });

  it('skips sentence-initial words, months, days and common words', () => {
    const a = makeArticle({
      title: 'Floods hit the valley',
      paragraphs: [
        'Floods hit Wales on Monday. Floods are rising. Officials in Wales said the river rose in March.',
        'More rain is due in Wales on Monday and in March. The Floods were worse in March, Monday said.',
      ],
    });
    expect(hashtagsFor(a, 5)).toEqual(['#Wales']);
  });

  it('needs a name to recur', () => {
    expect(hashtagsFor(makeArticle({ title: 'x', paragraphs: ['We met Alice today.'] }), 3)).toEqual([]);
  });
});
