import { describe, expect, it } from 'vitest';
import {
  type AnalyticsFilters,
  DRILL_DIMENSIONS,
  type DrillDownPage,
  type DrillDownQuery,
} from '../src/app/analytics/analyticsTypes.js';
import { drillDownReturns } from '../src/app/analytics/queries/drillDown.js';
import {
  inPeriod,
  matchesDimensions,
  overRandomWorlds,
  type Random,
  randomFilters,
  reportedResolutionOf,
  type World,
  worldDatabase,
  writeWorld,
} from './support/analyticsWorld.js';
import { DB_KINDS } from './support/databases.js';
import { type ReturnLineFact, returnLineFact } from './support/returnLineFacts.js';

const NOW = new Date('2026-04-20T00:00:00Z');
const DAY_MS = 86_400_000;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const ms = (v: Date | string | null | undefined) => (v === null || v === undefined ? null : new Date(v).getTime());

const resolutionOf = reportedResolutionOf;

const VALUE_OF: Record<string, (l: ReturnLineFact) => string | null | undefined> = {
  sku: (l) => l.sku,
  product: (l) => l.product_id,
  category: (l) => l.category_id,
  channel: (l) => l.channel_id,
  country: (l) => l.country,
  segment: (l) => l.segment,
  reason: (l) => l.reason_code,
  disposition: (l) => l.disposition,
  grade: (l) => l.grade,
  warehouse: (l) => l.warehouse_id,
  resolution: resolutionOf,
};

/** The page computed from the rows one by one. */
function bruteForce(world: World, f: AnalyticsFilters, q: DrillDownQuery): DrillDownPage {
  const day = (l: ReturnLineFact) => (q.basis === 'ordered' ? l.ordered_day : l.requested_day);
  let lines = world.lines.filter((l) => l.counted && inPeriod(f, day(l)) && matchesDimensions(f, l, true));
  if (q.dimension === 'late') lines = lines.filter((l) => resolutionOf(l) === 'refund');
  else if (q.dimension !== undefined) {
    const value = VALUE_OF[q.dimension] as (l: ReturnLineFact) => string | null | undefined;
    // No key: the lines without a value, whether the facts keep that as null or as ''.
    lines = lines.filter((l) => (q.key === undefined || q.key === '' ? (value(l) ?? '') === '' : value(l) === q.key));
  }
  let returns = [...new Set(lines.map((l) => l.return_id))].map((id) => lines.filter((l) => l.return_id === id));
  if (q.dimension === 'late')
    returns = returns.filter((of) => {
      const start = Math.min(...of.map((l) => ms(l.withdrawal_at) ?? (ms(l.requested_at) as number)));
      const end = of.every((l) => l.refunded_at != null)
        ? Math.max(...of.map((l) => ms(l.refunded_at) as number))
        : NOW.getTime();
      return end - start > 14 * DAY_MS;
    });
  const items = returns
    .map((of) => ({
      returnId: of[0]?.return_id as string,
      number: of[0]?.return_number as string,
      requestedAt: new Date(Math.min(...of.map((l) => ms(l.requested_at) as number))).toISOString(),
      status: of[0]?.status as string,
      units: of.reduce((n, l) => n + l.quantity, 0),
      value: of.reduce((n, l) => n + Number(l.value_amount), 0),
      reasons: [...new Set(of.map((l) => l.reason_code).filter((c): c is string => !!c))].sort(cmp),
    }))
    .sort((a, b) => cmp(b.requestedAt, a.requestedAt) || cmp(b.returnId, a.returnId));
  return { items: items.slice(q.offset, q.offset + q.limit), total: items.length };
}

function randomQuery(r: Random, world: World): DrillDownQuery {
  const dimension = r.chance(0.15) ? undefined : r.pick(DRILL_DIMENSIONS);
  const q: DrillDownQuery = {
    basis: r.pick(['ordered', 'requested'] as const),
    limit: r.pick([1, 5, 100]),
    offset: r.pick([0, 0, 2, 50]),
  };
  if (dimension === undefined) return q;
  q.dimension = dimension;
  if (dimension === 'late') return q;
  const line = r.pick(world.lines);
  const key = (VALUE_OF[dimension] as (l: ReturnLineFact) => string | null | undefined)(line);
  if (key != null) q.key = key;
  return q;
}

