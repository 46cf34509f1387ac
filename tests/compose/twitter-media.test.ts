import { describe, expect, it } from 'vitest';
import { composePost } from '../../src/compose/compose.js';
import { SEED_ARTICLE, channel, readArticle } from './article-helpers.js';

const ctx = { campaign: 'crier' };
const IMAGE = 'https://img.test/lead.jpg';
const seed = readArticle(SEED_ARTICLE, { image: IMAGE });

describe('X composer with compose.photo', () => {
  it('puts the image on the first request only, as a hint beside the body', () => {
    const p = composePost(seed, channel('twitter', { photo: true, thread: true, maxThreadPosts: 3 }), ctx);
    expect(p.requests.length).toBeGreaterThan(1);
    expect(p.requests[0]!.media).toEqual({ url: IMAGE });
    expect(p.requests[0]!.body).toEqual({ text: expect.any(String) });
    for (const r of p.requests.slice(1)) expect(r).not.toHaveProperty('media');
  });

  it('leaves the text and its length as they are without the photo', () => {
    for (const compose of [{}, { thread: true }, { text: 'headline' }]) {
      const withPhoto = composePost(seed, channel('twitter', { ...compose, photo: true }), ctx);
      const without = composePost(seed, channel('twitter', compose), ctx);
      expect(withPhoto.text).toBe(without.text);
      expect(withPhoto.length).toBe(without.length);
      expect(withPhoto.requests.map((r) => r.body)).toEqual(without.requests.map((r) => r.body));
    }
  });

  it('adds no media when photo is off, the article has no image, or the image is not an http(s) URL', () => {
    const cases = [
      composePost(seed, channel('twitter', { photo: false }), ctx),
      composePost({ ...seed, image: undefined }, channel('twitter', { photo: true }), ctx),
      composePost({ ...seed, image: '/img/lead.jpg' }, channel('twitter', { photo: true }), ctx),
      composePost({ ...seed, image: 'ftp://img.test/lead.jpg' }, channel('twitter', { photo: true }), ctx),
    ];
    for (const p of cases) {
      expect(p.requests.length).toBeGreaterThan(0);
      for (const r of p.requests) expect(r).not.toHaveProperty('media');
    }
  });
});
