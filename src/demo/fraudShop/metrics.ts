import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { FRAUD_LABELS, type FraudShop, SHOPPER_LABELS, type ShopperLabel } from './types.js';

/** How well the score's decisions match the labels, per shopper (docs/fraud.md). A shopper is sent
 * to review by the score when any of their returns was: at request (decision.review) or after
 * inspection (held for a person: decision.review at the inspection stage, allow list aside). */
export interface FraudMetrics {
  precision: number;
  recall: number;
  honestReviewRate: number;
  bracketerReviewRate: number;
  /** Per label: shoppers, and how many of them were sent to review. */
  byLabel: Record<ShopperLabel, { shoppers: number; flagged: number }>;
  shoppers: number;
  returns: number;
  assessments: number;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

export async function measureFraudShop(db: RetourDb, shop: FraudShop): Promise<FraudMetrics> {
  const flaggedRows = await sql<{ email: string }>`
    select distinct c.email from risk_assessments a join customers c on c.id = a.customer_id
    where (a.decision->>'review')::boolean and not a.allow_listed and a.stage in ('request', 'inspection')`.execute(db);
  const counts = await sql<{ returns: string; assessments: string }>`
    select (select count(*) from returns) as returns, (select count(*) from risk_assessments) as assessments`.execute(db);
  const flagged = new Set(flaggedRows.rows.map((r) => r.email.toLowerCase()));
  const byLabel = Object.fromEntries(SHOPPER_LABELS.map((l) => [l, { shoppers: 0, flagged: 0 }])) as FraudMetrics['byLabel'];
  for (const s of shop.shoppers) {
    byLabel[s.label].shoppers++;
    if (flagged.has(s.email.toLowerCase())) byLabel[s.label].flagged++;
  }
  const sum = (labels: readonly ShopperLabel[], key: 'shoppers' | 'flagged') => labels.reduce((n, l) => n + byLabel[l][key], 0);
  const fraudFlagged = sum(FRAUD_LABELS, 'flagged');
  const allFlagged = sum(SHOPPER_LABELS, 'flagged');
  return {
    // Every shopper sent to review counts against precision, bracketers too: they are not fraud.
    precision: ratio(fraudFlagged, allFlagged),
    recall: ratio(fraudFlagged, sum(FRAUD_LABELS, 'shoppers')),
    honestReviewRate: ratio(byLabel.honest.flagged, byLabel.honest.shoppers),
    bracketerReviewRate: ratio(byLabel.bracketer.flagged, byLabel.bracketer.shoppers),
    byLabel,
    shoppers: shop.shoppers.length,
    returns: Number(counts.rows[0]?.returns ?? 0),
    assessments: Number(counts.rows[0]?.assessments ?? 0),
  };
}
