import { shopReasonFor } from '../../../domain/marketplaceReturns.js';
import type { MarketplaceReturn } from '../../catalog/connections/port.js';
import type { Tx } from '../../kernel/transaction.js';

export interface OrderLineToReturn {
  orderLineId: string;
  quantity: number;
}

/**
 * The order lines a marketplace return takes back: each of its lines is found by the order line's
 * platform id (the product number, `#n` after it for the n-th line of one product) or SKU, and its
 * units are spread over the order's lines of that product in order. Units the order does not have
 * are left out (the policy's quantity check would refuse them anyway).
 */
export async function orderLinesOf(tx: Tx, orderId: string, announced: MarketplaceReturn['lines']): Promise<OrderLineToReturn[]> {
  const rows = await tx
    .selectFrom('order_lines')
    .select(['id', 'sku', 'external_id', 'quantity'])
    .where('order_id', '=', orderId)
    .orderBy('line_number')
    .execute();
  const left = new Map(rows.map((r) => [r.id, r.quantity]));
  const taken = new Map<string, number>();
  for (const line of announced) {
    const product = line.lineExternalId ?? line.sku;
    const matches = rows.filter(
      (r) =>
        r.external_id === product || r.external_id?.replace(/#\d+$/, '') === product || (!r.external_id && r.sku === line.sku),
    );
    let units = line.quantity;
    for (const row of matches) {
      const take = Math.min(units, left.get(row.id) ?? 0);
      if (take <= 0) continue;
      left.set(row.id, (left.get(row.id) ?? 0) - take);
      taken.set(row.id, (taken.get(row.id) ?? 0) + take);
      units -= take;
      if (units === 0) break;
    }
  }
  return [...taken].map(([orderLineId, quantity]) => ({ orderLineId, quantity }));
}

/**
 * The shop's active reason for a marketplace reason: the connection's map or the default one,
 * read through the mapped reason's parents; when the shop has none of those, its `other` reason,
 * else its first active top-level reason (the marketplace's own reason stays in the comment).
 */
export async function shopReasonCode(tx: Tx, marketplaceReason: string, reasonMap: Record<string, string> | undefined) {
  const reasons = await tx
    .selectFrom('reasons')
    .select(['id', 'code', 'parent_id', 'active', 'position'])
    .orderBy('position')
    .orderBy('code')
    .execute();
  const byCode = new Map(reasons.map((r) => [r.code, r]));
  const byId = new Map(reasons.map((r) => [r.id, r]));
  let current = byCode.get(shopReasonFor(marketplaceReason, reasonMap) ?? '');
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    if (current.active) return current.code;
    seen.add(current.id);
    current = current.parent_id ? byId.get(current.parent_id) : undefined;
  }
  const other = byCode.get('other');
  if (other?.active) return other.code;
  return reasons.find((r) => r.active && !r.parent_id)?.code ?? null;
}
