import type { ArticleDraft } from './article.js';
import { splitFrontMatter } from './front-matter.js';
import { removeHtmlBlocks } from './html.js';
import { draftFrom, unifyNewlines, type TextArticleReader } from './reader.js';

/** A block of a Markdown document: a heading or a paragraph-like run of lines. */
export interface MarkdownBlock {
  kind: 'heading' | 'paragraph';
  /** 1-6 for headings, 0 for paragraphs. */
  level: number;
  /** Plain text (inline Markdown stripped); paragraph lines joined with \n. */
  text: string;
}

const FENCE_RE = /^\s{0,3}(`{3,}|~{3,})/;
const ATX_RE = /^\s{0,3}(#{1,6})(?:[^\S\n]+(.*?))?(?:[^\S\n]+#+)?[^\S\n]*$/;
const SETEXT_RE = /^\s{0,3}(=+|-+)\s*$/;
const HR_RE = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/;
const LIST_RE = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?(.*)$/;
const DEFINITION_RE = /^\s{0,3}\[[^\]]+\]:\s*\S/;
const TABLE_RULE_RE = /^[\s|:-]+$/;
const ESCAPABLE = /\\([\\`*_{}[\]()#+\-.!|>~<])/g;
/** Escaped characters are parked in the Private Use Area while emphasis is stripped. */
const PARK = 0xe000;

/** Inline Markdown to plain text: images dropped, links to their text, emphasis and code marks removed. */
export function stripInline(text: string): string {
  let s = text.replace(ESCAPABLE, (_m, c: string) => String.fromCharCode(PARK + c.charCodeAt(0)));
  s = s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/!\[[^\]]*\]\[[^\]]*\]/g, '')
    .replace(/\[\^[^\]]+\]/g, '')
    .replace(/\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<((?:https?|mailto|ftp):[^>\s]+)>/gi, '$1')
    .replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_m, _ticks: string, code: string) => code.trim())
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(?<![\p{L}\p{N}*])\*(?=\S)([^*]*?\S)\*(?![\p{L}\p{N}*])/gu, '$1')
    .replace(/(?<![\p{L}\p{N}_])_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}_])/gu, '$1')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1');
  return s.replace(/[\uE000-\uE07F]/g, (c) => String.fromCharCode(c.charCodeAt(0) - PARK));
}

/** Splits Markdown into headings and paragraphs; list items, quotes and code blocks become paragraphs. */
export function markdownBlocks(markdown: string): MarkdownBlock[] {
  const lines = unifyNewlines(markdown).split('\n');
  const blocks: MarkdownBlock[] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length > 0) blocks.push({ kind: 'paragraph', level: 0, text: current.join('\n') });
    current = [];
  };

  for (let i = 0; i < lines.length; i++) {
    // Quote markers go: a quotation is article text like any other.
    const line = lines[i]!.replace(/^(?:\s{0,3}>\s?)+/, '');
    const fence = FENCE_RE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1]!;
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trim().startsWith(marker); i++) code.push(lines[i]!);
      if (code.some((l) => l.trim() !== '')) blocks.push({ kind: 'paragraph', level: 0, text: code.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (DEFINITION_RE.test(line)) continue;
    const atx = ATX_RE.exec(line);
    if (atx) {
      flush();
      blocks.push({ kind: 'heading', level: atx[1]!.length, text: stripInline(atx[2] ?? '') });
      continue;
    }
    const setext = SETEXT_RE.exec(line);
    if (setext && current.length > 0) {
      blocks.push({ kind: 'heading', level: setext[1]!.startsWith('=') ? 1 : 2, text: stripInline(current.join(' ')) });
      current = [];
      continue;
    }
    if (HR_RE.test(line)) {
      flush();
      continue;
    }
    if (line.includes('|')) {
      if (TABLE_RULE_RE.test(line)) continue;
      if (line.trim().startsWith('|')) {
        flush();
        const cells = line.trim().replace(/^\||\|$/g, '').split('|');
        current.push(stripInline(cells.map((c) => c.trim()).join(', ')));
        flush();
        continue;
      }
    }
    const item = LIST_RE.exec(line);
    if (item) {
      flush();
      current.push(stripInline(item[1]!));
      continue;
    }
    current.push(stripInline(line.trim()));
  }
  flush();
  return blocks.filter((b) => b.text.trim() !== '');
}

/**
 * Markdown: optional front matter; the title is a leading heading, else the first level-1
 * heading, else the first line. A front-matter title wins (a leading heading is then dropped
 * as the title it replaces). Other headings become paragraphs.
 */
export const markdownReader: TextArticleReader = {
  format: 'markdown',
  read(text: string, ref: string): ArticleDraft {
    const { frontMatter, body } = splitFrontMatter(unifyNewlines(text), ref);
    const blocks = markdownBlocks(removeHtmlBlocks(body));
    let title = '';
    const lead = blocks[0];
    if (lead?.kind === 'heading') {
      title = lead.text;
      blocks.shift();
    } else if (frontMatter.title === undefined) {
      const h1 = blocks.findIndex((b) => b.kind === 'heading' && b.level === 1);
      if (h1 >= 0) {
        title = blocks[h1]!.text;
        blocks.splice(h1, 1);
      } else if (lead) {
        const [first, ...rest] = lead.text.split('\n');
        title = first ?? '';
        if (rest.length > 0) lead.text = rest.join('\n');
        else blocks.shift();
      }
    }
    return draftFrom(
      title,
      blocks.map((b) => b.text),
      frontMatter,
    );
  },
};
