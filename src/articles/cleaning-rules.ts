/**
 * The cleaning rules as data: every pattern clean.ts applies, with a name, so a rule can be
 * added, tested or reasoned about without reading the cleaning code.
 *
 * - `drop-line`: a line (or a whole paragraph line) matching `pattern` is removed.
 * - `strip-prefix`: the matched prefix is removed and the rest of the line kept.
 * - `where: 'anywhere'` applies to every line; `where: 'start'` only to the lines that would
 *   open the body (bylines and datelines are only boilerplate there).
 */
export interface CleaningRule {
  name: string;
  kind: 'drop-line' | 'strip-prefix';
  where: 'anywhere' | 'start';
  pattern: RegExp;
  /**
   * A line longer than this is kept even when it matches: a long line is real prose that happens
   * to open like a call to action. Default 200.
   */
  maxLength?: number;
}

/** Social networks and channels that promotional footers point to. */
const NETWORKS =
  '(?:facebook|twitter|x|telegram|instagram|whatsapp|youtube|tiktok|linkedin|threads|bluesky|mastodon|pinterest|snapchat|reddit|google news|our (?:app|website|site|channel|page|newsletter))';

/** News agencies and outlets whose name in parentheses opens a dateline. */
const AGENCIES =
  '(?:CNN|CNN Business|CNN Money|Reuters|AP|AFP|Bloomberg|BBC|UPI|dpa|Xinhua|ANI|PTI|IANS|Yonhap|Kyodo|EFE|ANSA|TASS|Interfax|Anadolu|NBC News|CBS News|ABC News)';

