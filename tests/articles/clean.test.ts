import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanLine, cleanParagraphs, matchingDropRule, normalizeChars } from '../../src/articles/clean.js';
import { CLEANING_RULES } from '../../src/articles/cleaning-rules.js';
import { htmlToText } from '../../src/articles/html.js';
import { readArticleFile } from '../../src/articles/load.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const BODY = 'The minister resigned on Friday after a week of protests.';

/** Lines each rule must remove when they appear in a body (not at its start). */
const DROPPED: Record<string, string[]> = {
  'more-like-this': [
    'Get more stories like this on Facebook, Twitter and Telegram',
    'Get more fascinating contents like this on Facebook, Twitter and Telegram',
    'Find more news on our website',
  ],
  'follow-us': ['Follow us on Twitter', 'Follow @dailynews for updates', 'Follow The Daily Post on Instagram'],
  'like-us': ['Like us on Facebook', 'Join our Telegram channel', 'Join us on WhatsApp'],
  'read-more': ['Read more:', 'Read more: Why the minister quit', 'READ MORE', 'See also: earlier coverage', 'Also read: timeline'],
  related: ['Related:', 'Related stories', 'You may also like'],
  'click-here': ['Click here to read the full report', 'Tap here to subscribe'],
  share: ['Share this article', 'Share on WhatsApp', 'Share:'],
  subscribe: ['Subscribe to our newsletter', 'Subscribe now!'],
  'sign-up': ['Sign up for our morning briefing', 'Sign-up now'],
  newsletter: ['Get our free daily newsletter'],
  'download-app': ['Download our free news app'],
  advertisement: ['Advertisement', 'ADVERTISEMENT', 'Story continues below advertisement', 'Sponsored content'],
  copyright: ['© 2024 Example News. All rights reserved.', 'Copyright 2023 Reuters', 'All rights reserved.'],
  separator: ['* * *', '---', '•••'],
};

/** Lines that open like a call to action but are news prose: kept. */
const KEPT = [
  'Follow-up talks are planned for March, officials said.',
  'Readers who subscribe to the theory that the vote was rigged were disappointed.',
  'Related cases in three other states are pending.',
  'The advertisement industry lost 4,000 jobs last year.',
  'Share prices fell 3% on the news.',
  'Click chemistry won the Nobel prize in 2022.',
  `Follow us on Twitter, the protesters chanted, as ${'they marched through the city centre and past the parliament building, where police had set up barriers overnight; '.repeat(2)}`,
];

describe('cleaning rules as data', () => {
  it('every anywhere rule has examples here', () => {
    const anywhere = CLEANING_RULES.filter((r) => r.where === 'anywhere').map((r) => r.name);
    expect(Object.keys(DROPPED).sort()).toEqual([...anywhere].sort());
    expect(new Set(CLEANING_RULES.map((r) => r.name)).size).toBe(CLEANING_RULES.length);
  });

  for (const [rule, lines] of Object.entries(DROPPED)) {
    it(`${rule} drops its lines`, () => {
      for (const line of lines) {
        expect(matchingDropRule(line), line).toBe(rule);
        expect(cleanParagraphs([BODY, line, `${BODY} Again.`])).toEqual([BODY, `${BODY} Again.`]);
      }
    });
  }

  it('keeps prose that only looks like a call to action', () => {
    for (const line of KEPT) {
      expect(matchingDropRule(line), line).toBeUndefined();
      expect(cleanParagraphs([BODY, line])).toHaveLength(2);
    }
  });

  it('drops a promo line inside a paragraph but keeps the rest', () => {
    expect(cleanParagraphs([`${BODY}\nRead more: Why he quit\nHe will stay on as an MP.`])).toEqual([
      `${BODY} He will stay on as an MP.`,
    ]);
  });
});

