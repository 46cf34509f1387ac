import { describe, expect, it } from 'vitest';
import { createMetrics, LATENCY_BUCKETS } from '../../src/http/metrics.js';

/** Every sample line as [name{labels}, value]. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    out.set(m[1]!, Number(m[2]));
  }
  return out;
}

describe('metrics', () => {
  it('renders delivery counts as gauges, with every status of a known channel', () => {
    const metrics = createMetrics(() => [
      { channel: 'tg', status: 'sent', count: 3 },
      { channel: 'tg', status: 'failed', count: 1 },
      { channel: 'x-main', status: 'queued', count: 2 },
    ]);
    const text = metrics.render();
    expect(text).toContain('# TYPE crier_deliveries gauge\n');
    expect(text.endsWith('\n')).toBe(true);
    const s = samples(text);
    expect(s.get('crier_deliveries{channel="tg",status="sent"}')).toBe(3);
    expect(s.get('crier_deliveries{channel="tg",status="failed"}')).toBe(1);
    expect(s.get('crier_deliveries{channel="tg",status="queued"}')).toBe(0);
    expect(s.get('crier_deliveries{channel="x-main",status="queued"}')).toBe(2);
    expect([...s.keys()].filter((k) => k.startsWith('crier_deliveries{'))).toHaveLength(14);
  });

  it('renders a cumulative latency histogram per channel in seconds', () => {
    const metrics = createMetrics(() => []);
    metrics.observeLatency('tg', 80);
    metrics.observeLatency('tg', 400);
    metrics.observeLatency('tg', 120_000);
    const text = metrics.render();
    expect(text).toContain('# TYPE crier_platform_latency_seconds histogram\n');
    const s = samples(text);
    expect(s.get('crier_platform_latency_seconds_bucket{channel="tg",le="0.05"}')).toBe(0);
    expect(s.get('crier_platform_latency_seconds_bucket{channel="tg",le="0.1"}')).toBe(1);
    expect(s.get('crier_platform_latency_seconds_bucket{channel="tg",le="0.5"}')).toBe(2);
    expect(s.get('crier_platform_latency_seconds_bucket{channel="tg",le="60"}')).toBe(2);
    expect(s.get('crier_platform_latency_seconds_bucket{channel="tg",le="+Inf"}')).toBe(3);
    expect(s.get('crier_platform_latency_seconds_count{channel="tg"}')).toBe(3);
    expect(s.get('crier_platform_latency_seconds_sum{channel="tg"}')).toBeCloseTo(120.48);
    const buckets = LATENCY_BUCKETS.map((le) =>
      s.get(`crier_platform_latency_seconds_bucket{channel="tg",le="${le}"}`)!,
    );
    expect([...buckets].sort((a, b) => a - b)).toEqual(buckets);
  });

  it('escapes label values', () => {
    const metrics = createMetrics(() => [{ channel: 'a"b\\c\nd', status: 'sent', count: 1 }]);
    expect(metrics.render()).toContain('crier_deliveries{channel="a\\"b\\\\c\\nd",status="sent"} 1\n');
  });
});
