import { describe, expect, it } from 'vitest';
import {
  escapeTelegramHtml,
  telegramVisibleLength,
  telegramVisibleText,
  validateTelegramHtml,
} from '../../src/compose/telegram-html.js';

describe('validateTelegramHtml', () => {
  it('accepts the tags and entities Telegram allows', () => {
    for (const ok of [
      '<b>bold</b> <i>i</i> <u>u</u> <s>s</s> <tg-spoiler>x</tg-spoiler> <code>c</code> <pre>p</pre>',
      '<a href="https://x.test/?a=1&amp;b=&quot;2&quot;">Read more</a>',
      '<blockquote expandable>q</blockquote> 1 &lt; 2 &amp;&amp; 3 &gt; 2 &#8364; &#x20AC;',
      '<b>nested <i>fine</i></b>',
      'plain text',
    ]) {
      expect(validateTelegramHtml(ok), ok).toBeNull();
    }
  });

  it('names the problem for everything Telegram would reject', () => {
    expect(validateTelegramHtml('<div>x</div>')).toMatch(/tag <div> is not supported/);
    expect(validateTelegramHtml('<b>x')).toMatch(/<b> is never closed/);
    expect(validateTelegramHtml('x</b>')).toMatch(/never opened/);
    expect(validateTelegramHtml('<b><i>x</b></i>')).toMatch(/mis-nested/);
    expect(validateTelegramHtml('1 < 2')).toMatch(/bare "<"/);
    expect(validateTelegramHtml('2 > 1')).toMatch(/bare ">"/);
    expect(validateTelegramHtml('A & B')).toMatch(/bare "&"/);
    expect(validateTelegramHtml('&nbsp;')).toMatch(/unsupported entity/);
    expect(validateTelegramHtml('<a href="x" target="_blank">x</a>')).toMatch(/attribute "target"/);
    expect(validateTelegramHtml('<b class="x">x</b>')).toMatch(/attribute "class"/);
    expect(validateTelegramHtml('<a href="?a=1&b=2">x</a>')).toMatch(/bare "&"/);
    expect(validateTelegramHtml('<a>x</a>')).toMatch(/needs an href/);
  });
});

describe('escapeTelegramHtml and visible length', () => {
  it('escapes so any text validates and reads back unchanged', () => {
    const raw = 'a < b && c > "d" &amp; <b>not bold</b> 😀';
    const html = escapeTelegramHtml(raw);
    expect(validateTelegramHtml(html)).toBeNull();
    expect(telegramVisibleText(html)).toBe(raw);
  });

  it('counts visible UTF-16 units, not markup', () => {
    expect(telegramVisibleLength('<b>ab</b> <a href="https://x.test/long">c</a> &amp;')).toBe(6);
    expect(telegramVisibleLength('😀')).toBe(2);
  });
});
