import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/compose/sentences.js';

describe('splitSentences', () => {
  it('keeps abbreviations inside their sentence', () => {
    expect(splitSentences('The U.S. Army said Mr. Smith left. Dr. Jones stayed.')).toEqual([
      'The U.S. Army said Mr. Smith left.',
      'Dr. Jones stayed.',
    ]);
    expect(splitSentences('Gen. Lee met Mrs. Grant on St. Patrick’s Day. It rained.')).toHaveLength(2);
    expect(splitSentences('On Jan. 5 the firm, Acme Inc., said so. No. 10 agreed.')).toEqual([
      'On Jan. 5 the firm, Acme Inc., said so.',
      'No. 10 agreed.',
    ]);
    expect(splitSentences('Bring fruit, e.g. apples, i.e. food. Then go.')).toEqual([
      'Bring fruit, e.g. apples, i.e. food.',
      'Then go.',
    ]);
  });

  it('still ends a sentence at an abbreviation followed by a sentence opener', () => {
    expect(splitSentences('He moved to the U.S. The next day he left.')).toEqual([
      'He moved to the U.S.',
      'The next day he left.',
    ]);
    expect(splitSentences('Ministers met the U.K. Foreign Office.')).toHaveLength(1);
  });

  it('keeps initials and decimals', () => {
    expect(splitSentences('J. K. Rowling wrote it. It cost 3.5 dollars. George W. Bush spoke.')).toEqual([
      'J. K. Rowling wrote it.',
      'It cost 3.5 dollars.',
      'George W. Bush spoke.',
    ]);
  });

  it('keeps a closing quote with its sentence', () => {
    expect(splitSentences('He said “Go home.” Then he left. She said "No way!" and went.')).toEqual([
      'He said “Go home.”',
      'Then he left.',
      'She said "No way!" and went.',
    ]);
    expect(splitSentences('“We will win.” The crowd cheered.')).toEqual([
      '“We will win.”',
      'The crowd cheered.',
    ]);
  });

  it('splits questions and exclamations and collapses whitespace', () => {
    expect(splitSentences('Is it?  Yes!\nGood.')).toEqual(['Is it?', 'Yes!', 'Good.']);
    expect(splitSentences('   ')).toEqual([]);
  });
});
