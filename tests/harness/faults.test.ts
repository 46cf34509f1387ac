import { describe, expect, it } from 'vitest';
import { runFaultHarness } from '../../bench/support/faults.js';
import { THREE_CHANNELS } from '../../bench/support/workload.js';

// Short variants of `npm run harness:faults`, against `node dist/cli.js run` (built by pretest).
describe('fault harness (short)', () => {
  it('with 30 % 5xx and 5 % lost answers on all three platforms, ends sent once or uncertain/failed with a reason', async () => {
    const r = await runFaultHarness({ articles: 30, stormMs: 0, seed: 3 });
    expect(r.serverErrors).toBeGreaterThan(0);
    expect(r.droppedAnswers).toBeGreaterThan(0);
    expect(r.duplicates).toEqual([]);
    expect(r.losses).toEqual([]);
    expect(r.problems).toEqual([]);
    expect(r.sent + r.uncertain + r.failed).toBe(90);
    // Each lost answer leaves its row uncertain (never sent again); nothing else is uncertain.
    expect(r.uncertain).toBe(r.droppedAnswers);
    expect(r.uncertainPosted).toBe(r.droppedAnswers);
    expect(r.violations).toEqual([]);
  }, 60_000);

  // Without Facebook: a Graph rate limit is counted in whole minutes, which would make this run > 60 s.
  it('honours retry-after through a 429 storm (X and Telegram)', async () => {
    const channels = THREE_CHANNELS.filter((c) => c.platform !== 'facebook');
    const r = await runFaultHarness({ articles: 30, stormMs: 2_000, seed: 5, channels });
    expect(r.rateLimited).toBeGreaterThan(0);
    expect(r.violations).toEqual([]);
    expect(r.duplicates).toEqual([]);
    expect(r.losses).toEqual([]);
    expect(r.problems).toEqual([]);
    expect(r.sent + r.uncertain + r.failed).toBe(60);
  }, 60_000);
});
