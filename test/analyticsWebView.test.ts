import { describe, expect, it } from 'vitest';
import type { CostsReport } from '../web/admin/src/pages/analytics/analyticsWire.js';
import { summarise } from '../web/admin/src/pages/analytics/chartSpec.js';
import { costSteps } from '../web/admin/src/pages/analytics/costSteps.js';
import {
  filtersOnlySearch,
  OPERATIONS_FILTER_KEYS,
  readDrill,
  readFilters,
  viewSearch,
} from '../web/admin/src/pages/analytics/filters.js';
import { bucketRange, presetOf, presetRange } from '../web/admin/src/pages/analytics/periods.js';

// The analytics dashboards keep their view in the address: what goes in must come back out, and
// a trend bucket's drill-down covers exactly its days within the period asked.
describe('analytics view in the address', () => {
  it('reads back the filters and drill-down it wrote', () => {
    const filters = { from: '2026-09-01', to: '2026-11-30', country: 'BE', product: 'prd_tee', currency: 'SEK' };
    const drill = { dimension: 'reason' as const, key: 'too_small', label: 'Too small' };
    const search = viewSearch(filters, drill);
    expect(readFilters(search)).toEqual(filters);
    expect(readDrill(search)).toEqual(drill);
    expect(readDrill(filtersOnlySearch(search))).toBeNull();
    expect(readFilters(filtersOnlySearch(search))).toEqual(filters);
  });

  it('reads only the operations filters for staff who see only the operations dashboards', () => {
    const search = viewSearch(
      { from: '2026-09-01', to: '2026-11-30', country: 'BE', product: 'prd_tee', warehouse: 'wh_dc' },
      null,
    );
    expect(readFilters(search, OPERATIONS_FILTER_KEYS)).toEqual({ from: '2026-09-01', to: '2026-11-30', warehouse: 'wh_dc' });
  });

  it('breaks the costs down in steps that add up to the net loss', () => {
    const report = {
      refunded: 10_000,
      creditIssued: 2_000,
      exchangeValue: 3_000,
      labelCost: 700,
      handlingCost: 450,
      valueRecovered: 6_000,
      feesCharged: 500,
      netLoss: 10_150,
    } as CostsReport;
    expect(costSteps(report).reduce((sum, [, v]) => sum + v, 0)).toBe(report.netLoss);
  });

  it('leaves out a period that is not two days in order, so the default applies', () => {
    expect(readFilters('?from=2026-11-30&to=2026-09-01&channel=web')).toEqual({ channel: 'web' });
    expect(readFilters('?from=yesterday&to=2026-09-01')).toEqual({});
    expect(readFilters('?from=2026-09-01')).toEqual({});
  });

  it('knows a preset from its days', () => {
    expect(presetRange('7d', '2026-12-07')).toEqual({ from: '2026-12-01', to: '2026-12-07' });
    expect(presetRange('90d', '2026-12-07')).toEqual({ from: '2026-09-09', to: '2026-12-07' });
    expect(presetRange('year', '2026-12-07')).toEqual({ from: '2026-01-01', to: '2026-12-07' });
    expect(presetOf({ from: '2026-09-09', to: '2026-12-07' }, '2026-12-07')).toBe('90d');
    expect(presetOf({ from: '2026-09-10', to: '2026-12-07' }, '2026-12-07')).toBeNull();
  });

  it('gives a trend bucket its own days, within the period', () => {
    const period = { from: '2026-09-03', to: '2026-11-20' };
    expect(bucketRange('2026-09-03', 'day', period)).toEqual({ from: '2026-09-03', to: '2026-09-03' });
    // The first week starts on the Monday before the period: only the period's days count.
    expect(bucketRange('2026-08-31', 'week', period)).toEqual({ from: '2026-09-03', to: '2026-09-06' });
    expect(bucketRange('2026-10-05', 'week', period)).toEqual({ from: '2026-10-05', to: '2026-10-11' });
    expect(bucketRange('2026-11-01', 'month', period)).toEqual({ from: '2026-11-01', to: '2026-11-20' });
    expect(bucketRange('2026-02-01', 'month', { from: '2026-01-01', to: '2026-12-31' })).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
  });

  it('puts a chart in words: each category with its figures, the first few when there are many', () => {
    const pct = (v: number) => `${Math.round(v * 100)}%`;
    expect(
      summarise('Return rate per product', {
        categories: ['Tee', 'Jacket'],
        series: [{ name: 'Rate', values: [0.25, null] }],
        format: [pct],
      }),
    ).toBe('Return rate per product. Tee: 25%; Jacket: —');
    const many = summarise(
      'Units',
      {
        categories: ['a', 'b', 'c'],
        series: [
          { name: 'Sold', values: [1, 2, 3] },
          { name: 'Returned', values: [0, 1, 0] },
        ],
        format: [String],
      },
      2,
    );
    expect(many).toBe('Units. a: Sold 1, Returned 0; b: Sold 2, Returned 1 (+1)');
  });
});
