import { describe, expect, it } from 'vitest';
import { ArticleError } from '../../src/articles/article.js';
import { splitFrontMatter } from '../../src/articles/front-matter.js';
import { markdownBlocks, markdownReader, stripInline } from '../../src/articles/markdown.js';
import { textReader } from '../../src/articles/reader.js';

describe('textReader', () => {
  it('takes the first non-empty line as the title and splits paragraphs on blank lines', () => {
    const d = textReader.read('\n\n  Title line  \n\nFirst para\nwrapped.\n\n\n\nSecond para.\n', 'x.txt');
    expect(d.title).toBe('  Title line  ');
    expect(d.paragraphs).toEqual(['First para\nwrapped.', 'Second para.']);
  });

  it('lets front matter set the fields, and its title override a lone first line', () => {
    const d = textReader.read(
      '---\ntitle: Better title\nurl: https://n.example/a\ntags: storm, coast\npublished: 2024-01-05\nimage: https://n.example/i.jpg\nlang: fr\n---\nOld title\n\nBody.',
      'x.txt',
    );
    expect(d).toEqual({
      title: 'Better title',
      paragraphs: ['Body.'],
      url: 'https://n.example/a',
      tags: ['storm', 'coast'],
      published: '2024-01-05',
      image: 'https://n.example/i.jpg',
      lang: 'fr',
    });
    // A first line running into more text is body, not a title line.
    expect(textReader.read('---\ntitle: T\n---\nLine one\nline two.', 'x.txt').paragraphs).toEqual(['Line one\nline two.']);
  });
});

describe('splitFrontMatter', () => {
  it('returns the text unchanged without front matter', () => {
    expect(splitFrontMatter('Title\n\n---\n\nBody', 'f')).toEqual({ frontMatter: {}, body: 'Title\n\n---\n\nBody' });
  });

  it('reads aliases and lists', () => {
    const { frontMatter } = splitFrontMatter('---\nDate: 2024-02-03\nlink: https://n.example/x\ntags:\n  - a\n  - 2\n---\n', 'f');
    expect(frontMatter).toEqual({ published: '2024-02-03', url: 'https://n.example/x', tags: ['a', '2'] });
  });

  it('rejects broken front matter with one-line errors', () => {
    const bad: Array<[string, RegExp]> = [
      ['---\ntitle: [unclosed\n---\nBody', /front matter is not valid YAML/],
      ['---\ntitle: x\nBody with no end', /never closed/],
      ['---\n- a\n- b\n---\nBody', /must be a YAML mapping/],
      ['---\ntags: {a: 1}\n---\nBody', /`tags` must be a list/],
      ['---\ntitle: [a, b]\n---\nBody', /`title` must be a single value/],
    ];
    for (const [text, re] of bad) {
      let message = '';
      try {
        splitFrontMatter(text, 'f.md');
      } catch (err) {
        expect(err).toBeInstanceOf(ArticleError);
        message = (err as Error).message;
      }
      expect(message).toMatch(re);
      expect(message).toMatch(/^f\.md: /);
      expect(message).not.toContain('\n');
    }
  });
});

describe('Markdown', () => {
  it('strips inline syntax', () => {
    expect(stripInline('**bold** and __strong__, *em* and _em_, ~~gone~~ `code`')).toBe('bold and strong, em and em, gone code');
    expect(stripInline('A [link](https://x.example/a_(b) "T") and [ref][1] and ![pic](i.png) and [^1]')).toBe(
      'A link and ref and  and ',
    );
    expect(stripInline('snake_case_name and 2*3*4 and \\*not em\\*')).toBe('snake_case_name and 2*3*4 and *not em*');
  });

  it('turns blocks into headings and paragraphs', () => {
    const blocks = markdownBlocks('Title\n=====\n\nPara one\ncontinues.\n\nSub\n---\n\n* item *one*\n* [x] done\n\n> quoted\n> text\n\n***\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~~\ncode\n~~~\n');
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Title' },
      { kind: 'paragraph', level: 0, text: 'Para one\ncontinues.' },
      { kind: 'heading', level: 2, text: 'Sub' },
      { kind: 'paragraph', level: 0, text: 'item one' },
      { kind: 'paragraph', level: 0, text: 'done' },
      { kind: 'paragraph', level: 0, text: 'quoted\ntext' },
      { kind: 'paragraph', level: 0, text: 'a, b' },
      { kind: 'paragraph', level: 0, text: '1, 2' },
      { kind: 'paragraph', level: 0, text: 'code' },
    ]);
  });

  it('takes the title from a leading heading, else the first h1, else the first line', () => {
    expect(markdownReader.read('## Leading *h2*\n\nBody.', 'm').title).toBe('Leading h2');
    const h1 = markdownReader.read('Intro para.\n\n# Real title\n\nBody.', 'm');
    expect(h1.title).toBe('Real title');
    expect(h1.paragraphs).toEqual(['Intro para.', 'Body.']);
    const plain = markdownReader.read('Plain first line\nthen body.', 'm');
    expect(plain.title).toBe('Plain first line');
    expect(plain.paragraphs).toEqual(['then body.']);
  });

  it('lets a front-matter title win over a leading heading', () => {
    const d = markdownReader.read('---\ntitle: FM title\n---\n# Heading title\n\nBody.\n\n# Later heading', 'm');
    expect(d.title).toBe('FM title');
    expect(d.paragraphs).toEqual(['Body.', 'Later heading']);
  });

  it('drops script blocks that span blank lines', () => {
    const d = markdownReader.read('# T\n\nBefore.\n\n<script>\nbad();\n\nworse();\n</script>\n\nAfter.', 'm');
    expect(d.paragraphs).toEqual(['Before.', 'After.']);
  });
});
