import { describe, expect, it } from 'vitest';
import { canonicalUrl, isHttpUrl } from '../../src/articles/canonical-url.js';

describe('canonicalUrl', () => {
  const cases: Array<[string, string]> = [
    ['HTTPS://News.Example.COM/Story', 'https://news.example.com/Story'],
    ['https://news.example.com:443/a', 'https://news.example.com/a'],
    ['http://news.example.com:80/a', 'https://news.example.com/a'],
    ['http://news.example.com/a', 'https://news.example.com/a'],
    ['http://news.example.com:8080/a', 'http://news.example.com:8080/a'],
    ['https://www.news.example.com/a', 'https://news.example.com/a'],
    ['http://WWW.Example.org/a/', 'https://example.org/a'],
    ['https://www.co/a', 'https://www.co/a'],
    ['https://news.example.com/a?utm_source=x&utm_medium=y&UTM_Campaign=z', 'https://news.example.com/a'],
    ['https://news.example.com/a?fbclid=abc&id=7&gclid=def', 'https://news.example.com/a?id=7'],
    ['https://news.example.com/a#comments', 'https://news.example.com/a'],
    ['https://news.example.com/a/b/', 'https://news.example.com/a/b'],
    ['https://news.example.com/', 'https://news.example.com/'],
    ['https://news.example.com', 'https://news.example.com/'],
    ['https://news.example.com/a/?z=1&a=2&m=3', 'https://news.example.com/a?a=2&m=3&z=1'],
    ['  https://news.example.com/a  ', 'https://news.example.com/a'],
    ['https://bücher.example/neu', 'https://xn--bcher-kva.example/neu'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} -> ${expected}`, () => {
      expect(canonicalUrl(input)).toBe(expected);
    });
  }

  it('is idempotent', () => {
    for (const [input] of cases) expect(canonicalUrl(canonicalUrl(input))).toBe(canonicalUrl(input));
  });

  it('keeps path case and distinct pages distinct', () => {
    expect(canonicalUrl('https://a.example/Story')).not.toBe(canonicalUrl('https://a.example/story'));
    expect(canonicalUrl('https://a.example/s?id=1')).not.toBe(canonicalUrl('https://a.example/s?id=2'));
  });

  it('throws for a relative URL', () => {
    expect(() => canonicalUrl('/just/a/path')).toThrow(TypeError);
  });
});

describe('isHttpUrl', () => {
  it('accepts only absolute http(s)', () => {
    expect(isHttpUrl('https://a.example/x')).toBe(true);
    expect(isHttpUrl('http://a.example')).toBe(true);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl('ftp://a.example/f')).toBe(false);
    expect(isHttpUrl('data:text/html,hi')).toBe(false);
    expect(isHttpUrl('a.example/x')).toBe(false);
  });
});
