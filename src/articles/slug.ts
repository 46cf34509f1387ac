import { ArticleError } from './article.js';

/** Letters NFKD does not decompose into an ASCII base letter. */
const FOLD: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

/** Default longest slug, in characters. */
export const MAX_SLUG_LENGTH = 80;

/**
 * A URL slug from a title: lower case, folded to ASCII (NFKD, accents dropped), every run of
 * other characters turned into one '-', cut at a word boundary to at most `maxLength`
 * (default 80). Empty when the title has no Latin letters or digits.
 */
export function slugify(title: string, maxLength = MAX_SLUG_LENGTH): string {
  const folded = title
    .toLowerCase()
    .replace(/[ßæœøđðłþı]/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
  const slug = folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength + 1);
  const boundary = cut.lastIndexOf('-');
  // A single very long word has no boundary worth keeping: cut it hard.
  return (boundary >= maxLength / 2 ? cut.slice(0, boundary) : slug.slice(0, maxLength)).replace(/-+$/, '');
}

export interface UrlTemplateValues {
  slug: string;
  id: string;
  date: Date;
}

const PLACEHOLDERS = ['slug', 'id', 'yyyy', 'mm', 'dd'] as const;

/**
 * Fills a `site.articleUrl` template such as `https://news.example.com/{yyyy}/{mm}/{slug}`.
 * Placeholders: {slug}, {id}, {yyyy}, {mm}, {dd} (UTC). An unknown placeholder is an
 * ArticleError naming `ref`.
 */
export function expandUrlTemplate(template: string, values: UrlTemplateValues, ref: string): string {
  const d = values.date;
  const table: Record<(typeof PLACEHOLDERS)[number], string> = {
    slug: values.slug || values.id,
    id: values.id,
    yyyy: String(d.getUTCFullYear()).padStart(4, '0'),
    mm: String(d.getUTCMonth() + 1).padStart(2, '0'),
    dd: String(d.getUTCDate()).padStart(2, '0'),
  };
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      throw new ArticleError(
        ref,
        `site.articleUrl has an unknown placeholder ${whole}; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
      );
    }
    return table[name as (typeof PLACEHOLDERS)[number]];
  });
}
