import type { RetourDb } from '../../../db/connection.js';
import { shopifyReturnReason } from '../../../domain/platformReturnReasons.js';
import type { PlatformReturnRequest } from '../../catalog/connections/port.js';

/** A reason's code followed by its parents' codes, nearest first (a loop in bad data stops it). */
function codeChain(reasonId: string | null, reasons: Map<string, { code: string; parent_id: string | null }>): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  let current = reasonId;
  while (current && !seen.has(current)) {
    seen.add(current);
    const reason = reasons.get(current);
    if (!reason) break;
    chain.push(reason.code);
    current = reason.parent_id;
  }
  return chain;
}

/**
 * What the platform is asked to register for a return: its approved lines that the platform knows
 * (by the order line's platform id and reference: Shopify's fulfillment line item), each with its
 * quantity, the platform's reason for Retour's (see src/domain/platformReturnReasons.ts) and the
 * shopper's comment, and the return-shipping fee the shopper was charged.
 */
export async function platformReturnRequest(
  db: RetourDb,
  target: { returnId: string; number: string; orderExternalId: string; currency: string; shippingFee: number },
): Promise<PlatformReturnRequest> {
  const [lines, reasonRows] = await Promise.all([
    db
      .selectFrom('return_lines as rl')
      .innerJoin('order_lines as ol', 'ol.id', 'rl.order_line_id')
      .select(['rl.id', 'rl.quantity', 'rl.reason_id', 'rl.comment', 'ol.sku', 'ol.external_id', 'ol.external_ref'])
      .where('rl.return_id', '=', target.returnId)
      .where('rl.acceptance', '=', 'approved')
      .orderBy('ol.line_number')
      .orderBy('rl.id')
      .execute(),
    db.selectFrom('reasons').select(['id', 'code', 'parent_id', 'labels']).execute(),
  ]);
  const reasons = new Map(reasonRows.map((r) => [r.id, r]));
  return {
    returnNumber: target.number,
    orderExternalId: target.orderExternalId,
    lines: lines.flatMap((l) => {
      if (!l.external_id) return [];
      const reason = l.reason_id ? reasons.get(l.reason_id) : undefined;
      const label = reason ? (reason.labels.en ?? Object.values(reason.labels)[0] ?? null) : null;
      const mapped = shopifyReturnReason(codeChain(l.reason_id, reasons), label, l.comment);
      return [
        {
          lineExternalId: l.external_id,
          lineRef: l.external_ref ?? {},
          sku: l.sku,
          quantity: l.quantity,
          reason: mapped.reason,
          note: mapped.note,
        },
      ];
    }),
    shippingFee: Number(target.shippingFee),
    currency: target.currency,
  };
}
