/** Orders, products and variations as WooCommerce's REST API v3 shows them, built from a few facts. */

export type Obj = Record<string, unknown>;

export interface WooLineInput {
  sku: string;
  name?: string;
  productId?: number;
  variationId?: number;
  quantity: number;
  /** One unit, tax included, before discounts, minor units. */
  unitPrice: number;
  /** Coupon discount on the whole line, tax included, minor units. */
  discount?: number;
}

export interface WooOrderInput {
  id?: number;
  number?: string;
  status?: string;
  currency?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  lines: WooLineInput[];
  taxRatePercent?: number;
  shipping?: { title: string; amount: number } | null;
  coupons?: string[];
  /** The gateway; empty for an order paid outside WooCommerce (cash on delivery not yet paid …). */
  paymentMethod?: string;
  paid?: boolean;
  createdAt?: Date;
}

/** A WooCommerce date without zone: the `_gmt` one in UTC, the other in the site's time. */
export const wooDate = (at: Date, offsetHours = 0) => new Date(at.getTime() + offsetHours * 3_600_000).toISOString().slice(0, 19);

/** Decimals as WooCommerce keeps them in line items (more than two places for amounts before tax). */
const dec = (minor: number, places = 2) => (minor / 100).toFixed(places);

/** Amount before tax and the tax of a price including tax. */
function split(gross: number, percent: number): { net: number; tax: number } {
  const net = gross / (1 + percent / 100);
  return { net, tax: gross - net };
}

export const TAX_RATE_ID = 1;

function lineItem(line: WooLineInput, id: number, percent: number): Obj {
  const gross = line.unitPrice * line.quantity;
  const before = split(gross, percent);
  const after = split(gross - (line.discount ?? 0), percent);
  const taxes = percent > 0 ? [{ id: TAX_RATE_ID, total: dec(after.tax, 6), subtotal: dec(before.tax, 6) }] : [];
  return {
    id,
    name: line.name ?? line.sku,
    product_id: line.productId ?? 0,
    variation_id: line.variationId ?? 0,
    quantity: line.quantity,
    tax_class: '',
    subtotal: dec(before.net, 6),
    subtotal_tax: dec(before.tax, 6),
    total: dec(after.net, 6),
    total_tax: dec(after.tax, 6),
    taxes,
    meta_data: [],
    sku: line.sku,
    price: Number((before.net / line.quantity / 100).toFixed(4)),
  };
}

function address(input: WooOrderInput, withEmail: boolean): Obj {
  const a: Obj = {
    first_name: input.firstName ?? 'Sanne',
    last_name: input.lastName ?? 'de Vries',
    company: '',
    address_1: 'Keizersgracht 1',
    address_2: '',
    city: 'Amsterdam',
    state: '',
    postcode: '1015 CJ',
    country: 'NL',
    phone: '+31201234567',
  };
  if (withEmail) a.email = input.email ?? 'sanne@example.nl';
  return a;
}

