import type { RetourDb } from '../../db/connection.js';
import { notFound } from '../../domain/errors.js';
import { priceExchange, type SurplusRoute } from '../../domain/exchange.js';
import type { BonusTerms } from '../../domain/refund.js';
import { availableToPromise } from '../catalog/stock.js';

export interface ExchangeVariant {
  variantId: string;
  productId: string;
  productTitle: string;
  title: string;
  sku: string;
  options: Record<string, string>;
  unitPrice: number;
  currency: string;
  available: number;
}

export interface ExchangeOptions {
  orderLineId: string;
  /** What one unit of the line cost the shopper, after discounts: the base of a price difference. */
  paidPerUnit: number;
  /** Other sizes and colours of the same product, in stock, at any price. */
  sameProduct: ExchangeVariant[];
  /** Other products from the same category with something in stock. */
  otherProducts: { productId: string; title: string; variants: ExchangeVariant[] }[];
}

const OTHER_PRODUCTS = 12;

/** What a line of an order can be exchanged for: only variants that can still be promised, in
 * the order's currency. Two queries for the variants plus one for their stock, whatever the size
 * of the catalogue. */
export async function getExchangeOptions(db: RetourDb, orderId: string, orderLineId: string): Promise<ExchangeOptions> {
  const line = await db
    .selectFrom('order_lines as ol')
    .innerJoin('orders as o', 'o.id', 'ol.order_id')
    .leftJoin('variants as v', 'v.id', 'ol.variant_id')
    .leftJoin('products as p', 'p.id', 'v.product_id')
    .select(['ol.id', 'ol.variant_id', 'ol.quantity', 'ol.paid_amount', 'o.currency', 'v.product_id', 'p.category_id'])
    .where('ol.id', '=', orderLineId)
    .where('ol.order_id', '=', orderId)
    .executeTakeFirst();
  if (!line) throw notFound('Order line', orderLineId);
  const paidPerUnit = Math.round(line.paid_amount / Math.max(1, line.quantity));
  if (!line.product_id) return { orderLineId, paidPerUnit, sameProduct: [], otherProducts: [] };

  const candidates = db
    .selectFrom('variants as v')
    .innerJoin('products as p', 'p.id', 'v.product_id')
    .select(['v.id', 'v.product_id', 'p.title as product_title', 'v.title', 'v.sku', 'v.options', 'v.price_amount', 'v.currency'])
    .where('v.currency', '=', line.currency)
    .where('p.final_sale', '=', false);
  const [same, others] = await Promise.all([
    candidates
      .where('v.product_id', '=', line.product_id)
      .where('v.id', '!=', line.variant_id ?? '')
      // In the product's own order (XS, S, M, L, XL), not the alphabet's.
      .orderBy('v.position')
      .orderBy('v.sku')
      .execute(),
    line.category_id
      ? candidates
          .where('p.category_id', '=', line.category_id)
          .where('v.product_id', '!=', line.product_id)
          .orderBy('p.title')
          .orderBy('v.position')
          .orderBy('v.sku')
          .limit(400)
          .execute()
      : Promise.resolve([]),
  ]);
  const stock = await availableToPromise(
    db,
    [...same, ...others].map((v) => v.id),
  );
  const present = (v: (typeof same)[number]): ExchangeVariant => ({
    variantId: v.id,
    productId: v.product_id,
    productTitle: v.product_title,
    title: v.title,
    sku: v.sku,
    options: v.options,
    unitPrice: v.price_amount,
    currency: v.currency,
    available: stock.get(v.id) ?? 0,
  });
  const inStock = (v: ExchangeVariant) => v.available > 0;

  const byProduct = new Map<string, { productId: string; title: string; variants: ExchangeVariant[] }>();
  for (const v of others.map(present).filter(inStock)) {
    const entry = byProduct.get(v.productId) ?? { productId: v.productId, title: v.productTitle, variants: [] };
    entry.variants.push(v);
    byProduct.set(v.productId, entry);
  }
  return {
    orderLineId,
    paidPerUnit,
    sameProduct: same.map(present).filter(inStock),
    otherProducts: [...byProduct.values()].slice(0, OTHER_PRODUCTS),
  };
}

/** The price difference of the exchanges a shopper is weighing, before they confirm, priced as
 * the exchange order will be (priceExchange, with the shop's surplus route): the new variant's
 * price for the quantity minus what the returned units were worth minus the policy's exchange bonus. Positive means the shopper pays
 * the difference; negative, they get it back. */
export async function priceExchangeChoices(
  db: RetourDb,
  currency: string,
  choices: readonly { orderLineId: string; quantity: number; exchangeVariantId?: string | null }[],
  returned: (orderLineId: string) => { value: number; bonusTerms: BonusTerms | null },
  surplusTo: SurplusRoute,
) {
  const ids = [...new Set(choices.flatMap((c) => (c.exchangeVariantId ? [c.exchangeVariantId] : [])))];
  const variants = ids.length
    ? await db
        .selectFrom('variants')
        .select(['id', 'title', 'sku', 'price_amount'])
        .where('id', 'in', ids)
        .where('currency', '=', currency)
        .execute()
    : [];
  const chosen = choices.flatMap((c) => {
    const v = variants.find((x) => x.id === c.exchangeVariantId);
    return v ? [{ c, v }] : [];
  });
  const priced = priceExchange(
    chosen.map(({ c, v }) => {
      const r = returned(c.orderLineId);
      return {
        returnLineId: c.orderLineId,
        quantity: c.quantity,
        unitPrice: v.price_amount,
        returnedValue: r.value,
        bonusTerms: r.bonusTerms,
      };
    }),
    surplusTo,
  );
  return {
    exchanges: chosen.map(({ c, v }, i) => ({
      orderLineId: c.orderLineId,
      variantId: v.id,
      title: v.title,
      sku: v.sku,
      quantity: c.quantity,
      unitPrice: v.price_amount,
      returnedValue: priced.lines[i]?.returnedValue ?? 0,
      bonus: priced.lines[i]?.bonus ?? 0,
      difference: priced.lines[i]?.difference ?? 0,
    })),
    difference: priced.difference,
    bonus: priced.bonus,
  };
}
