import { describe, expect, it } from 'vitest';
import { parseTelegramHtml } from './telegram-html.js';

describe('parseTelegramHtml', () => {
  it.each([
    ['<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins>', 'bsieun'],
    [
      '<s>1</s><strike>2</strike><del>3</del><tg-spoiler>4</tg-spoiler><span class="tg-spoiler">5</span>',
      '12345',
    ],
    ['<a href="https://example.com/?a=1&amp;b=2">link</a>', 'link'],
    ["<a href='https://example.com'>single quotes</a>", 'single quotes'],
    ['<pre><code class="language-ts">const a = 1 &lt; 2;</code></pre>', 'const a = 1 < 2;'],
    ['<blockquote expandable>quote</blockquote><blockquote>q2</blockquote>', 'quoteq2'],
    ['<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', '👍'],
    ['<B>upper case tags</B>', 'upper case tags'],
    ['&lt;&gt;&amp;&quot;&#39;&#x1F600;', '<>&"\'😀'],
    ['<b>bold <i>and italic</i></b> plain', 'bold and italic plain'],
  ])('accepts %s', (html, text) => {
    expect(parseTelegramHtml(html)).toEqual({ ok: true, text });
  });

  it.each([
    ['a > b', 'Unescaped ">"'],
    ['x</b>', 'Unexpected end tag at byte offset 1'],
    ['<span>x</span>', 'Tag "span" must have class "tg-spoiler"'],
    ['<a>x</a>', 'Tag "a" must have a non-empty attribute "href"'],
    ['<a href="x>y</a>', 'Unclosed start tag'],
    ['<b', 'Unclosed start tag'],
    ['<img src="x">', 'Unsupported start tag "img" at byte offset 0'],
    ['x < y', 'Unsupported start tag "" at byte offset 2'],
    ['&#xD800;', 'Invalid HTML entity'],
    ['<tg-emoji>x</tg-emoji>', 'emoji-id'],
  ])('rejects %s', (html, fragment) => {
    const result = parseTelegramHtml(html);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(fragment);
  });

  it('reports byte offsets in UTF-8, as Telegram does', () => {
    // "é" is 2 bytes and "😀" 4, so the bare "&" sits at byte 7, not at UTF-16 index 4.
    expect(parseTelegramHtml('é😀 & x')).toEqual({
      ok: false,
      error: 'Unescaped "&": write it as "&amp;" at byte offset 7',
    });
  });
});
