import { z } from 'zod';
import type { ArticleDraft } from '../articles/article.js';

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL' });
const text = z.union([z.string(), z.array(z.string())], {
  error: 'expected a string (paragraphs split by blank lines) or an array of paragraph strings',
});

/**
 * The JSON a CMS posts to `POST /articles`. Unknown fields are ignored (CMS payloads carry many),
 * every known one is checked.
 */
export const WebhookArticleSchema = z
  .object({
    title: z.string({ error: 'expected a string' }).trim().min(1, 'must not be empty'),
    body: text.optional(),
    text: text.optional(),
    url: httpUrl.optional(),
    tags: z.array(z.string(), { error: 'expected an array of strings' }).optional(),
    image: httpUrl.optional(),
    published: z
      .string()
      .refine(
        (s) =>
          /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)),
        'expected an ISO 8601 date or date-time such as "2026-05-01T09:30:00Z"',
      )
      .optional(),
    lang: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'expected a BCP 47 language tag such as "en"')
      .optional(),
  })
  .refine((a) => a.body !== undefined || a.text !== undefined, {
    message: 'required: the article text as "body" (or "text")',
    path: ['body'],
  });
export type WebhookArticle = z.infer<typeof WebhookArticleSchema>;

function paragraphs(value: string | string[]): string[] {
  const parts = typeof value === 'string' ? value.split(/\r?\n[ \t]*\r?\n/) : value;
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * Validates a parsed JSON body. Returns the draft, or a one-line error naming the field,
 * e.g. `url: expected an absolute http(s) URL`.
 */
export function parseWebhookArticle(json: unknown): { draft: ArticleDraft } | { error: string } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { error: 'expected a JSON object such as {"title": "...", "body": "...", "url": "https://..."}' };
  }
  const parsed = WebhookArticleSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
    return { error: `${field}: ${issue.message}` };
  }
  const a = parsed.data;
  const draft: ArticleDraft = {
    title: a.title,
    paragraphs: paragraphs(a.body ?? a.text ?? ''),
    ...(a.url ? { url: a.url } : {}),
    ...(a.tags ? { tags: a.tags } : {}),
    ...(a.image ? { image: a.image } : {}),
    ...(a.published ? { published: new Date(a.published).toISOString() } : {}),
    ...(a.lang ? { lang: a.lang } : {}),
  };
  if (draft.paragraphs.length === 0) return { error: 'body: must contain some text' };
  return { draft };
}
