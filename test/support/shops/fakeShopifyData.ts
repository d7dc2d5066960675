import type { FakeObject } from './graphqlExecutor.js';

/** A line of a seeded order: prices as Shopify's decimal strings. */
export interface FakeLineInput {
  sku: string;
  title?: string;
  quantity: number;
  /** Price of one unit (tax included unless the order says otherwise), e.g. "49.95". */
  price: string;
  /** Discount on the whole line, e.g. "5.00". */
  discount?: string;
  /** Tax rate as a fraction (0.21). */
  taxRate?: number;
  /** False leaves the line unfulfilled (not returnable on Shopify). */
  fulfilled?: boolean;
}

export interface FakeOrderInput {
  email?: string;
  currency?: string;
  createdAt?: string;
  updatedAt?: string;
  lines: FakeLineInput[];
  shipping?: { title: string; price: string }[];
  discountCodes?: string[];
  /** OrderDisplayFinancialStatus; PAID by default. */
  financialStatus?: string;
  /** The gateway of the sale; null for none (a manual or unpaid order). */
  gateway?: string | null;
  /** The fulfilment's deliveredAt (null: the carrier never reported it). */
  deliveredAt?: string | null;
  /** A DELIVERED fulfilment event at this moment (the fallback when deliveredAt is null). */
  deliveryEventAt?: string | null;
  tags?: string[];
  cancelledAt?: string | null;
  taxesIncluded?: boolean;
  /** The shopper paid in another currency than the shop's (Shopify Markets): every amount's
   * presentmentMoney is its shopMoney times `rate`, in `currency`. */
  presentment?: { currency: string; rate: number };
  customer?: { firstName?: string; lastName?: string; locale?: string; phone?: string | null };
  address?: { address1?: string; address2?: string | null; zip?: string; city?: string; countryCode?: string };
}

export interface FakeProductInput {
  title: string;
  handle?: string;
  vendor?: string;
  productType?: string;
  category?: { id: string; name: string } | null;
  tags?: string[];
  options: string[];
  images?: { url: string; alt?: string | null }[];
  variants: { sku: string; price: string; options: Record<string, string>; barcode?: string; imageUrl?: string }[];
  updatedAt?: string;
}

export const toMinor = (decimal: string) => Math.round(Number(decimal) * 100);
export const toAmount = (minor: number) => (minor / 100).toFixed(2);

export function moneyBag(minor: number, currency: string): FakeObject {
  const money = { __typename: 'MoneyV2', amount: toAmount(minor), currencyCode: currency };
  return { __typename: 'MoneyBag', shopMoney: money, presentmentMoney: { ...money } };
}

let sequence = 1000;
/** A fresh numeric id (unique across fakes in one test process). */
export const nextId = () => ++sequence;
export const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;

/** A variant as the order's lines and the inventory refer to it. */
export function variantObject(sku: string, price: string, title = 'Default Title'): FakeObject {
  const id = nextId();
  return {
    __typename: 'ProductVariant',
    id: gid('ProductVariant', id),
    legacyResourceId: String(id),
    sku,
    barcode: null,
    title,
    price,
    position: 1,
    selectedOptions: [],
    media: [],
    image: null,
    inventoryItem: { __typename: 'InventoryItem', id: gid('InventoryItem', nextId()), sku },
    product: null,
  };
}

function lineObject(line: FakeLineInput, variant: FakeObject, currency: string, taxesIncluded: boolean): FakeObject {
  const unit = toMinor(line.price);
  const discount = toMinor(line.discount ?? '0');
  const rate = line.taxRate ?? 0.21;
  const net = unit * line.quantity - discount;
  const tax = taxesIncluded ? Math.round((net * rate) / (1 + rate)) : Math.round(net * rate);
  const after = Math.round((unit * line.quantity - discount) / line.quantity);
  return {
    __typename: 'LineItem',
    id: gid('LineItem', nextId()),
    sku: line.sku,
    title: line.title ?? line.sku,
    name: line.title ?? line.sku,
    variantTitle: variant.title,
    quantity: line.quantity,
    currentQuantity: line.quantity,
    refundableQuantity: line.quantity,
    originalUnitPriceSet: moneyBag(unit, currency),
    discountedUnitPriceSet: moneyBag(unit, currency),
    discountedUnitPriceAfterAllDiscountsSet: moneyBag(after, currency),
    totalDiscountSet: moneyBag(discount, currency),
    discountAllocations: discount ? [{ __typename: 'DiscountAllocation', allocatedAmountSet: moneyBag(discount, currency) }] : [],
    taxLines: [{ __typename: 'TaxLine', rate, ratePercentage: rate * 100, title: 'VAT', priceSet: moneyBag(tax, currency) }],
    product: variant.product ? { __typename: 'Product', id: (variant.product as FakeObject).id } : null,
    variant,
  };
}

