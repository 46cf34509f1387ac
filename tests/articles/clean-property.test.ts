import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanLine, cleanParagraphs } from '../../src/articles/clean.js';

/** Text built from words, odd whitespace, invisible characters, HTML and entities. */
const piece = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom(' ', '\n', '\n\n', '\t', '\u00A0', '\u200B', '\uFEFF', '\u0007', '\r\n', '\u202E', 'e\u0301'),
  fc.constantFrom('<p>', '</p>', '<br>', '<b>', '&amp;', '&nbsp;', '<script>x()</script>', 'Advertisement\n'),
  fc.constantFrom('Police said', 'the vote', 'Ελλάδα', 'новости', '東京', '👩\u200D👩\u200D👧'),
);
const messy = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));

describe('cleaning invariants', () => {
  it('always yields trimmed, single-spaced, NFC paragraphs with no control or zero-width characters', () => {
    fc.assert(
      fc.property(fc.array(messy, { maxLength: 6 }), (raw) => {
        const out = cleanParagraphs(raw);
        const keys = new Set<string>();
        for (const p of out) {
          expect(p).not.toBe('');
          expect(p).toBe(p.trim());
          expect(p).not.toMatch(/\s{2}|[\n\t\r]/);
          expect(p).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u200B\uFEFF\u202A-\u202E]/);
          expect(p).toBe(p.normalize('NFC'));
          expect(p).not.toContain('x()');
          keys.add(p.toLowerCase());
        }
        expect(keys.size).toBe(out.length);
      }),
      { numRuns: 300 },
    );
  });

  it('cleanLine gives one trimmed line', () => {
    fc.assert(
      fc.property(messy, (s) => {
        const line = cleanLine(s);
        expect(line).toBe(line.trim());
        expect(line).not.toMatch(/\n|\s{2}/);
      }),
      { numRuns: 300 },
    );
  });
});
