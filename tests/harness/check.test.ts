import { describe, expect, it } from 'vitest';
import {
  checkExactlyOnce,
  passed,
  THREE_CHANNELS,
  type StatusDelivery,
} from '../../bench/support/workload.js';
import type { FakePost } from '../support/fake-types.js';

// The harnesses' verdict is only as good as this check: it must see duplicates, losses and open rows.
const CHANNEL_PLATFORM = { x: 'twitter', telegram: 'telegram', facebook: 'facebook' } as const;

function post(n: number, platform: FakePost['platform']): FakePost {
  const link = `https://news.example.com/a/${n}?utm_source=${platform}`;
  return {
    platform,
    target: 't',
    kind: 'message',
    text: platform === 'facebook' ? 'Headline' : `Headline ${link}`,
    visibleText: 'Headline',
    id: `${n}`,
    time: 0,
    requestSeq: n,
    answerLost: false,
    ...(platform === 'facebook' ? { link } : {}),
  };
}

function row(
  n: number,
  channel: keyof typeof CHANNEL_PLATFORM,
  status: string,
  lastError?: string,
): StatusDelivery {
  return {
    id: n,
    articleId: `a${n}`,
    title: 'Headline',
    articleUrl: `https://news.example.com/a/${n}`,
    channel,
    platform: CHANNEL_PLATFORM[channel],
    status,
    attempts: 1,
    ...(lastError ? { lastError } : {}),
  };
}

function all(n: number, status = 'sent'): StatusDelivery[] {
  return (['x', 'telegram', 'facebook'] as const).map((c) => row(n, c, status));
}
const posts = (n: number) => (['twitter', 'telegram', 'facebook'] as const).map((p) => post(n, p));
const check = (p: FakePost[], d: StatusDelivery[], allowFailed = false) =>
  checkExactlyOnce({
    articles: [1, 2],
    channels: THREE_CHANNELS,
    posts: p,
    status: { counts: [], deliveries: d },
    allowFailed,
  });

describe('checkExactlyOnce', () => {
  it('passes when every pair is sent and posted once', () => {
    const r = check([...posts(1), ...posts(2)], [...all(1), ...all(2)]);
    expect(passed(r)).toBe(true);
    expect(r.sent).toBe(6);
  });

  it('finds a duplicate post (article 10 is not article 1)', () => {
    const r = check(
      [...posts(1), ...posts(2), post(2, 'telegram'), post(10, 'telegram')],
      [...all(1), ...all(2)],
    );
    expect(r.duplicates).toEqual(['article 2 on telegram: posted 2 times']);
    expect(passed(r)).toBe(false);
  });

  it('finds a loss: sent without a post, and an article with no rows', () => {
    const r = check(posts(1).slice(0, 2), all(1));
    expect(r.losses).toContain('article 1 on facebook: "sent" but the platform has no post');
    expect(r.losses).toContain('article 2 on x: 0 delivery rows');
  });

  it('accepts uncertain with at most one post, flags rows left open', () => {
    const d = [
      ...all(1, 'uncertain'),
      row(2, 'x', 'queued'),
      row(2, 'telegram', 'sending'),
      row(2, 'facebook', 'sent'),
    ];
    const r = check([post(1, 'twitter'), post(2, 'facebook')], d);
    expect(r.uncertain).toBe(3);
    expect(r.uncertainPosted).toBe(1);
    expect(r.open).toBe(2);
    expect(r.problems).toEqual(['article 2 on x: left queued', 'article 2 on telegram: left sending']);
  });

  it('allows failed rows only with a reason, and only when asked', () => {
    const d = [
      ...all(1),
      row(2, 'x', 'failed', 'HTTP 503'),
      row(2, 'telegram', 'failed'),
      row(2, 'facebook', 'sent'),
    ];
    const p = [...posts(1), post(2, 'facebook')];
    expect(check(p, d).losses).toHaveLength(2);
    expect(check(p, d, true).problems).toEqual(['article 2 on telegram: failed without a reason']);
  });
});
