/** Objects as the fake ChannelEngine keeps them (the Merchant API's fields, as it answers them). */

export interface FakeCeLine {
  status: string;
  isFulfillmentByMarketplace: boolean;
  gtin: string | null;
  description: string;
  merchantProductNo: string;
  channelProductNo: string;
  quantity: number;
  cancellationRequestedQuantity: number;
  unitPriceInclVat: number;
  unitVat: number;
  lineTotalInclVat: number;
  lineVat: number;
  originalUnitPriceInclVat: number;
  originalLineTotalInclVat: number;
  vatRate: number;
  feeFixed: number;
  feeRate: number;
  condition: string;
  expectedDeliveryDate: string | null;
}

export interface FakeCeOrder {
  id: number;
  channelName: string;
  channelId: number;
  globalChannelName: string;
  globalChannelId: number;
  channelOrderSupport: string;
  channelOrderNo: string;
  merchantOrderNo: string | null;
  status: string;
  isBusinessOrder: boolean;
  acknowledgedDate: string | null;
  createdAt: string;
  updatedAt: string;
  orderDate: string;
  merchantComment: string | null;
  billingAddress: Record<string, string | null>;
  shippingAddress: Record<string, string | null>;
  subTotalInclVat: number;
  subTotalVat: number;
  shippingCostsInclVat: number;
  shippingCostsVat: number;
  totalInclVat: number;
  totalVat: number;
  lines: FakeCeLine[];
  phone: string | null;
  email: string;
  paymentMethod: string;
  paymentReferenceNo: string | null;
  currencyCode: string;
  channelCustomerNo: string | null;
  extraData: Record<string, string>;
}

export interface FakeCeReturn {
  id: number;
  /** Who declared it: a channel (announced on the marketplace) or the merchant (POST /v2/returns/merchant). */
  creator: 'channel' | 'merchant';
  merchantOrderNo: string;
  channelOrderNo: string;
  channelId: number;
  globalChannelId: number;
  globalChannelName: string;
  merchantReturnNo: string | null;
  channelReturnNo: string | null;
  status: 'IN_PROGRESS' | 'RECEIVED' | 'CANCELLED';
  acknowledgedDate: string | null;
  createdAt: string;
  updatedAt: string;
  reason: string;
  customerComment: string | null;
  merchantComment: string | null;
  refundInclVat: number;
  refundExclVat: number;
  returnDate: string;
  lines: { merchantProductNo: string; quantity: number; acceptedQuantity: number; rejectedQuantity: number }[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A line of `quantity` units at `price` incl. 21 % VAT, `discount` off the line's total. */
export function fakeLine(
  merchantProductNo: string,
  quantity: number,
  price: number,
  discount = 0,
  over: Partial<FakeCeLine> = {},
): FakeCeLine {
  const total = round2(price * quantity - discount);
  const vat = (gross: number) => round2(gross - gross / 1.21);
  return {
    status: 'IN_PROGRESS',
    isFulfillmentByMarketplace: false,
    gtin: `871${merchantProductNo.length}000000000`.slice(0, 13),
    description: `Product ${merchantProductNo}`,
    merchantProductNo,
    channelProductNo: `CH-${merchantProductNo}`,
    quantity,
    cancellationRequestedQuantity: 0,
    unitPriceInclVat: round2(total / quantity),
    unitVat: vat(total / quantity),
    lineTotalInclVat: total,
    lineVat: vat(total),
    originalUnitPriceInclVat: price,
    originalLineTotalInclVat: round2(price * quantity),
    vatRate: 21,
    feeFixed: 0,
    feeRate: 0,
    condition: 'NEW',
    expectedDeliveryDate: null,
    ...over,
  };
}

/** An order from bol.com of a Dutch shopper, as ChannelEngine lists it. */
export function fakeOrder(id: number, over: Partial<FakeCeOrder> = {}): FakeCeOrder {
  const lines = over.lines ?? [fakeLine(`SKU-${id}-A`, 1, 24.95), fakeLine(`SKU-${id}-B`, 2, 10, 2)];
  const subTotal = round2(lines.reduce((s, l) => s + l.lineTotalInclVat, 0));
  const shipping = over.shippingCostsInclVat ?? 4.95;
  const at = new Date(Date.now() - 86_400_000).toISOString();
  const address = {
    gender: 'FEMALE',
    companyName: null,
    firstName: 'Anna',
    lastName: 'de Vries',
    streetName: 'Keizersgracht',
    houseNr: '12',
    houseNrAddition: 'a',
    line1: null,
    line2: null,
    line3: null,
    zipCode: '1015 CS',
    city: 'Amsterdam',
    region: null,
    countryIso: 'NL',
    original: null,
  };
  return {
    id,
    channelName: 'bol.com',
    channelId: 7,
    globalChannelName: 'Bol.com',
    globalChannelId: 2,
    channelOrderSupport: 'SPLIT_ORDER_LINES',
    channelOrderNo: `BOL-${1_000_000 + id}`,
    merchantOrderNo: `M-${id}`,
    status: 'IN_PROGRESS',
    isBusinessOrder: false,
    acknowledgedDate: at,
    createdAt: at,
    updatedAt: at,
    orderDate: at,
    merchantComment: null,
    billingAddress: address,
    shippingAddress: address,
    subTotalInclVat: subTotal,
    subTotalVat: round2(subTotal - subTotal / 1.21),
    shippingCostsInclVat: shipping,
    shippingCostsVat: round2(shipping - shipping / 1.21),
    totalInclVat: round2(subTotal + shipping),
    totalVat: round2((subTotal + shipping) * (21 / 121)),
    lines,
    // Each buyer their own phone, as each has their own e-mail: one number on many orders is a ring.
    phone: `06${String(12_345_000 + id).slice(-8)}`,
    email: `buyer-${id}@marketplace.example`,
    paymentMethod: 'bol.com',
    paymentReferenceNo: null,
    currencyCode: 'EUR',
    channelCustomerNo: `BC-${id}`,
    extraData: {},
    ...over,
  };
}
