import { newId } from '../app/kernel/ids.js';
import type { FullRow } from './bulkInsert.js';
import { buildCatalogue } from './catalogue.js';
import { DAY, type DemoCustomer, type DemoOrder, type SeedVariant } from './orders.js';
import type { DemoRandom } from './random.js';

/** The catalogue as rows, and its variants as the order maker picks them. The catalogue grew over
 * the year before the first demo order. Products are placed in their categories (`categoryOf`,
 * by code) once the categories are in the database. */
export function catalogueRows(days: number, nowMs: number) {
  const catalogue = buildCatalogue();
  const products: FullRow<'products'>[] = [];
  const categoryOf = catalogue.map((p) => p.category);
  const variants: FullRow<'variants'>[] = [];
  const seedVariants: SeedVariant[] = [];
  catalogue.forEach((p, i) => {
    const createdAt = new Date(nowMs - (days + 30 + (catalogue.length - i) * 3) * DAY);
    const productId = newId('prd', createdAt.getTime());
    products.push({
      id: productId,
      handle: p.handle,
      title: p.title,
      brand: p.brand,
      category_id: null,
      tags: JSON.stringify(p.tags),
      final_sale: p.flags.has('finalSale'),
      exchange_only: p.flags.has('exchangeOnly'),
      personalised: p.flags.has('personalised'),
      hygiene_sealed: p.flags.has('hygieneSealed'),
      perishable: p.flags.has('perishable'),
      sealed_media: p.flags.has('sealedMedia'),
      created_at: createdAt,
      connection_id: null,
      external_id: null,
      source_url: null,
      // Option names in the order the variants were made from them (size before colour).
      options: JSON.stringify(Object.keys(p.variants[0]?.options ?? {})),
      images: '[]',
      description: null,
      updated_at: createdAt,
    });
    for (const [position, v] of p.variants.entries()) {
      const id = newId('var', createdAt.getTime());
      const { sku, ean, title, options, price } = v;
      variants.push({
        id,
        product_id: productId,
        sku,
        ean,
        title,
        options: JSON.stringify(options),
        price_amount: price,
        currency: 'EUR',
        position,
        external_id: null,
        external_ref: null,
        image_url: null,
      });
      seedVariants.push({
        id,
        productId,
        sku,
        title,
        price,
        kind: p.kind,
        category: p.category,
        flags: p.flags,
        tags: p.tags,
        options,
      });
    }
  });
  return { products, variants, seedVariants, categoryOf };
}

/** Places each product in its category (`categoryOf`: its code, product by product). */
export function placeInCategories(products: FullRow<'products'>[], categoryOf: string[], categoryIds: Map<string, string>): void {
  for (const [i, p] of products.entries()) p.category_id = categoryIds.get(categoryOf[i] ?? '') ?? null;
}

/** Customers as rows; one with three returns or more is tagged a frequent returner. */
export function customerRows(customers: DemoCustomer[], returnsPerCustomer: Map<string, number>): FullRow<'customers'>[] {
  return customers.map((c) => ({
    id: c.id,
    email: c.person.email,
    first_name: c.person.firstName,
    last_name: c.person.lastName,
    // No phone numbers: made-up numbers could belong to real people.
    phone: null,
    country: c.person.country,
    postcode: c.person.postcode,
    locale: c.person.locale,
    segment: c.segment,
    tags: JSON.stringify((returnsPerCustomer.get(c.id) ?? 0) >= 3 ? [...c.tags, 'frequent-returner'] : c.tags),
    created_at: c.createdAt,
    // Scored when a return of theirs is: the demo's returns are written, not requested.
    risk_score: 0,
    risk_signals: '[]',
    risk_assessed_at: null,
    erased_at: null,
  }));
}

export function orderRows(orders: DemoOrder[], channelIds: Map<string, string>): FullRow<'orders'>[] {
  return orders.map((o) => ({
    id: o.id,
    order_number: o.number,
    channel_id: channelIds.get(o.channel)!,
    customer_id: o.customer.id,
    email: o.customer.person.email,
    currency: o.currency,
    placed_at: o.placedAt,
    shipping_country: o.country,
    shipping_postcode: o.address.postcode,
    shipping_address: JSON.stringify(o.address),
    subtotal_amount: o.subtotal,
    discount_amount: o.discount,
    shipping_amount: o.shipping,
    shipping_premium_amount: o.shippingPremium,
    tax_amount: o.tax,
    total_amount: o.total,
    payment_method: o.paymentMethod,
    // The webshop takes payments through the sandbox provider, so refunds go through without
    // keys (a real shop has Mollie or Stripe here); marketplaces and the store's till settle
    // elsewhere.
    payment_provider: o.channel === 'webshop' ? 'sandbox' : null,
    payment_reference: o.channel === 'webshop' ? `sbx_tr_${o.id.slice(-10)}` : null,
    payment_fingerprint: null,
    external_id: o.externalId,
    created_at: o.placedAt,
    connection_id: null,
    source_updated_at: null,
    cancelled_at: null,
    marketplace: null,
    discount_codes: '[]',
    shipping_lines: '[]',
  }));
}

export function orderLineRows(orders: DemoOrder[]): FullRow<'order_lines'>[] {
  return orders.flatMap((o) =>
    o.lines.map((l) => ({
      id: l.id,
      order_id: o.id,
      line_number: l.lineNumber,
      variant_id: l.variant.id,
      sku: l.variant.sku,
      title: l.variant.title,
      quantity: l.quantity,
      unit_price_amount: l.unitPrice,
      discount_amount: l.discount,
      tax_amount: l.tax,
      tax_rate_bp: l.taxRateBp,
      paid_amount: l.paid,
      delivered_at: l.deliveredAt,
      external_id: null,
      external_ref: null,
      refunded_quantity: 0,
      refunded_amount: 0,
    })),
  );
}

/** Opening stock in the distribution centre, so exchanges have something to offer; some variants
 * are sold out. */
export function openingStock(
  r: DemoRandom,
  variants: FullRow<'variants'>[],
  warehouseId: string,
  nowMs: number,
  days: number,
): FullRow<'stock_movements'>[] {
  return variants.flatMap((v) => {
    const quantity = r.chance(0.15) ? 0 : r.int(1, 40);
    if (quantity === 0) return [];
    return [
      {
        id: newId('stm', nowMs),
        variant_id: v.id,
        warehouse_id: warehouseId,
        condition: 'new' as const,
        quantity,
        kind: 'opening',
        return_line_id: null,
        note: null,
        actor: 'demo',
        created_at: new Date(nowMs - days * DAY),
      },
    ];
  });
}
