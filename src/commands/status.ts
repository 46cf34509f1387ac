import { openStore } from '../store/sqlite-store.js';
import type { DeliveryStatus, DeliveryView } from '../store/types.js';
import { CommandFailed, commandContext, type GlobalOptions } from './context.js';

export interface StatusOptions {
  json?: boolean;
  limit?: string;
  status?: string;
  channel?: string;
}

const STATUSES: DeliveryStatus[] = ['queued', 'sending', 'sent', 'failed', 'uncertain', 'skipped', 'dry-run'];

function iso(ms: number | null | undefined): string | undefined {
  return ms === null || ms === undefined ? undefined : new Date(ms).toISOString();
}

export function deliveryJson(d: DeliveryView): Record<string, unknown> {
  return {
    id: d.id,
    articleId: d.articleId,
    title: d.articleTitle,
    articleUrl: d.articleUrl,
    channel: d.channel,
    platform: d.platform,
    status: d.status,
    attempts: d.attempts,
    scheduledAt: iso(d.scheduledAt),
    nextAttemptAt: iso(d.nextAttemptAt),
    remoteId: d.remoteId,
    remoteUrl: d.remoteUrl,
    lastErrorKind: d.lastErrorKind,
    lastError: d.lastError,
    createdAt: iso(d.createdAt),
    sentAt: iso(d.sentAt),
  };
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s.padEnd(n) : `${s.slice(0, n - 1)}…`;
}

function row(d: DeliveryView): string {
  const when =
    d.status === 'queued'
      ? `next ${iso(d.nextAttemptAt) ?? '-'}`
      : d.sentAt
        ? `sent ${iso(d.sentAt)}`
        : `upd. ${iso(d.updatedAt)}`;
  const tail =
    d.remoteUrl ?? (d.lastError ? `${d.lastErrorKind ?? 'error'}: ${d.lastError}` : (d.articleUrl ?? ''));
  return [
    String(d.id).padStart(6),
    d.status.padEnd(9),
    truncate(d.channel, 10),
    String(d.attempts).padStart(3),
    when.padEnd(30),
    truncate(d.articleTitle, 40),
    tail,
  ].join('  ');
}

export async function statusCommand(opts: StatusOptions, global: GlobalOptions): Promise<void> {
  const ctx = commandContext(global, { logLevel: 'warn', logToStderr: true });
  const limit = opts.limit === undefined ? 50 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 0) {
    throw new CommandFailed(`--limit must be a whole number (0 for all), got "${opts.limit}"`, 2);
  }
  const statuses = opts.status?.split(',').map((s) => s.trim()) as DeliveryStatus[] | undefined;
  const bad = statuses?.filter((s) => !STATUSES.includes(s));
  if (bad && bad.length > 0) {
    throw new CommandFailed(`--status: unknown status "${bad[0]}"; one of ${STATUSES.join(', ')}`, 2);
  }
  const store = openStore({ dataDir: ctx.config.dataDir, scrub: ctx.scrub });
  try {
    const deliveries = store.listDeliveries({
      ...(limit > 0 ? { limit } : {}),
      ...(statuses ? { status: statuses } : {}),
      ...(opts.channel ? { channel: opts.channel } : {}),
    });
    const counts = store.countByStatus();
    if (opts.json) {
      ctx.out(JSON.stringify({ counts, deliveries: deliveries.map(deliveryJson) }));
      return;
    }
    const totals = new Map<string, number>();
    for (const c of counts) totals.set(c.status, (totals.get(c.status) ?? 0) + c.count);
    ctx.out(
      STATUSES.filter((s) => totals.has(s))
        .map((s) => `${s} ${totals.get(s)}`)
        .join(' · ') || 'no deliveries yet',
    );
    if (deliveries.length === 0) return;
    ctx.out(
      [
        '    ID',
        'STATUS   ',
        'CHANNEL   ',
        'ATT',
        'WHEN'.padEnd(30),
        'ARTICLE'.padEnd(40),
        'URL / LAST ERROR',
      ].join('  '),
    );
    for (const d of deliveries) ctx.out(row(d));
    const uncertain = totals.get('uncertain') ?? 0;
    if (uncertain > 0) {
      ctx.out(
        `\n${uncertain} uncertain: the platform may have these posts. Check each, then \`crier retry <id>\` ` +
          'to send it again, or leave it.',
      );
    }
  } finally {
    store.close();
  }
}

export interface RetryOptions {
  failed?: boolean;
  uncertain?: boolean;
}

export async function retryCommand(ids: string[], opts: RetryOptions, global: GlobalOptions): Promise<void> {
  const ctx = commandContext(global, { logLevel: 'warn', logToStderr: true });
  const chosen = [ids.length > 0, Boolean(opts.failed), Boolean(opts.uncertain)].filter(Boolean).length;
  if (chosen !== 1) {
    throw new CommandFailed('crier retry: give delivery ids, or --failed, or --uncertain (one of them)', 2);
  }
  const numbers = ids.map((s) => Number(s));
  const badId = ids.find((_s, i) => !Number.isInteger(numbers[i]) || numbers[i]! <= 0);
  if (badId !== undefined) throw new CommandFailed(`crier retry: "${badId}" is not a delivery id`, 2);
  const store = openStore({ dataDir: ctx.config.dataDir, scrub: ctx.scrub });
  try {
    const requeued = store.requeue(
      ids.length > 0 ? { ids: numbers } : { status: opts.failed ? 'failed' : 'uncertain' },
      Date.now(),
    );
    for (const n of numbers.filter((n) => !requeued.includes(n))) {
      const d = store.getDelivery(n);
      ctx.err(
        d
          ? `crier: delivery ${n} is ${d.status}: only failed, uncertain or skipped ones are retried`
          : `crier: no delivery ${n}`,
      );
    }
    ctx.out(
      requeued.length === 0
        ? 'nothing to retry'
        : `queued again: ${requeued.join(', ')} (the running service sends them on its next tick)`,
    );
    if (ids.length > 0 && requeued.length < numbers.length) {
      throw new CommandFailed(
        `${numbers.length - requeued.length} of ${numbers.length} ids were not queued again`,
      );
    }
  } finally {
    store.close();
  }
}
