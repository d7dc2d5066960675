import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { CarrierName } from '../../../domain/carriers.js';
import type { ClaimStatus } from '../../../domain/parcelClaims.js';
import { decodeCursor, type Page, toPage } from '../../kernel/pagination.js';
import { type ClaimView, claimsQuery, present } from './claimViews.js';

export interface ClaimFilter {
  status?: ClaimStatus;
  carrier?: CarrierName;
  limit: number;
  cursor?: string;
}

/** What the claims of a filter add up to, per currency (a shop may sell in several). */
export interface ClaimTotal {
  currency: string;
  count: number;
  claimed: number;
  paid: number;
}

/** Claims newest first, by status and carrier, with what they add up to (over every page). */
export async function listClaims(db: Kysely<Database>, filter: ClaimFilter): Promise<Page<ClaimView> & { totals: ClaimTotal[] }> {
  let q = claimsQuery(db);
  if (filter.status) q = q.where('c.status', '=', filter.status);
  if (filter.carrier) q = q.where('c.carrier', '=', filter.carrier);
  let page = q;
  if (filter.cursor) page = page.where('c.id', '<', decodeCursor(filter.cursor));
  const rows = await page
    .orderBy('c.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  let totals = db
    .selectFrom('parcel_claims as c')
    .select([
      'c.currency',
      sql<number>`count(*)::int`.as('count'),
      sql<number>`coalesce(sum(c.amount_claimed), 0)::bigint`.as('claimed'),
      sql<number>`coalesce(sum(c.amount_paid), 0)::bigint`.as('paid'),
    ])
    .groupBy('c.currency')
    .orderBy('c.currency');
  if (filter.status) totals = totals.where('c.status', '=', filter.status);
  if (filter.carrier) totals = totals.where('c.carrier', '=', filter.carrier);
  const sums = await totals.execute();
  return {
    ...toPage(rows.map(present), filter.limit),
    totals: sums.map((t) => ({ currency: t.currency, count: t.count, claimed: Number(t.claimed), paid: Number(t.paid) })),
  };
}

/** The claims of one return, oldest first. */
export async function claimsOfReturn(db: Kysely<Database>, returnId: string): Promise<ClaimView[]> {
  const rows = await claimsQuery(db).where('c.return_id', '=', returnId).orderBy('c.id').execute();
  return rows.map(present);
}
