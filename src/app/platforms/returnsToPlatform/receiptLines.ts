import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';

export interface ReceiptLine {
  returnLineId: string;
  lineExternalId: string;
  sku: string;
  /** Units that came back as the item (a wrong item is not it). */
  accepted: number;
  /** Units announced that did not come back as the item: short, or something else came. */
  rejected: number;
  restocked: boolean;
}

/** The return's graded lines the platform has not been told of yet (`reported.receipt` holds the
 * ones it was told of, or refused), with what came back of each and whether it went back on the
 * shelf. Lines the platform does not know (no platform id) are left out. */
export async function receiptToReport(
  db: Kysely<Database>,
  returnId: string,
  reported: { receipt?: Record<string, unknown> },
): Promise<ReceiptLine[]> {
  const rows = await db
    .selectFrom('return_lines as rl')
    .innerJoin('order_lines as ol', 'ol.id', 'rl.order_line_id')
    .select(['rl.id', 'rl.quantity', 'rl.quantity_received', 'rl.reception', 'rl.disposition', 'ol.sku', 'ol.external_id'])
    .where('rl.return_id', '=', returnId)
    .where('rl.acceptance', '=', 'approved')
    .where('rl.disposition', 'is not', null)
    .orderBy('rl.id')
    .execute();
  const done = reported.receipt ?? {};
  return rows.flatMap((r) => {
    if (!r.external_id || done[r.id]) return [];
    const accepted = r.reception === 'wrong_item' ? 0 : Math.min(r.quantity, r.quantity_received);
    return [
      {
        returnLineId: r.id,
        lineExternalId: r.external_id,
        sku: r.sku,
        accepted,
        rejected: Math.max(0, r.quantity - accepted),
        restocked: r.disposition === 'restock' && accepted > 0,
      },
    ];
  });
}