describe('body start: bylines and datelines', () => {
  const cases: Array<[string, string[], string]> = [
    ['AFP dateline', ['KIRKUK, Iraq (AFP) — At least seven officers were killed.'], 'At least seven officers were killed.'],
    ['Reuters dateline', ['LONDON, Jan 5 (Reuters) - Shares rose.'], 'Shares rose.'],
    ['bare dateline', ['WASHINGTON — The Senate voted.'], 'The Senate voted.'],
    ['CNN dateline', ['WASHINGTON (CNN) -- As he awaits a report, Bush spoke.'], 'As he awaits a report, Bush spoke.'],
    ['agency only', ['(CNN) -- Rescuers found two hikers.'], 'Rescuers found two hikers.'],
    ['dashless agency', ['(CNN)Seventy years ago, she died.'], 'Seventy years ago, she died.'],
    ['title-case place', ['Marseille, France (CNN)The prosecutor spoke.'], 'The prosecutor spoke.'],
    ['multi-word place', ['NEW YORK, N.Y. — Markets opened higher.'], 'Markets opened higher.'],
    ['byline paragraph', ['By Jane Doe', 'The Senate voted.'], 'The Senate voted.'],
    ['byline with outlet', ['By Jane Doe, CNN', 'The Senate voted.'], 'The Senate voted.'],
    ['two authors', ['By Jane Doe and John Roe | Reuters', 'The Senate voted.'], 'The Senate voted.'],
    ['byline then dateline', ['By Jane Doe, CNN\nLONDON — Shares rose.'], 'Shares rose.'],
    ['timestamp line', ['Updated 10:32 AM ET, Mon June 5, 2017', 'The Senate voted.'], 'The Senate voted.'],
  ];
  for (const [name, input, first] of cases) {
    it(`strips a ${name}`, () => {
      expect(cleanParagraphs(input)[0]).toBe(first);
    });
  }

  it('leaves ordinary openings and later paragraphs alone', () => {
    const keep = [
      'By Monday, officials had confirmed the deaths.',
      'NATO allies met in Brussels.',
      'US-China talks resume today.',
      'I - for one - disagree.',
      'The report (Reuters) said nothing new.',
      'Editor\'s note: This story has been updated.',
    ];
    for (const p of keep) expect(cleanParagraphs([p])).toEqual([p]);
    expect(cleanParagraphs([BODY, 'By Jane Doe', 'LONDON — Later paragraph.'])).toEqual([
      BODY,
      'By Jane Doe',
      'LONDON — Later paragraph.',
    ]);
  });
});

describe('characters, whitespace and repeats', () => {
  it('removes zero-width and control characters, keeps emoji joiners', () => {
    expect(cleanLine('Zero\u200Bwidth\u2060 and\uFEFF soft\u00ADhyphen\u0007 bell\u202E')).toBe('Zerowidth and softhyphen bell');
    const family = '👩\u200D👩\u200D👧';
    expect(cleanLine(`Family ${family} day\u200D`)).toBe(`Family ${family} day`);
    expect(normalizeChars('a\r\nb\rc\u2028d')).toBe('a\nb\nc\nd');
  });

  it('normalises to NFC', () => {
    const decomposed = 'Cafe\u0301 re\u0301sume\u0301';
    const [p] = cleanParagraphs([decomposed]);
    expect(p).toBe('Café résumé');
    expect(p).toBe(p!.normalize('NFC'));
    expect(p).toHaveLength(11);
  });

  it('collapses whitespace and joins wrapped lines', () => {
    expect(cleanParagraphs(['  Several\t\tspaces \u00A0 and\nwrapped\n   lines  '])).toEqual(['Several spaces and wrapped lines']);
  });

  it('drops repeated paragraphs, ignoring case, spacing and punctuation', () => {
    expect(cleanParagraphs([BODY, 'Another point.', BODY.toUpperCase(), ` ${BODY.replace('.', '!')} `])).toEqual([
      BODY,
      'Another point.',
    ]);
  });

  it('splits a paragraph holding several (an HTML body) and strips the HTML', () => {
    expect(cleanParagraphs(['<p>One &amp; two.</p><p>Three&hellip;</p><script>x()</script><style>p{}</style>'])).toEqual([
      'One & two.',
      'Three…',
    ]);
  });
});

describe('htmlToText', () => {
  it('strips tags, keeps text around comparisons, decodes entities once', () => {
    expect(htmlToText('a < b and x<3 but <b>bold</b> &lt;i&gt; &amp;amp;')).toBe('a < b and x<3 but bold <i> &amp;');
    expect(htmlToText('<!-- hidden -->AT&T R&D &notanentity')).toBe('AT&T R&D &notanentity');
    expect(htmlToText('one<br>two<div>three</div>')).toBe('one\ntwo\n\nthree\n\n');
  });

  it('strips a lone script tag without losing the text after it', () => {
    expect(htmlToText('The <script> tag runs code. More text.')).toBe('The  tag runs code. More text.');
  });
});

describe('the seed footer', () => {
  it('is removed by the general rules', async () => {
    const seed = path.resolve(here, '../../../shared/data/articles/000_5e6d6438e66fa35a.txt');
    const a = await readArticleFile(seed);
    expect(a.paragraphs.some((p) => /like this on/i.test(p))).toBe(false);
  });
});
