import { parse, NodeType, type HTMLElement, type Node } from 'node-html-parser';

/** Elements that end a paragraph: their content never runs into the text around them. */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);

/** Content that is never article text. */
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'object',
  'head',
  'button',
  'form',
]);

const LOOKS_LIKE_HTML = /<\/?[a-z][a-z0-9-]*(\s[^>]*)?\/?>|&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/i;

/** Parses HTML leniently; script and style bodies are dropped by the parser. */
export function parseHtml(html: string): HTMLElement {
  return parse(html, {
    lowerCaseTagName: true,
    comment: false,
    blockTextElements: { script: false, style: false, noscript: false, pre: true },
  });
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * HTML (or plain text) to paragraphs of plain text: tags stripped, entities decoded, block elements and
 * double line breaks (`<br><br>`) start a new paragraph, a single `<br>` becomes a space.
 */
export function htmlToParagraphs(html: string): string[] {
  if (!LOOKS_LIKE_HTML.test(html)) {
    // Plain text keeps its blank-line paragraph breaks.
    return html
      .split(/\r?\n[ \t]*\r?\n/)
      .map(collapse)
      .filter((p) => p.length > 0);
  }
  const out: string[] = [];
  let current = '';
  const flush = () => {
    for (const part of current.split(/[ \t]*\n[ \t]*\n\s*/)) {
      const p = collapse(part);
      if (p) out.push(p);
    }
    current = '';
  };
  const walk = (node: Node) => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      current += node.text.replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const tag = (node as HTMLElement).rawTagName?.toLowerCase() ?? '';
    if (SKIP.has(tag)) return;
    if (tag === 'br') {
      current += '\n';
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    for (const child of node.childNodes) walk(child);
    if (block) flush();
  };
  walk(parseHtml(html));
  flush();
  return out;
}

/** One line of plain text from something that may contain HTML (feed titles often do). */
export function htmlToText(html: string): string {
  if (!LOOKS_LIKE_HTML.test(html)) return collapse(html);
  return collapse(htmlToParagraphs(html).join(' '));
}

/** Resolves `raw` against `base` and keeps it only if it is an absolute http(s) URL. */
export function httpUrl(raw: string | null | undefined, base?: string): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A BCP 47 tag from a feed or page (`en_US` becomes `en-US`), or undefined when it is not one. */
export function languageTag(raw: string | null | undefined): string | undefined {
  const value = raw?.trim().replace(/_/g, '-');
  if (!value) return undefined;
  try {
    return Intl.getCanonicalLocales(value)[0];
  } catch {
    return undefined;
  }
}
