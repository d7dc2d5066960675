import type { FakeObject } from './graphqlExecutor.js';

const legacy = (gid: unknown) => Number(String(gid).split('/').pop());
const amountOf = (bag: unknown) => String(((bag as FakeObject | null)?.shopMoney as FakeObject | undefined)?.amount ?? '0.00');

/**
 * An order as Shopify's REST-shaped webhooks send it (orders/create, orders/updated …):
 * snake_case, numeric ids beside `admin_graphql_api_id`, decimal strings, lower-case statuses.
 */
export function orderPayload(order: FakeObject): Record<string, unknown> {
  const customer = order.customer as FakeObject;
  const address = order.shippingAddress as FakeObject;
  const sale = (order.transactions as FakeObject[]).find((t) => t.kind === 'SALE' || t.kind === 'CAPTURE');
  return {
    id: legacy(order.id),
    admin_graphql_api_id: order.id,
    name: order.name,
    order_number: Number(String(order.name).replace('#', '')),
    email: order.email,
    contact_email: order.email,
    phone: order.phone,
    created_at: order.createdAt,
    processed_at: order.processedAt,
    updated_at: order.updatedAt,
    cancelled_at: order.cancelledAt,
    currency: order.currencyCode,
    presentment_currency: order.presentmentCurrencyCode,
    customer_locale: order.customerLocale,
    financial_status: String(order.displayFinancialStatus).toLowerCase(),
    taxes_included: order.taxesIncluded,
    tags: (order.tags as string[]).join(', '),
    payment_gateway_names: sale ? [sale.gateway] : [],
    discount_codes: (order.discountCodes as string[]).map((code) => ({ code, amount: '0.00', type: 'percentage' })),
    customer: {
      id: legacy(customer.id),
      email: order.email,
      first_name: customer.firstName,
      last_name: customer.lastName,
      phone: null,
    },
    shipping_address: {
      first_name: address.firstName,
      last_name: address.lastName,
      company: address.company,
      address1: address.address1,
      address2: address.address2,
      zip: address.zip,
      city: address.city,
      country_code: address.countryCodeV2,
      phone: address.phone,
    },
    line_items: (order.lineItems as FakeObject[]).map((line) => ({
      id: legacy(line.id),
      admin_graphql_api_id: line.id,
      sku: line.sku,
      title: line.title,
      name: line.name,
      quantity: line.quantity,
      price: amountOf(line.originalUnitPriceSet),
      total_discount: amountOf(line.totalDiscountSet),
      discount_allocations: (line.discountAllocations as FakeObject[]).map((a) => ({
        amount: amountOf(a.allocatedAmountSet),
      })),
      tax_lines: (line.taxLines as FakeObject[]).map((t) => ({ rate: t.rate, title: t.title, price: amountOf(t.priceSet) })),
      product_id: line.product ? legacy((line.product as FakeObject).id) : null,
      variant_id: line.variant ? legacy((line.variant as FakeObject).id) : null,
    })),
    shipping_lines: (order.shippingLines as FakeObject[]).map((s) => ({
      id: legacy(s.id),
      title: s.title,
      price: amountOf(s.originalPriceSet),
      discounted_price: amountOf(s.discountedPriceSet),
    })),
    fulfillments: (order.fulfillments as FakeObject[]).map((f) => ({
      id: legacy(f.id),
      admin_graphql_api_id: f.id,
      status: String(f.status).toLowerCase(),
      shipment_status: f.deliveredAt ? 'delivered' : null,
      line_items: (f.fulfillmentLineItems as FakeObject[]).map((fl) => ({
        id: legacy((fl.lineItem as FakeObject).id),
        quantity: fl.quantity,
      })),
    })),
  };
}

/** A return as the returns/* webhooks send it. */
export function returnPayload(ret: FakeObject): Record<string, unknown> {
  return {
    id: legacy(ret.id),
    admin_graphql_api_id: ret.id,
    name: ret.name,
    status: String(ret.status).toLowerCase(),
    order: { id: legacy((ret.order as FakeObject).id), admin_graphql_api_id: (ret.order as FakeObject).id },
    total_return_line_items: (ret.returnLineItems as FakeObject[]).length,
    return_line_items: (ret.returnLineItems as FakeObject[]).map((l) => ({
      id: legacy(l.id),
      admin_graphql_api_id: l.id,
      quantity: l.quantity,
      return_reason_note: l.returnReasonNote,
      fulfillment_line_item: {
        id: legacy((l.fulfillmentLineItem as FakeObject).id),
        line_item: { id: legacy(((l.fulfillmentLineItem as FakeObject).lineItem as FakeObject).id) },
      },
    })),
  };
}
