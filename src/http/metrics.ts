import type { DeliveryStatus } from '../store/types.js';

const STATUSES: DeliveryStatus[] = ['queued', 'sending', 'sent', 'failed', 'uncertain', 'skipped', 'dry-run'];

/** Histogram buckets (seconds) for one platform call: from a fast API answer to a slow upload. */
export const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface Metrics {
  /** Records how long one platform call of `channel` took. */
  observeLatency(channel: string, ms: number): void;
  /** Prometheus text exposition format 0.0.4. */
  render(): string;
}

export type CountByStatus = () => { channel: string; status: DeliveryStatus; count: number }[];

/** Content-Type of `render()` output. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function num(n: number): string {
  if (n === Infinity) return '+Inf';
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}

interface Histogram {
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * Hand-written Prometheus metrics (no prom-client: two metric families do not need a registry):
 * `crier_deliveries{channel,status}` gauges read from the store at scrape time, and the
 * `crier_platform_latency_seconds{channel}` histogram fed by the dispatcher.
 */
export function createMetrics(countByStatus: CountByStatus): Metrics {
  const latency = new Map<string, Histogram>();
  return {
    observeLatency(channel, ms) {
      if (!Number.isFinite(ms) || ms < 0) return;
      const seconds = ms / 1000;
      let h = latency.get(channel);
      if (!h) {
        h = { buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
        latency.set(channel, h);
      }
      LATENCY_BUCKETS.forEach((le, i) => {
        if (seconds <= le) h.buckets[i]!++;
      });
      h.sum += seconds;
      h.count++;
    },
    render() {
      const lines: string[] = [
        '# HELP crier_deliveries Deliveries by channel and status.',
        '# TYPE crier_deliveries gauge',
      ];
      // Every status of every known channel, so a series drops to 0 instead of disappearing.
      const counts = new Map<string, Map<DeliveryStatus, number>>();
      for (const row of countByStatus()) {
        const byStatus = counts.get(row.channel) ?? new Map<DeliveryStatus, number>();
        byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + row.count);
        counts.set(row.channel, byStatus);
      }
      for (const channel of [...counts.keys()].sort()) {
        for (const status of STATUSES) {
          const value = counts.get(channel)!.get(status) ?? 0;
          lines.push(`crier_deliveries{channel="${label(channel)}",status="${status}"} ${value}`);
        }
      }
      lines.push(
        '# HELP crier_platform_latency_seconds Time one platform API call took.',
        '# TYPE crier_platform_latency_seconds histogram',
      );
      for (const channel of [...latency.keys()].sort()) {
        const h = latency.get(channel)!;
        const c = label(channel);
        LATENCY_BUCKETS.forEach((le, i) => {
          lines.push(`crier_platform_latency_seconds_bucket{channel="${c}",le="${num(le)}"} ${h.buckets[i]}`);
        });
        lines.push(`crier_platform_latency_seconds_bucket{channel="${c}",le="+Inf"} ${h.count}`);
        lines.push(`crier_platform_latency_seconds_sum{channel="${c}"} ${num(h.sum)}`);
        lines.push(`crier_platform_latency_seconds_count{channel="${c}"} ${h.count}`);
      }
      return `${lines.join('\n')}\n`;
    },
  };
}