export const CLEANING_RULES: readonly CleaningRule[] = [
  {
    // "Get more stories like this on Facebook, Twitter and Telegram" and its variants.
    name: 'more-like-this',
    kind: 'drop-line',
    where: 'anywhere',
    pattern: /^(?:get|find|see|read|discover|for|want)\s+more\b.*\b(?:like\s+this|on\s+facebook|on\s+twitter|on\s+telegram|news\s+on)\b/i,
  },
  {
    name: 'follow-us',
    kind: 'drop-line',
    where: 'anywhere',
    pattern: new RegExp(`^(?:please\\s+)?(?:follow|find|connect\\s+with)\\s+(?:us|me|@\\w+)\\b|^follow\\s+.{1,60}\\s+on\\s+${NETWORKS}`, 'i'),
  },
  {
    name: 'like-us',
    kind: 'drop-line',
    where: 'anywhere',
    pattern: /^(?:like|join|add)\s+(?:us|our)\b.*\b(?:on|in|channel|group|community|page)\b/i,
  },
  {
    name: 'read-more',
    kind: 'drop-line',
    where: 'anywhere',
    pattern: /^(?:read|see|watch|listen)\s+(?:more|also|next|the\s+full\s+story)\b\s*(?:[:›»>|\-—–]|\.{3}|…|here\b|$)|^also\s+read\b/i,
  },
  {
    name: 'related',
    kind: 'drop-line',
    where: 'anywhere',
    pattern:
      /^(?:related|related\s+(?:stories|articles|coverage|content|links|reading|news)|more\s+on\s+this\s+(?:story|topic)|recommended(?:\s+for\s+you)?|you\s+may\s+also\s+like|trending(?:\s+now)?)\s*(?::|$)/i,
  },
  {
    name: 'click-here',
    kind: 'drop-line',
    where: 'anywhere',
    pattern: /^(?:click|tap)\s+(?:here|to)\b/i,
  },
  {
    name: 'share',
    kind: 'drop-line',
    where: 'anywhere',
    pattern: /^share\s+(?:this|the)\s+(?:article|story|post|page)\b|^share\s+(?:on|via)\s+\w+|^share\s*(?::|$)/i,
  },
  {
    name: 'subscribe',
    kind: 'drop-line',
    where: 'anywhere',
    pattern: /^subscribe\s+(?:to|for|now|today|here)\b|^subscribe\s*[.!:]?$/i,
  },
  {
    name: 'sign-up',
    kind: 'drop-line',
    where: 'anywhere',
    pattern: /^sign\s*-?\s*up\s+(?:for|to|now|here|today)\b|^sign\s*-?\s*up\s*[.!:]?$/i,
  },
  {
    name: 'newsletter',
    kind: 'drop-line',
    where: 'anywhere',
    pattern: /^(?:get|receive)\s+(?:our|the)\s+(?:[\w'-]+\s+){0,3}newsletter\b/i,
  },
  {
    name: 'download-app',
    kind: 'drop-line',
    where: 'anywhere',
    pattern: /^download\s+(?:our|the)\s+(?:[\w'-]+\s+){0,2}app\b/i,
  },
  {
    name: 'advertisement',
    kind: 'drop-line',
    where: 'anywhere',
    pattern:
      /^(?:advertisement|advertising|ad|sponsored(?:\s+content)?|promoted(?:\s+content)?|story\s+continues\s+below(?:\s+(?:this\s+)?(?:advertisement|ad))?|continue\s+reading\s+(?:below|the\s+main\s+story)|scroll\s+to\s+continue(?:\s+with\s+content)?)\s*[.:]?$/i,
  },
  {
    name: 'copyright',
    kind: 'drop-line',
    where: 'anywhere',
    pattern: /^(?:©|\(c\)\s+\d{4}|copyright\s+(?:©\s*)?\d{4})|^all\s+rights\s+reserved\.?$/i,
  },
  {
    // A line of only punctuation: "* * *", "---", "•••".
    name: 'separator',
    kind: 'drop-line',
    where: 'anywhere',
    pattern: /^[^\p{L}\p{N}]+$/u,
  },
  {
    // "By Jane Doe", "By Jane Doe, CNN", "By Jane Doe and John Roe | Reuters". Words must be
    // capitalised so "By Monday, officials said ..." is not taken for a byline.
    name: 'byline',
    kind: 'drop-line',
    where: 'start',
    pattern:
      /^[Bb][Yy]\s+\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|da|al|bin))*(?:\s*(?:,|and|&|\||·|-|—)\s*\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|da|al|bin))*)*\.?$/u,
    maxLength: 120,
  },
  {
    // "Updated 10:32 AM ET, Mon June 5, 2017", "Published: 5 January 2024".
    name: 'timestamp-line',
    kind: 'drop-line',
    where: 'start',
    pattern: /^(?:updated|published|posted|last\s+updated)\s*:?\s+.*\d.*$/i,
    maxLength: 80,
  },
  {
    // "KIRKUK, Iraq (AFP) —", "LONDON, Jan 5 (Reuters) -", "WASHINGTON —", "WASHINGTON (CNN) --",
    // "(CNN) --": the place is upper case so an ordinary sentence opening is left alone.
    name: 'dateline',
    kind: 'strip-prefix',
    where: 'start',
    pattern:
      /^(?:(?:\p{Lu}[\p{Lu}.'’-]+(?:\s+\p{Lu}[\p{Lu}.'’-]+){0,3})(?:,\s*\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*){0,2})?(?:,\s*\p{Lu}[\p{Ll}]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\([\p{L}\s.&/-]{1,30}\)\s*)?|\([\p{L}\s.&/-]{1,30}\)\s*)(?:—|–|--|-\s)\s*/u,
    maxLength: Number.POSITIVE_INFINITY,
  },
  {
    // "(CNN)Seventy years ago ...", "Marseille, France (CNN)The prosecutor ...": a known agency in
    // parentheses marks a dateline even without a dash or an upper-case place.
    name: 'agency-dateline',
    kind: 'strip-prefix',
    where: 'start',
    pattern: new RegExp(
      `^(?:\\p{Lu}[\\p{L}.'’-]*(?:\\s+\\p{Lu}[\\p{L}.'’-]*){0,3}(?:,\\s*\\p{Lu}[\\p{L}.]*(?:\\s+\\p{Lu}[\\p{L}.]*){0,2})?(?:,\\s*\\p{Lu}\\p{Ll}{2,8}\\.?\\s+\\d{1,2}(?:,\\s*\\d{4})?)?\\s*)?\\(${AGENCIES}\\)\\s*(?:(?:—|–|--|-)\\s*)?(?=\\S)`,
      'u',
    ),
    maxLength: Number.POSITIVE_INFINITY,
  },
];

/** Rules longer lines are exempt from, unless the rule says otherwise. */
export const DEFAULT_MAX_RULE_LINE_LENGTH = 200;
