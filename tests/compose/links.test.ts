import { describe, expect, it } from 'vitest';
import { utmLink } from '../../src/compose/links.js';

const utm = { source: 'twitter', campaign: 'crier' };

describe('utmLink', () => {
  it('adds the three utm parameters', () => {
    expect(utmLink('https://news.example.com/a', { ...utm, medium: 'social' })).toBe(
      'https://news.example.com/a?utm_source=twitter&utm_medium=social&utm_campaign=crier',
    );
  });

  it('defaults utm_medium to social', () => {
    expect(new URL(utmLink('https://x.test/a', utm)).searchParams.get('utm_medium')).toBe('social');
  });

  it('keeps existing parameters byte for byte and the fragment', () => {
    const out = utmLink('https://x.test/a?q=a+b&path=%2Fc%20d&flag#sec-2', utm);
    expect(out).toBe(
      'https://x.test/a?q=a+b&path=%2Fc%20d&flag&utm_source=twitter&utm_medium=social&utm_campaign=crier#sec-2',
    );
  });

  it('replaces existing utm values instead of duplicating them', () => {
    const out = utmLink(
      'https://x.test/a?utm_source=rss&id=7&UTM_CAMPAIGN=old&utm_medium=email&utm_medium=x',
      {
        source: 'telegram',
        campaign: 'spring sale',
      },
    );
    const params = new URL(out).searchParams;
    expect(params.getAll('utm_source')).toEqual(['telegram']);
    expect(params.getAll('utm_medium')).toEqual(['social']);
    expect(params.getAll('utm_campaign')).toEqual(['spring sale']);
    expect(out).not.toMatch(/UTM_CAMPAIGN/);
    expect(params.get('id')).toBe('7');
  });

  it('rejects a relative or non-http link with a clear message', () => {
    expect(() => utmLink('/relative', utm)).toThrow(/not an absolute URL/);
    expect(() => utmLink('ftp://x.test/a', utm)).toThrow(/not http\(s\)/);
  });
});
