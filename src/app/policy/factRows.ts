import { sql } from 'kysely';
import type { OrderFacts, OrderLineFacts, ReasonFacts } from '../../domain/policy/facts.js';
import { COUNTED_SETTLEMENT_STATUSES } from '../../domain/settlementStatus.js';
import type { ReferenceData } from '../admin/referenceData.js';

/** Turning database rows into the policy engine's facts, shared by the loader for one order, the
 * batch loader of the simulator and the what-if evaluation. */

/** Order columns, selected beside `orders` joined to its channel and customer; `delivery_refunded`
 * says whether a settlement of an earlier return already paid the standard delivery back. */
export const orderFactColumns = [
  'orders.id',
  'orders.order_number',
  'orders.placed_at',
  'orders.shipping_country',
  'orders.currency',
  'orders.customer_id',
  'orders.shipping_amount',
  sql<boolean>`exists (select 1 from settlements s join returns r on r.id = s.return_id
    where r.order_id = orders.id and s.status in (${sql.join(COUNTED_SETTLEMENT_STATUSES.map((st) => sql.lit(st)))})
      and coalesce((s.breakdown->>'deliveryRefund')::bigint, 0) > 0)`.as('delivery_refunded'),
  'channels.code as channel',
  'customers.segment',
  'customers.tags',
] as const;

export interface OrderFactRow {
  id: string;
  placed_at: Date;
  channel: string;
  shipping_country: string;
  currency: string;
  shipping_amount: number;
  delivery_refunded: boolean | null;
}

/** The order as facts, with its lines already turned into facts. */
export function toOrderFacts(row: OrderFactRow, lines: OrderLineFacts[]): OrderFacts {
  return {
    id: row.id,
    placedAt: row.placed_at,
    channel: row.channel,
    shippingCountry: row.shipping_country,
    currency: row.currency,
    lines,
    standardDelivery: { amount: row.shipping_amount, alreadyRefunded: Boolean(row.delivery_refunded) },
  };
}

/** Product columns of an order line, selected beside `order_lines` joined to variants and products. */
export const productFactColumns = [
  'products.category_id',
  sql<string[]>`coalesce(products.tags, '[]'::jsonb)`.as('tags'),
  sql<boolean>`coalesce(products.final_sale, false)`.as('final_sale'),
  sql<boolean>`coalesce(products.exchange_only, false)`.as('exchange_only'),
  sql<boolean>`coalesce(products.personalised, false)`.as('personalised'),
  sql<boolean>`coalesce(products.perishable, false)`.as('perishable'),
  sql<boolean>`coalesce(products.hygiene_sealed, false)`.as('hygiene_sealed'),
  sql<boolean>`coalesce(products.sealed_media, false)`.as('sealed_media'),
] as const;

export interface ProductFactRow {
  category_id: string | null;
  tags: string[];
  final_sale: boolean;
  exchange_only: boolean;
  personalised: boolean;
  perishable: boolean;
  hygiene_sealed: boolean;
  sealed_media: boolean;
}

export interface OrderLineFactRow extends ProductFactRow {
  id: string;
  sku: string;
  quantity: number;
  paid_amount: number;
  delivered_at: Date | null;
  /** Units and money the shop platform refunded outside Retour. */
  refunded_quantity?: number;
  refunded_amount?: number;
}

/** Category code paths (own code first, then ancestors), computed once per category. */
export function categoryPaths(categories: ReferenceData['categories']): (id: string | null) => string[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const paths = new Map<string, string[]>();
  return (id) => {
    if (!id) return [];
    let path = paths.get(id);
    if (!path) {
      path = [];
      // Bounded walk: a cycle in bad data must not hang a request.
      for (let c = byId.get(id); c && path.length < 20; c = c.parent_id ? byId.get(c.parent_id) : undefined) path.push(c.code);
      paths.set(id, path);
    }
    return [...path];
  };
}

export function productFlags(row: ProductFactRow): OrderLineFacts['flags'] {
  return {
    finalSale: row.final_sale,
    exchangeOnly: row.exchange_only,
    personalised: row.personalised,
    perishable: row.perishable,
    hygieneSealed: row.hygiene_sealed,
    sealedMedia: row.sealed_media,
  };
}

export function toLineFacts(
  row: OrderLineFactRow,
  pathOf: (id: string | null) => string[],
  held: { quantityInReturns: number; exchangesUsed: number },
): OrderLineFacts {
  return {
    id: row.id,
    sku: row.sku,
    // What the shop platform refunded outside Retour can be neither returned nor refunded again:
    // the line is judged as what is left of it.
    quantity: Math.max(0, row.quantity - (row.refunded_quantity ?? 0)),
    quantityInReturns: held.quantityInReturns,
    exchangesUsed: held.exchangesUsed,
    paidAmount: Math.max(0, row.paid_amount - Number(row.refunded_amount ?? 0)),
    deliveredAt: row.delivered_at,
    categoryPath: pathOf(row.category_id),
    productTags: row.tags,
    flags: productFlags(row),
  };
}

/** The reason catalogue as facts, which codes may still be chosen, and their row ids. */
export function reasonCatalogue(reasons: ReferenceData['reasons']) {
  const facts: ReasonFacts[] = reasons.map((r) => ({
    code: r.code,
    parentCode: r.parent_code,
    controllable: r.controllable,
    defect: r.defect,
    requiresPhoto: r.requires_photo,
  }));
  return {
    reasons: facts,
    activeReasons: new Set(reasons.filter((r) => r.active).map((r) => r.code)),
    reasonIds: new Map(reasons.map((r) => [r.code, r.id])),
  };
}
