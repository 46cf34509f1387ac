import { CLEANING_RULES, DEFAULT_MAX_RULE_LINE_LENGTH, type CleaningRule } from './cleaning-rules.js';
import { htmlToText } from './html.js';

/** C0/C1 controls except tab, newline and carriage return (handled separately). */
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/**
 * Invisible characters with no meaning in article text: zero-width space, word joiner, BOM,
 * soft hyphen, Mongolian vowel separator, and bidi embeddings/overrides/isolates (which can make
 * text display differently from what it says). LRM/RLM are kept: right-to-left text needs them.
 */
const INVISIBLE_RE = /[\u200B\u2060\uFEFF\u00AD\u180E\u202A-\u202E\u2066-\u2069]/g;
/**
 * ZWJ/ZWNJ join emoji sequences and shape Indic and Persian script, so they are only dropped
 * next to ASCII, whitespace or the ends of the text, where they cannot do either.
 */
const STRAY_JOINER_RE = /(?<=^|[\x00-\x7F])[\u200C\u200D]+|[\u200C\u200D]+(?=$|[\x00-\x7F])/g;
/** Horizontal whitespace of every kind (not newlines). */
const SPACE_RE = /[^\S\n]+/g;

/**
 * Character-level normalisation: NFC, newlines unified to \n, tabs and odd spaces to a space,
 * control and invisible characters removed. Keeps \n so paragraphs and lines can still be split.
 */
export function normalizeChars(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(CONTROL_RE, '')
    .replace(INVISIBLE_RE, '')
    .replace(STRAY_JOINER_RE, '')
    .normalize('NFC');
}

/** Collapses all whitespace (newlines included) into single spaces and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function ruleMatches(rule: CleaningRule, line: string): boolean {
  return line.length <= (rule.maxLength ?? DEFAULT_MAX_RULE_LINE_LENGTH) && rule.pattern.test(line);
}

const ANYWHERE_DROP = CLEANING_RULES.filter((r) => r.where === 'anywhere' && r.kind === 'drop-line');
const START_RULES = CLEANING_RULES.filter((r) => r.where === 'start');

/** The name of the first `drop-line` rule (applied anywhere) that removes this line, if any. */
export function matchingDropRule(line: string): string | undefined {
  const trimmed = collapseWhitespace(line);
  return ANYWHERE_DROP.find((r) => ruleMatches(r, trimmed))?.name;
}

/**
 * Removes bylines, timestamp lines and a dateline prefix from the lines that open the body.
 * Returns the lines left (the first one possibly shortened).
 */
function cleanBodyStart(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0) {
    const line = out[0]!;
    const drop = START_RULES.find((r) => r.kind === 'drop-line' && ruleMatches(r, line));
    if (drop) {
      out.shift();
      continue;
    }
    const strip = START_RULES.find((r) => r.kind === 'strip-prefix' && ruleMatches(r, line));
    if (strip) {
      const rest = line.replace(strip.pattern, '').trim();
      if (rest === '') {
        out.shift();
        continue;
      }
      out[0] = rest;
    }
    break;
  }
  return out;
}

/** A comparison key for spotting repeated paragraphs: case, spacing and punctuation ignored. */
function dedupeKey(paragraph: string): string {
  return paragraph.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * Cleans body paragraphs: HTML to text, character normalisation, promotional and boilerplate
 * lines dropped, bylines and a dateline removed from the start, lines joined and whitespace
 * collapsed, separators and repeated paragraphs dropped. A raw paragraph that holds several
 * paragraphs (e.g. an HTML body) is split on its blank lines.
 */
export function cleanParagraphs(raw: readonly string[]): string[] {
  const blocks: string[][] = [];
  for (const paragraph of raw) {
    const text = normalizeChars(htmlToText(normalizeChars(paragraph)));
    for (const block of text.split(/\n[^\S\n]*\n/)) {
      const lines = block
        .split('\n')
        .map((l) => l.replace(SPACE_RE, ' ').trim())
        .filter((l) => l !== '' && matchingDropRule(l) === undefined);
      if (lines.length > 0) blocks.push(lines);
    }
  }

  // Bylines and datelines only count at the very start: skip blocks they empty entirely.
  while (blocks.length > 0) {
    const rest = cleanBodyStart(blocks[0]!);
    if (rest.length > 0) {
      blocks[0] = rest;
      break;
    }
    blocks.shift();
  }

  const seen = new Set<string>();
  const out: string[] = [];
  for (const lines of blocks) {
    const paragraph = collapseWhitespace(lines.join(' '));
    const key = dedupeKey(paragraph);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(paragraph);
  }
  return out;
}

/** Cleans a title (or any one-line field): HTML to text, normalised, single-spaced. */
export function cleanLine(text: string): string {
  return collapseWhitespace(normalizeChars(htmlToText(normalizeChars(text))));
}
