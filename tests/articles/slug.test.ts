import { describe, expect, it } from 'vitest';
import { ArticleError } from '../../src/articles/article.js';
import { expandUrlTemplate, slugify } from '../../src/articles/slug.js';

describe('slugify', () => {
  it('lower-cases and joins words with dashes', () => {
    expect(slugify('Seven Iraqi police killed in suspected IS attack')).toBe(
      'seven-iraqi-police-killed-in-suspected-is-attack',
    );
    expect(slugify('  “Quotes”, commas & 2,500 soldiers!  ')).toBe('quotes-commas-2-500-soldiers');
  });

  it('folds accents and special letters to ASCII', () => {
    expect(slugify('Café São Paulo: Ærø und Straße, Łódź')).toBe('cafe-sao-paulo-aero-und-strasse-lodz');
    expect(slugify('ﬁnal ①')).toBe('final-1');
  });

  it('is empty for a title with no Latin letters or digits', () => {
    expect(slugify('Новости дня')).toBe('');
  });

  it('cuts at a word boundary within 80 characters', () => {
    const long = 'word '.repeat(40);
    const slug = slugify(long);
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.length).toBeGreaterThan(70);
    expect(slug).toMatch(/^(word-)*word$/);
    expect(slugify('x'.repeat(120))).toHaveLength(80);
    expect(slugify('short title', 5)).toBe('short');
  });
});

describe('expandUrlTemplate', () => {
  const values = { slug: 'storm-hits', id: 'abcdef0123456789', date: new Date('2024-03-07T23:30:00Z') };

  it('fills every placeholder (date in UTC)', () => {
    expect(expandUrlTemplate('https://n.example/{yyyy}/{mm}/{dd}/{slug}-{id}', values, 'f')).toBe(
      'https://n.example/2024/03/07/storm-hits-abcdef0123456789',
    );
  });

  it('uses the id when the slug is empty', () => {
    expect(expandUrlTemplate('https://n.example/{slug}', { ...values, slug: '' }, 'f')).toBe(
      'https://n.example/abcdef0123456789',
    );
  });

  it('rejects an unknown placeholder, naming it', () => {
    expect(() => expandUrlTemplate('https://n.example/{title}', values, 'f')).toThrow(ArticleError);
    expect(() => expandUrlTemplate('https://n.example/{title}', values, 'f')).toThrow(/unknown placeholder \{title\}/);
  });
});