/** A paid (by default) order with its lines, one fulfilment of the fulfilled lines, shipping and a sale. */
export function orderObject(
  input: FakeOrderInput,
  number: number,
  variantFor: (sku: string, price: string) => FakeObject,
): FakeObject {
  const currency = input.currency ?? 'EUR';
  const taxesIncluded = input.taxesIncluded ?? true;
  const createdAt = input.createdAt ?? new Date().toISOString();
  const lineItems = input.lines.map((l) => lineObject(l, variantFor(l.sku, l.price), currency, taxesIncluded));
  const fulfilledLines = lineItems.filter((_, i) => input.lines[i]?.fulfilled !== false);
  const shippingLines = (input.shipping ?? []).map((s) => ({
    __typename: 'ShippingLine',
    id: gid('ShippingLine', nextId()),
    title: s.title,
    originalPriceSet: moneyBag(toMinor(s.price), currency),
    discountedPriceSet: moneyBag(toMinor(s.price), currency),
  }));
  const total =
    input.lines.reduce((sum, l) => sum + toMinor(l.price) * l.quantity - toMinor(l.discount ?? '0'), 0) +
    (input.shipping ?? []).reduce((sum, s) => sum + toMinor(s.price), 0);
  const id = nextId();
  const gateway = input.gateway === undefined ? 'shopify_payments' : input.gateway;
  const financialStatus = input.financialStatus ?? 'PAID';
  const paid = ['PAID', 'PARTIALLY_REFUNDED', 'PARTIALLY_PAID'].includes(financialStatus);
  const order: FakeObject = {
    __typename: 'Order',
    id: gid('Order', id),
    legacyResourceId: String(id),
    name: `#${number}`,
    email: input.email ?? `shopper${number}@example.test`,
    phone: input.customer?.phone ?? null,
    createdAt,
    processedAt: createdAt,
    updatedAt: input.updatedAt ?? createdAt,
    cancelledAt: input.cancelledAt ?? null,
    currencyCode: currency,
    presentmentCurrencyCode: input.presentment?.currency ?? currency,
    presentmentRate: input.presentment?.rate ?? 1,
    customerLocale: input.customer?.locale ?? 'nl-NL',
    tags: input.tags ?? [],
    displayFinancialStatus: financialStatus,
    discountCodes: input.discountCodes ?? [],
    sourceName: 'web',
    taxesIncluded,
    totalShippingPriceSet: moneyBag(
      (input.shipping ?? []).reduce((sum, s) => sum + toMinor(s.price), 0),
      currency,
    ),
    totalPriceSet: moneyBag(total, currency),
    customer: {
      __typename: 'Customer',
      id: gid('Customer', nextId()),
      firstName: input.customer?.firstName ?? 'Anna',
      lastName: input.customer?.lastName ?? 'de Vries',
      locale: input.customer?.locale ?? 'nl',
      defaultEmailAddress: { __typename: 'CustomerEmailAddress', emailAddress: input.email ?? `shopper${number}@example.test` },
      defaultPhoneNumber: null,
    },
    shippingAddress: {
      __typename: 'MailingAddress',
      name: `${input.customer?.firstName ?? 'Anna'} ${input.customer?.lastName ?? 'de Vries'}`,
      firstName: input.customer?.firstName ?? 'Anna',
      lastName: input.customer?.lastName ?? 'de Vries',
      company: null,
      address1: input.address?.address1 ?? 'Keizersgracht 12a',
      address2: input.address?.address2 ?? null,
      zip: input.address?.zip ?? '1015 CS',
      city: input.address?.city ?? 'Amsterdam',
      countryCodeV2: input.address?.countryCode ?? 'NL',
      phone: null,
    },
    transactions: paid && gateway ? [transactionObject('SALE', total, currency, gateway, null, createdAt)] : [],
    fulfillments: fulfilledLines.length ? [fulfillmentObject(fulfilledLines, input, createdAt)] : [],
    lineItems,
    shippingLines,
    refunds: [],
    returns: [],
  };
  if (input.presentment) presentIn(order, input.presentment.currency, input.presentment.rate);
  return order;
}

