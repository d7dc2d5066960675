import type { Insertable } from 'kysely';
import type { RetourDb } from '../../src/db/connection.js';
import type { AnalyticsSalesDaysTable } from '../../src/db/schema/analytics.js';

export type SalesDayFact = Insertable<AnalyticsSalesDaysTable>;

/** One sales-day row: 10 units worth 100.00 EUR of SKU-1 on the web in NL; `over` sets the rest. */
export function salesDayFact(over: Partial<SalesDayFact> = {}): SalesDayFact {
  return {
    day: '2026-05-01',
    currency: 'EUR',
    sku: 'SKU-1',
    channel_id: 'ch_web',
    country: 'NL',
    segment: 'standard',
    variant_id: null,
    product_id: 'prod_1',
    category_id: 'cat_1',
    units: 10,
    value_amount: 10_000,
    lines: 10,
    ...over,
  };
}

/** Writes sales days in batches; rows sharing a key are summed first, as the table keeps one per key. */
export async function insertSalesDayFacts(db: RetourDb, facts: SalesDayFact[]): Promise<void> {
  const byKey = new Map<string, SalesDayFact>();
  for (const f of facts) {
    const key = [f.currency, f.day, f.sku, f.channel_id, f.country, f.segment].join('|');
    const had = byKey.get(key);
    byKey.set(
      key,
      had
        ? {
            ...had,
            units: Number(had.units) + Number(f.units),
            value_amount: Number(had.value_amount) + Number(f.value_amount),
            lines: had.lines + f.lines,
          }
        : { ...f },
    );
  }
  const rows = [...byKey.values()];
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('analytics_sales_days')
      .values(rows.slice(i, i + 500))
      .execute();
}
