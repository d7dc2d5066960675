import { describe, expect, it } from 'vitest';
import type { AnalyticsFilters, ReasonsReport } from '../src/app/analytics/analyticsTypes.js';
import { reasonsReport, WORDS_PER_REASON } from '../src/app/analytics/queries/reasons.js';
import { NO_KEY_LABEL } from '../src/app/analytics/queries/returnRate.js';
import { bucketOf, bucketsOf, trendInterval } from '../src/domain/analytics/intervals.js';
import {
  inPeriod,
  matchesDimensions,
  overRandomWorlds,
  randomFilters,
  WORLD_CATEGORIES,
  type World,
  worldDatabase,
  writeWorld,
} from './support/analyticsWorld.js';
import { DB_KINDS } from './support/databases.js';
import { returnLineFact } from './support/returnLineFacts.js';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The report computed from the rows one by one (reason labels: the codes, as no reasons are stored). */
function bruteForce(world: World, f: AnalyticsFilters, groupBy: 'product' | 'category', limit: number): ReasonsReport {
  const interval = trendInterval(f.from, f.to);
  const lines = world.lines.filter((l) => l.counted && inPeriod(f, l.requested_day) && matchesDimensions(f, l, true));
  const sum = (list: typeof lines) => list.reduce((n, l) => n + l.quantity, 0);
  const totalUnits = sum(lines);
  const codeOf = (l: (typeof lines)[number]) => l.reason_code ?? '';
  const codes = [...new Set(lines.map(codeOf))];
  const byReason = codes
    .map((code) => {
      const of = lines.filter((l) => codeOf(l) === code);
      const flags = of.map((l) => l.controllable).filter((c) => c !== null && c !== undefined);
      const ids = of.map((l) => l.reason_id).filter((id): id is string => !!id);
      return {
        reasonId: ids.length === 0 ? null : (ids.sort(cmp).at(-1) as string),
        code,
        label: code === '' ? NO_KEY_LABEL : code,
        controllable: flags.length === 0 ? null : flags.some(Boolean),
        units: sum(of),
        share: sum(of) / totalUnits,
      };
    })
    .sort((a, b) => b.units - a.units || cmp(a.code, b.code));
  const keyOf = (l: (typeof lines)[number]) => (groupBy === 'product' ? l.product_id : l.category_id) ?? '';
  const names = new Map(WORLD_CATEGORIES.map((c) => [c.id, c.name]));
  const byGroup = [...new Set(lines.map(keyOf))]
    .map((key) => {
      const of = lines.filter((l) => keyOf(l) === key);
      return {
        key,
        label: key === '' ? NO_KEY_LABEL : groupBy === 'category' ? (names.get(key) ?? key) : key,
        units: sum(of),
        reasons: [...new Set(of.map(codeOf))]
          .map((code) => ({ code, units: sum(of.filter((l) => codeOf(l) === code)) }))
          .sort((a, b) => b.units - a.units || cmp(a.code, b.code)),
      };
    })
    .sort((a, b) => b.units - a.units || cmp(a.key, b.key))
    .slice(0, limit);
  const trend = bucketsOf(f.from, f.to, interval).map((period) => {
    const of = lines.filter((l) => bucketOf(l.requested_day, interval) === period);
    const byCode: Record<string, number> = {};
    for (const l of of) byCode[codeOf(l)] = (byCode[codeOf(l)] ?? 0) + l.quantity;
    return {
      period,
      controllableUnits: sum(of.filter((l) => l.controllable === true)),
      notControllableUnits: sum(of.filter((l) => l.controllable === false)),
      unknownUnits: sum(of.filter((l) => l.controllable === null || l.controllable === undefined)),
      byReason: byCode,
    };
  });
  const commented = lines.filter((l) => (l.comment ?? '').trim() !== '');
  const words = [...new Set(commented.map(codeOf))]
    .map((code) => {
      const counts = new Map<string, number>();
      for (const l of lines.filter((x) => codeOf(x) === code))
        for (const w of l.comment_words ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
      return {
        code,
        comments: commented.filter((l) => codeOf(l) === code).length,
        words: [...counts.entries()]
          .map(([word, count]) => ({ word, count }))
          .sort((a, b) => b.count - a.count || cmp(a.word, b.word))
          .slice(0, WORDS_PER_REASON),
      };
    })
    .sort((a, b) => b.comments - a.comments || cmp(a.code, b.code));
  return {
    currency: f.currency,
    interval,
    totalUnits,
    controllableUnits: sum(lines.filter((l) => l.controllable === true)),
    notControllableUnits: sum(lines.filter((l) => l.controllable === false)),
    unknownUnits: sum(lines.filter((l) => l.controllable === null || l.controllable === undefined)),
    byReason,
    groupBy,
    byGroup,
    trend,
    words,
  };
}

describe.each(DB_KINDS)('reasons report (%s)', (kind) => {
  const suite = worldDatabase(kind);

  it('splits units by reason and controllability, per product, per day, with the words of the comments', async () => {
    await suite.handle.db
      .insertInto('reasons')
      .values([
        {
          id: 'rsn_hand_small',
          code: 'runs_small',
          labels: JSON.stringify({ en: 'Runs small', nl: 'Valt klein' }),
          controllable: true,
        },
        { id: 'rsn_hand_mind', code: 'mind', labels: JSON.stringify({ nl: 'Bedacht' }), controllable: false },
      ])
      .execute();
    await suite.handle.db.insertInto('products').values({ id: 'prod_hand', handle: 'boot', title: 'Boot', tags: '[]' }).execute();
    const small = { reason_id: 'rsn_hand_small', reason_code: 'runs_small', controllable: true };
    const mind = { reason_id: 'rsn_hand_mind', reason_code: 'mind', controllable: false };
    const world: World = {
      sales: [],
      lines: [
        returnLineFact({
          ...small,
          requested_at: '2026-04-01T10:00:00Z',
          product_id: 'prod_hand',
          quantity: 2,
          comment: 'Too small, tight',
          comment_words: ['small', 'tight'],
        }),
        returnLineFact({
          ...small,
          requested_at: '2026-04-02T10:00:00Z',
          product_id: 'prod_hand',
          comment: 'small!',
          comment_words: ['small'],
        }),
        returnLineFact({ ...mind, requested_at: '2026-04-02T10:00:00Z', comment: '   ' }),
        returnLineFact({ requested_at: '2026-04-03T10:00:00Z', quantity: 3 }),
        // Rejected, or requested before the period: left out.
        returnLineFact({ ...small, requested_at: '2026-04-02T10:00:00Z', counted: false }),
        returnLineFact({ ...mind, requested_at: '2026-03-31T10:00:00Z' }),
      ],
    };
    await writeWorld(suite.handle.db, world);
    const report = await reasonsReport(
      suite.ctx,
      { from: '2026-04-01', to: '2026-04-03', currency: 'EUR' },
      { groupBy: 'product', limit: 5 },
    );
    expect(report).toMatchObject({
      interval: 'day',
      totalUnits: 7,
      controllableUnits: 3,
      notControllableUnits: 1,
      unknownUnits: 3,
    });
    expect(report.byReason).toEqual([
      { reasonId: null, code: '', label: NO_KEY_LABEL, controllable: null, units: 3, share: 3 / 7 },
      { reasonId: 'rsn_hand_small', code: 'runs_small', label: 'Runs small', controllable: true, units: 3, share: 3 / 7 },
      { reasonId: 'rsn_hand_mind', code: 'mind', label: 'Bedacht', controllable: false, units: 1, share: 1 / 7 },
    ]);
    expect(report.byGroup).toEqual([
      {
        key: 'prod_1',
        label: 'prod_1',
        units: 4,
        reasons: [
          { code: '', units: 3 },
          { code: 'mind', units: 1 },
        ],
      },
      { key: 'prod_hand', label: 'Boot', units: 3, reasons: [{ code: 'runs_small', units: 3 }] },
    ]);
    expect(report.trend[1]).toEqual({
      period: '2026-04-02',
      controllableUnits: 1,
      notControllableUnits: 1,
      unknownUnits: 0,
      byReason: { runs_small: 1, mind: 1 },
    });
    expect(report.words).toEqual([
      {
        code: 'runs_small',
        comments: 2,
        words: [
          { word: 'small', count: 2 },
          { word: 'tight', count: 1 },
        ],
      },
    ]);
  });

  it('agrees with a computation over the rows one by one', async () => {
    await overRandomWorlds(
      () => suite.handle.db,
      async (world, r) => {
        const groupBy = r.pick(['product' as const, 'category' as const]);
        for (let i = 0; i < 3; i++) {
          const f = randomFilters(r);
          const limit = r.pick([1, 2, 50]);
          expect(await reasonsReport(suite.ctx, f, { groupBy, limit })).toEqual(bruteForce(world, f, groupBy, limit));
        }
      },
    );
  }, 120_000);
});