/** A REST order with totals that add up, tax lines, coupons and shipping. */
export function buildOrder(input: WooOrderInput, id: number, at: Date, offsetHours: number, nextLineId: () => number): Obj {
  const percent = input.taxRatePercent ?? 21;
  const items = input.lines.map((l) => lineItem(l, nextLineId(), percent));
  const sum = (key: string) => items.reduce((s, i) => s + Number(i[key]), 0);
  const ship = input.shipping ? split(input.shipping.amount, percent) : null;
  const discount = input.lines.reduce((s, l) => s + (l.discount ?? 0), 0);
  const discountNet = split(discount, percent);
  const paid = input.paid ?? true;
  const totalTax = sum('total_tax') + (ship ? ship.tax / 100 : 0);
  const total = sum('total') + sum('total_tax') + (ship ? input.shipping!.amount / 100 : 0);
  return {
    id,
    number: input.number ?? String(id),
    order_key: `wc_order_${id}`,
    status: input.status ?? 'processing',
    currency: input.currency ?? 'EUR',
    prices_include_tax: true,
    date_created: wooDate(at, offsetHours),
    date_created_gmt: wooDate(at),
    date_modified: wooDate(at, offsetHours),
    date_modified_gmt: wooDate(at),
    date_paid: paid ? wooDate(at, offsetHours) : null,
    date_paid_gmt: paid ? wooDate(at) : null,
    customer_id: 7,
    customer_note: '',
    billing: address(input, true),
    shipping: address(input, false),
    payment_method: input.paymentMethod ?? 'mollie_wc_gateway_ideal',
    payment_method_title: 'iDEAL',
    transaction_id: paid ? `tr_${id}` : '',
    discount_total: dec(discountNet.net),
    discount_tax: dec(discountNet.tax),
    shipping_total: ship ? dec(ship.net) : '0.00',
    shipping_tax: ship ? dec(ship.tax) : '0.00',
    cart_tax: sum('total_tax').toFixed(2),
    total: total.toFixed(2),
    total_tax: totalTax.toFixed(2),
    line_items: items,
    tax_lines:
      percent > 0
        ? [{ id: 90 + id, rate_code: 'NL-BTW-1', rate_id: TAX_RATE_ID, label: 'BTW', compound: false, rate_percent: percent }]
        : [],
    shipping_lines: input.shipping
      ? [
          {
            id: nextLineId(),
            method_title: input.shipping.title,
            method_id: 'flat_rate',
            total: dec(ship!.net),
            total_tax: dec(ship!.tax),
            taxes: [{ id: TAX_RATE_ID, total: dec(ship!.tax) }],
          },
        ]
      : [],
    fee_lines: [],
    coupon_lines: (input.coupons ?? []).map((code) => ({ id: nextLineId(), code, discount: dec(discountNet.net) })),
    refunds: [],
    meta_data: [],
  };
}

export interface WooProductInput {
  id: number;
  name: string;
  sku?: string;
  price?: number;
  categories?: { id: number; name: string; slug: string }[];
  tags?: string[];
  images?: string[];
  /** A variable product: its attributes in the shop's order, and one variation per combination given. */
  attributes?: { name: string; options: string[] }[];
  variations?: { id: number; sku: string; price: number; options: Record<string, string>; image?: string }[];
  modifiedAt?: Date;
}

export function buildProduct(input: WooProductInput, at: Date): { product: Obj; variations: Obj[] } {
  const variable = Boolean(input.variations?.length);
  const product: Obj = {
    id: input.id,
    name: input.name,
    slug: input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    type: variable ? 'variable' : 'simple',
    status: 'publish',
    sku: input.sku ?? '',
    price: input.price !== undefined ? dec(input.price) : '',
    regular_price: input.price !== undefined ? dec(input.price) : '',
    date_modified: wooDate(at),
    date_modified_gmt: wooDate(at),
    categories: input.categories ?? [],
    tags: (input.tags ?? []).map((name, i) => ({ id: 100 + i, name, slug: name.toLowerCase() })),
    images: (input.images ?? []).map((src, i) => ({ id: 500 + i, src, name: `image-${i}`, alt: i === 0 ? input.name : '' })),
    attributes: (input.attributes ?? []).map((a, i) => ({
      id: 0,
      name: a.name,
      position: i,
      visible: true,
      variation: true,
      options: a.options,
    })),
    variations: (input.variations ?? []).map((v) => v.id),
  };
  const variations = (input.variations ?? []).map((v, i) => ({
    id: v.id,
    sku: v.sku,
    price: dec(v.price),
    regular_price: dec(v.price),
    menu_order: i,
    image: v.image ? { id: 900 + i, src: v.image, alt: '' } : null,
    attributes: Object.entries(v.options).map(([name, option]) => ({ id: 0, name, option })),
    date_modified_gmt: wooDate(at),
  }));
  return { product, variations };
}