/** Sets every MoneyBag's presentmentMoney under `value` to its shopMoney times `rate`, in `currency`. */
export function presentIn(value: unknown, currency: string, rate: number, seen = new Set<unknown>()): void {
  if (!value || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const item of value) presentIn(item, currency, rate, seen);
    return;
  }
  const obj = value as FakeObject;
  if (obj.__typename === 'MoneyBag') {
    const shop = toMinor(String((obj.shopMoney as FakeObject).amount));
    obj.presentmentMoney = { __typename: 'MoneyV2', amount: toAmount(Math.round(shop * rate)), currencyCode: currency };
    return;
  }
  for (const child of Object.values(obj)) presentIn(child, currency, rate, seen);
}

export function transactionObject(
  kind: string,
  minor: number,
  currency: string,
  gateway: string,
  parent: FakeObject | null,
  createdAt = new Date().toISOString(),
): FakeObject {
  return {
    __typename: 'OrderTransaction',
    id: gid('OrderTransaction', nextId()),
    kind,
    status: 'SUCCESS',
    gateway,
    createdAt,
    amountSet: moneyBag(minor, currency),
    parentTransaction: parent ? { __typename: 'OrderTransaction', id: parent.id } : null,
  };
}

function fulfillmentObject(lines: FakeObject[], input: FakeOrderInput, createdAt: string): FakeObject {
  const delivered = input.deliveredAt === undefined ? createdAt : input.deliveredAt;
  return {
    __typename: 'Fulfillment',
    id: gid('Fulfillment', nextId()),
    status: 'SUCCESS',
    displayStatus: delivered || input.deliveryEventAt ? 'DELIVERED' : 'FULFILLED',
    createdAt,
    deliveredAt: delivered,
    events: input.deliveryEventAt
      ? [{ __typename: 'FulfillmentEvent', status: 'DELIVERED', happenedAt: input.deliveryEventAt }]
      : [],
    fulfillmentLineItems: lines.map((line) => ({
      __typename: 'FulfillmentLineItem',
      id: gid('FulfillmentLineItem', nextId()),
      quantity: line.quantity,
      lineItem: line,
    })),
  };
}

/** A product with its options in order, images (MediaImage) and variants with inventory items. */
export function productObject(input: FakeProductInput): FakeObject {
  const id = nextId();
  const product: FakeObject = {
    __typename: 'Product',
    id: gid('Product', id),
    legacyResourceId: String(id),
    handle: input.handle ?? input.title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    title: input.title,
    vendor: input.vendor ?? 'Retour Test',
    productType: input.productType ?? '',
    category: input.category ?? null,
    tags: input.tags ?? [],
    updatedAt: input.updatedAt ?? new Date().toISOString(),
    options: input.options.map((name, i) => ({ __typename: 'ProductOption', name, position: i + 1 })),
    media: (input.images ?? []).map((img) => ({
      __typename: 'MediaImage',
      image: { __typename: 'Image', url: img.url, altText: img.alt ?? null },
    })),
  };
  product.variants = input.variants.map((v, i) => {
    const variant = variantObject(v.sku, v.price, input.options.map((o) => v.options[o]).join(' / '));
    variant.barcode = v.barcode ?? null;
    variant.position = i + 1;
    variant.selectedOptions = input.options.map((name) => ({ __typename: 'SelectedOption', name, value: v.options[name] }));
    variant.image = v.imageUrl ? { __typename: 'Image', url: v.imageUrl, altText: null } : null;
    variant.product = product;
    return variant;
  });
  return product;
}