describe.each(DB_KINDS)('drill-down to the returns behind a number (%s)', (kind) => {
  const suite = worldDatabase(kind, NOW);

  it('pages the returns of the lines a key stands for, newest request first, with the total', async () => {
    const small = { reason_code: 'too_small', reason_id: 'rsn_small', controllable: true };
    await writeWorld(suite.handle.db, {
      sales: [],
      lines: [
        returnLineFact({
          return_id: 'ret_1',
          return_number: 'R-1',
          requested_at: '2026-04-01T10:00:00Z',
          ...small,
          quantity: 2,
          value_amount: 3_000,
        }),
        returnLineFact({
          return_id: 'ret_1',
          return_number: 'R-1',
          requested_at: '2026-04-01T10:00:00Z',
          reason_code: 'damaged',
          value_amount: 500,
        }),
        returnLineFact({
          return_id: 'ret_2',
          return_number: 'R-2',
          requested_at: '2026-04-03T10:00:00Z',
          ...small,
          status: 'approved',
        }),
        returnLineFact({ return_id: 'ret_3', return_number: 'R-3', requested_at: '2026-04-02T10:00:00Z' }),
        // Rejected: not behind any number.
        returnLineFact({
          return_id: 'ret_4',
          return_number: 'R-4',
          requested_at: '2026-04-02T10:00:00Z',
          ...small,
          counted: false,
        }),
      ],
    });
    const f = { from: '2026-04-01', to: '2026-04-30', currency: 'EUR' };
    const page = await drillDownReturns(suite.ctx, f, {
      basis: 'requested',
      dimension: 'reason',
      key: 'too_small',
      limit: 1,
      offset: 0,
    });
    expect(page).toEqual({
      items: [
        {
          returnId: 'ret_2',
          number: 'R-2',
          requestedAt: '2026-04-03T10:00:00.000Z',
          status: 'approved',
          units: 1,
          value: 1_000,
          reasons: ['too_small'],
        },
      ],
      total: 2,
    });
    const next = await drillDownReturns(suite.ctx, f, {
      basis: 'requested',
      dimension: 'reason',
      key: 'too_small',
      limit: 1,
      offset: 1,
    });
    expect(next.items.map((i) => [i.returnId, i.units, i.value, i.reasons])).toEqual([['ret_1', 2, 3_000, ['too_small']]]);
    const noReason = await drillDownReturns(suite.ctx, f, { basis: 'requested', dimension: 'reason', limit: 10, offset: 0 });
    expect(noReason.items.map((i) => i.returnId)).toEqual(['ret_3']);
    const all = await drillDownReturns(suite.ctx, f, { basis: 'requested', limit: 10, offset: 5 });
    expect(all).toEqual({ items: [], total: 3 });
  });

  it('opens the "—" segment row: customers without a segment, kept as \'\'', async () => {
    const day = { requested_at: '2026-05-02T10:00:00Z' };
    await writeWorld(suite.handle.db, {
      sales: [],
      lines: [
        returnLineFact({ ...day, return_id: 'ret_s1', return_number: 'S-1', segment: '' }),
        returnLineFact({ ...day, return_id: 'ret_s2', return_number: 'S-2', segment: 'vip' }),
      ],
    });
    const f = { from: '2026-05-01', to: '2026-05-31', currency: 'EUR' };
    for (const key of [undefined, ''] as const) {
      const page = await drillDownReturns(suite.ctx, f, {
        basis: 'requested',
        dimension: 'segment',
        ...(key === undefined ? {} : { key }),
        limit: 10,
        offset: 0,
      });
      expect(page.items.map((i) => i.returnId)).toEqual(['ret_s1']);
    }
  });

  it('agrees with a computation over the rows one by one', async () => {
    await overRandomWorlds(
      () => suite.handle.db,
      async (world, r) => {
        for (let i = 0; i < 6; i++) {
          const f = randomFilters(r);
          const q = randomQuery(r, world);
          expect(await drillDownReturns(suite.ctx, f, q)).toEqual(bruteForce(world, f, q));
        }
      },
    );
  }, 120_000);
});
