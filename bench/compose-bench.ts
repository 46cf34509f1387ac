/**
 * Compose benchmark: articles per second through read + clean (readArticleText -> finalizeArticle),
 * summary, and the X, Telegram and Facebook composers, on one core (this thread), for articles of about
 * 1, 5 and 20 KB generated from the shared news-dev articles.
 */
import { composePost } from '../src/compose/compose.js';
import { summarize } from '../src/compose/summary.js';
import { readArticleText } from '../src/articles/load.js';
import { ChannelSchema } from '../src/config/schema.js';
import { articleMarkdown, generateArticle } from './support/articles.js';

export interface ComposeFigure {
  /** Target body size, KB. */
  sizeKb: number;
  /** Mean size of the generated files, bytes. */
  meanBytes: number;
  articlesPerSecond: number;
  /** Mean time per article, ms. */
  msPerArticle: number;
}

const CHANNELS = (['twitter', 'telegram', 'facebook'] as const).map((platform) =>
  ChannelSchema.parse({ id: platform, platform }),
);
const CONTEXT = {
  campaign: 'bench',
  targets: { telegramChatId: '@bench', facebookPageId: '104000000000001', facebookGraphVersion: 'v24.0' },
};

/** The whole pipeline for one article file; returns a number so the work cannot be optimised away. */
function pipeline(text: string, ref: string): number {
  const article = readArticleText(text, { ref, format: 'markdown' });
  let chars = summarize(article, 280).length;
  for (const channel of CHANNELS) chars += composePost(article, channel, CONTEXT).length;
  return chars;
}

/** Runs each size for about `seconds` seconds (after a short warm-up). */
export function benchCompose(seconds: number, sizesKb = [1, 5, 20]): ComposeFigure[] {
  return sizesKb.map((sizeKb) => {
    // 50 distinct articles per size, so caches inside the pipeline cannot make it look faster.
    const texts = Array.from({ length: 50 }, (_, i) =>
      articleMarkdown(generateArticle(i + 1, sizeKb * 1024)),
    );
    const meanBytes = texts.reduce((s, t) => s + Buffer.byteLength(t), 0) / texts.length;
    let sink = 0;
    for (let i = 0; i < 20; i++) sink += pipeline(texts[i % texts.length]!, `warm-${i}`);
    let count = 0;
    const started = performance.now();
    const until = started + seconds * 1000;
    while (performance.now() < until) {
      sink += pipeline(texts[count % texts.length]!, `article-${count}`);
      count++;
    }
    const elapsed = performance.now() - started;
    if (sink < 0) throw new Error('unreachable');
    return {
      sizeKb,
      meanBytes: Math.round(meanBytes),
      articlesPerSecond: (count * 1000) / elapsed,
      msPerArticle: elapsed / count,
    };
  });
}
