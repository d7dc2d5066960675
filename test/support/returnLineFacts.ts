import type { Insertable } from 'kysely';
import type { RetourDb } from '../../src/db/connection.js';
import type { AnalyticsReturnLinesTable } from '../../src/db/schema/analytics.js';

export type ReturnLineFact = Insertable<AnalyticsReturnLinesTable>;

/** The day an instant falls on in Europe/Amsterdam (the shop's default time zone), as facts keep it. */
export function amsterdamDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(at);
}

let made = 0;

/** A counted return line fact of one unit worth 10.00 EUR, refund requested; `over` sets the rest
 * (the days follow ordered_at and requested_at unless given). */
export function returnLineFact(over: Partial<ReturnLineFact> = {}): ReturnLineFact {
  made++;
  const orderedAt = new Date(over.ordered_at ?? '2026-05-01T10:00:00Z');
  const requestedAt = new Date(over.requested_at ?? '2026-05-10T10:00:00Z');
  return {
    return_line_id: `rl_fact_${made}`,
    return_id: `ret_fact_${made}`,
    return_number: `R-${100_000 + made}`,
    order_id: `ord_fact_${made}`,
    order_line_id: `ol_fact_${made}`,
    customer_id: `cus_fact_${made}`,
    channel_id: 'ch_web',
    country: 'NL',
    segment: 'standard',
    currency: 'EUR',
    sku: 'SKU-1',
    product_id: 'prod_1',
    category_id: 'cat_1',
    status: 'completed',
    acceptance: 'accepted',
    counted: true,
    quantity: 1,
    value_amount: 1_000,
    requested_resolution: 'refund',
    ...over,
    ordered_at: orderedAt,
    ordered_day: over.ordered_day ?? amsterdamDay(orderedAt),
    requested_at: requestedAt,
    requested_day: over.requested_day ?? amsterdamDay(requestedAt),
  };
}

/** Writes facts in batches (a property run writes a few hundred). */
export async function insertReturnLineFacts(db: RetourDb, facts: ReturnLineFact[]): Promise<void> {
  for (let i = 0; i < facts.length; i += 500)
    await db
      .insertInto('analytics_return_lines')
      .values(facts.slice(i, i + 500))
      .execute();
}
