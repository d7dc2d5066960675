import { describe, expect, it } from 'vitest';
import { MinuteStats, percentile } from '../bench/soak/load.js';
import { FLAT, judge, kindsOf, type MinuteReport, type Sample, slope } from '../bench/soak/verdict.js';

/** A minute where each kind served at `p99Ms`. */
function minute(n: number, p99s: Record<string, number>, errors = 0): MinuteReport {
  return {
    minute: n,
    kinds: Object.fromEntries(
      Object.entries(p99s).map(([kind, p99Ms]) => [
        kind,
        { ops: 100, perSecond: 1.67, p50Ms: p99Ms / 2, p99Ms, errors, idle: 0 },
      ]),
    ),
    errors,
    rssMb: 200,
    processRssMb: [200],
    serverCpuPercent: 10,
    calls: 1000,
    serverCpuMsPerCall: 2,
    dbCpuMsPerCall: null,
    backlog: null,
    toReceive: 0,
    toSettle: 0,
    closed: 0,
  };
}

/** Samples every 5 s over `minutes`: RSS growing `perMinute` MiB a minute, the backlog `backlogPerMinute`. */
const rssGrowing = (minutes: number, perMinute: number, backlogPerMinute = 0): Sample[] =>
  Array.from({ length: minutes * 12 }, (_, i) => ({
    minute: i / 12,
    rssMb: 300 + (i / 12) * perMinute,
    backlog: 40 + Math.round((i / 12) * backlogPerMinute),
  }));

describe('the soak verdict', () => {
  it('fits a line through the samples by least squares', () => {
    expect(slope([1, 2, 3, 4].map((x) => ({ x, y: 3 * x + 7 })))).toBeCloseTo(3);
    expect(slope([{ x: 1, y: 5 }])).toBe(0);
    // Noise around a flat line tilts it little.
    expect(slope([0, 1, 2, 3].map((x) => ({ x, y: x % 2 === 0 ? 10 : 12 })))).toBeCloseTo(0.4);
  });

  it('passes a run without errors whose p99 and memory stay flat after the first minute', () => {
    const minutes = [minute(1, { a: 80 }), minute(2, { a: 20 }), minute(3, { a: 24 }), minute(4, { a: 29 })];
    const v = judge(minutes, rssGrowing(4, 0.5), []);
    expect(v).toMatchObject({ ok: true, flat: true, errors: 0 });
  });

  it('fails a p99 that grows past 1.5 × the second minute (plus the slack), whatever the warm-up did', () => {
    const bound = 20 * FLAT.p99Ratio + FLAT.p99SlackMs;
    const minutes = [minute(1, { a: 500, b: 3 }), minute(2, { a: 20, b: 3 }), minute(3, { a: bound + 1, b: 7 })];
    const v = judge(minutes, rssGrowing(3, 0), []);
    expect(v.ok).toBe(false);
    expect(v.flat).toBe(false);
    expect(v.reasons.join(' ')).toContain('a: p99');
    // A 3 ms p99 that becomes 7 ms stays within the slack.
    expect(v.reasons.join(' ')).not.toContain('b: p99');
  });

  it('fails memory that keeps growing after warm-up, not the growth of the first minute', () => {
    const warmUpOnly = [
      ...Array.from({ length: 12 }, (_, i) => ({ minute: i / 12, rssMb: 100 + i * 20, backlog: null })),
      ...rssGrowing(4, 0).filter((s) => s.minute >= 1),
    ];
    const minutes = [1, 2, 3, 4].map((n) => minute(n, { a: 10 }));
    expect(judge(minutes, warmUpOnly, []).flat).toBe(true);
    const leaking = judge(minutes, rssGrowing(4, FLAT.rssMbPerMinute * 2), []);
    expect(leaking.flat).toBe(false);
    expect(leaking.rssSlopeMbPerMinute).toBeCloseTo(FLAT.rssMbPerMinute * 2);
  });

  it('fails a backlog that keeps growing after warm-up: the workers fall behind', () => {
    const minutes = [1, 2, 3, 4].map((n) => minute(n, { a: 10 }));
    const behind = judge(minutes, rssGrowing(4, 0, FLAT.backlogPerMinute * 3), []);
    expect(behind.flat).toBe(false);
    expect(behind.backlogSlopePerMinute).toBeCloseTo(FLAT.backlogPerMinute * 3, 0);
    expect(judge(minutes, rssGrowing(4, 0, 10), []).flat).toBe(true);
    // PGlite: no backlog to judge.
    const noBacklog = rssGrowing(4, 0).map((s) => ({ ...s, backlog: null }));
    expect(judge(minutes, noBacklog, []).backlogSlopePerMinute).toBeNull();
  });

  it('fails on any error, and judges errors only when the run is too short to judge flatness', () => {
    const flat = [minute(1, { a: 10 }), minute(2, { a: 10 }), minute(3, { a: 10 }, 1)];
    expect(judge(flat, rssGrowing(3, 0), [])).toMatchObject({ ok: false, errors: 1, flat: true });
    expect(judge(flat.slice(0, 1), [], [])).toMatchObject({ ok: true, flat: null });
    expect(judge(flat.slice(0, 1), [], ['the server did not shut down cleanly'])).toMatchObject({ ok: false, errors: 1 });
  });
});

describe('the soak counts', () => {
  it('counts each operation in the minute it ended, the late ones in the last minute', () => {
    const stats = new MinuteStats(1);
    stats.begin(0);
    stats.ok('a', 5, 1_000);
    stats.ok('a', 9, 59_999);
    stats.error('a', 'boom', 61_000);
    stats.ok('a', 40, 200_000); // after the end: still the last minute
    stats.idle('a', 2_000);
    expect(kindsOf(stats, 0, 60)).toEqual({ a: { ops: 2, perSecond: 0.03, p50Ms: 5, p99Ms: 9, errors: 0, idle: 1 } });
    expect(kindsOf(stats, 1, 60).a).toMatchObject({ ops: 1, errors: 1, p99Ms: 40, firstError: 'boom' });
  });

  it('takes the nearest-rank percentile', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile([], 99)).toBe(0);
  });
});
