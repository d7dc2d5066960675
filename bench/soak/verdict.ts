import { type MinuteStats, percentile } from './load.js';
import type { Backlog } from './probes.js';

/** The soak's definition of flat, after the first minute (warm-up): */
export const FLAT = {
  /** per kind, the last minute's p99 ≤ 1.5 × the second minute's + 5 ms (the 5 ms keeps a 2 ms
   * p99 that becomes 4 ms from counting as growth); */
  p99Ratio: 1.5,
  p99SlackMs: 5,
  /** the server's RSS, fitted by least squares over the samples after minute 1, grows by at most
   * 2 MiB a minute (18 MiB over a ten-minute soak). */
  rssMbPerMinute: 2,
  /** the backlog (outbox events not relayed + jobs due and not taken, PostgreSQL only), fitted
   * the same way, grows by at most 60 a minute: the workers keep up with what the load makes. */
  backlogPerMinute: 60,
  /** Fewer minutes than this judge errors only: there is no minute after the second to compare. */
  minutes: 3,
} as const;

export interface KindReport {
  ops: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  idle: number;
  firstError?: string;
}

/** What one minute of the soak did and how the server was at its end. */
export interface MinuteReport {
  minute: number;
  kinds: Record<string, KindReport>;
  errors: number;
  rssMb: number;
  /** The RSS of each of the server's processes, the first one first. */
  processRssMb: number[];
  serverCpuPercent: number;
  /** HTTP calls answered in the minute, and the CPU the server's processes (its workers too) and
   * the database's backends spent per call: flat when nothing grows per request. */
  calls: number;
  serverCpuMsPerCall: number;
  dbCpuMsPerCall: number | null;
  backlog: Backlog | null;
  /** Returns waiting in the soak's pipeline for the warehouse and for settling; returns closed so far. */
  toReceive: number;
  toSettle: number;
  closed: number;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The per-kind figures of minute `m` (from 0), over `seconds` of it. */
export function kindsOf(stats: MinuteStats, m: number, seconds: number): Record<string, KindReport> {
  const out: Record<string, KindReport> = {};
  for (const [kind, b] of stats.minutes[m] ?? []) {
    const sorted = [...b.latencies].sort((x, y) => x - y);
    out[kind] = {
      ops: b.ops,
      perSecond: round(b.ops / Math.max(seconds, 1), 2),
      p50Ms: round(percentile(sorted, 50)),
      p99Ms: round(percentile(sorted, 99)),
      errors: b.errors,
      idle: b.idle,
      ...(b.firstError ? { firstError: b.firstError } : {}),
    };
  }
  return out;
}

/** One reading of the server every few seconds: its memory and, on PostgreSQL, its backlog. */
export interface Sample {
  minute: number;
  rssMb: number;
  backlog: number | null;
}

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

export interface Verdict {
  ok: boolean;
  errors: number;
  /** Null when the soak was too short to judge flatness. */
  flat: boolean | null;
  rssSlopeMbPerMinute: number;
  /** Null on PGlite, whose backlog cannot be read beside the server. */
  backlogSlopePerMinute: number | null;
  reasons: string[];
}

/** Errors anywhere fail the soak; after warm-up, a p99, the memory or the backlog that grows fails it too. */
export function judge(minutes: readonly MinuteReport[], samples: readonly Sample[], extraErrors: string[]): Verdict {
  const reasons = [...extraErrors];
  const errors = minutes.reduce((s, m) => s + m.errors, 0) + extraErrors.length;
  if (errors > extraErrors.length) reasons.push(`${errors - extraErrors.length} operation(s) failed`);
  const afterWarmUp = samples.filter((s) => s.minute >= 1);
  const rssSlope = round(slope(afterWarmUp.map((s) => ({ x: s.minute, y: s.rssMb }))), 2);
  const withBacklog = afterWarmUp.filter((s) => s.backlog !== null);
  const backlogSlope =
    withBacklog.length > 0 ? round(slope(withBacklog.map((s) => ({ x: s.minute, y: s.backlog as number }))), 1) : null;
  const verdict = { errors, rssSlopeMbPerMinute: rssSlope, backlogSlopePerMinute: backlogSlope, reasons };
  if (minutes.length < FLAT.minutes) {
    reasons.push(`${minutes.length} minute(s): flatness is judged from ${FLAT.minutes} minutes on`);
    return { ok: errors === 0, flat: null, ...verdict };
  }
  let flat = true;
  const second = minutes[1] as MinuteReport;
  const last = minutes[minutes.length - 1] as MinuteReport;
  for (const [kind, early] of Object.entries(second.kinds)) {
    const late = last.kinds[kind];
    if (!late || early.ops === 0 || late.ops === 0) continue;
    const bound = early.p99Ms * FLAT.p99Ratio + FLAT.p99SlackMs;
    if (late.p99Ms > bound) {
      flat = false;
      reasons.push(`${kind}: p99 ${late.p99Ms} ms in the last minute, over ${round(bound)} ms (minute 2: ${early.p99Ms} ms)`);
    }
  }
  if (rssSlope > FLAT.rssMbPerMinute) {
    flat = false;
    reasons.push(`RSS grows ${rssSlope} MiB/min after warm-up (at most ${FLAT.rssMbPerMinute})`);
  }
  if (backlogSlope !== null && backlogSlope > FLAT.backlogPerMinute) {
    flat = false;
    reasons.push(
      `the backlog grows ${backlogSlope} a minute after warm-up (at most ${FLAT.backlogPerMinute}): the workers fall behind`,
    );
  }
  return { ok: errors === 0 && flat, flat, ...verdict };
}

/** One line per minute: per kind "ops per second / p99 ms", then errors, memory, CPU and backlog. */
export function minuteTable(minutes: readonly MinuteReport[], kinds: readonly string[]): string {
  const head = [
    'min',
    ...kinds.map((k) => `${k} /s|p99`),
    'errors',
    'rss_mb',
    'cpu_%',
    'srv_ms/call',
    'pg_ms/call',
    'outbox',
    'jobs',
    'to_recv',
    'to_settle',
  ];
  const rows = minutes.map((m) => [
    String(m.minute),
    ...kinds.map((k) => {
      const r = m.kinds[k];
      return r ? `${r.perSecond.toFixed(1)}|${r.p99Ms.toFixed(0)}` : '-';
    }),
    String(m.errors),
    m.rssMb.toFixed(0),
    m.serverCpuPercent.toFixed(0),
    m.serverCpuMsPerCall.toFixed(2),
    m.dbCpuMsPerCall === null ? '-' : m.dbCpuMsPerCall.toFixed(2),
    m.backlog ? String(m.backlog.outbox) : '-',
    m.backlog ? String(m.backlog.queued) : '-',
    String(m.toReceive),
    String(m.toSettle),
  ]);
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ')).join('\n');
}

/** A minute as one progress line, with the first error of each kind that had one. */
export function minuteLine(m: MinuteReport): string {
  const kinds = Object.entries(m.kinds)
    .map(([kind, k]) => `${kind} ${k.perSecond.toFixed(1)}/s p99 ${k.p99Ms.toFixed(0)} ms${k.errors ? ` ${k.errors} ERR` : ''}`)
    .join(', ');
  const largest = Object.entries(m.backlog?.queuedByQueue ?? {}).sort((a, b) => b[1] - a[1])[0];
  const backlog = m.backlog
    ? `, outbox ${m.backlog.outbox}, jobs due ${m.backlog.queued}${largest ? ` (most: ${largest[0]} ${largest[1]})` : ''}`
    : '';
  const errors = Object.entries(m.kinds)
    .filter(([, k]) => k.firstError)
    .map(([kind, k]) => `\n  ${kind}: first error: ${k.firstError}`)
    .join('');
  const db = m.dbCpuMsPerCall === null ? '' : `, PostgreSQL ${m.dbCpuMsPerCall.toFixed(2)}`;
  return (
    `[soak] minute ${m.minute}: ${kinds}; RSS ${m.rssMb.toFixed(0)} MiB, server CPU ${m.serverCpuPercent.toFixed(0)} %; ` +
    `CPU ms per call: server ${m.serverCpuMsPerCall.toFixed(2)}${db}${backlog}${errors}`
  );
}
