/**
 * The GraphQL Retour sends to Shopify's Admin API (checked against the 2026-01 schema). The order
 * selection is written once and used by the paged listing, a single order and the bulk backfill,
 * so all three map alike. Connections are read with `edges { node }` where a bulk operation reads
 * them too, since bulk queries take no page sizes.
 */

/** Both amounts of a MoneyBag: orders are kept and refunded in the currency the shopper paid
 * (presentment), which differs from the shop's own with Shopify Markets' multi-currency. */
const MONEY = '{ shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }';

/** Lines read with an order; an order with more has the rest read after it (see orderListing). */
export const LINES_PER_ORDER = 20;

/**
 * An order's fields. Shopify prices a query by what it may return (a connection costs its page
 * size times its node), and refuses one over 1000 points, so page sizes are kept small here; a
 * bulk query takes no page sizes (`bulk`) and brings every connection's rows.
 */
function orderFields(bulk: boolean): string {
  const page = (n: number) => (bulk ? '' : `(first: ${n})`);
  return `
  __typename id legacyResourceId name email phone createdAt processedAt updatedAt cancelledAt
  currencyCode presentmentCurrencyCode customerLocale tags displayFinancialStatus discountCodes sourceName taxesIncluded
  totalShippingPriceSet ${MONEY}
  customer { id firstName lastName locale defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } }
  shippingAddress { name firstName lastName company address1 address2 zip city countryCodeV2 phone }
  transactions(first: 5) { id kind status gateway amountSet ${MONEY} }
  fulfillments(first: 3) { id status displayStatus createdAt deliveredAt${bulk ? '' : ` ${FULFILLMENT_CONNECTIONS}`} }
  lineItems${page(LINES_PER_ORDER)} { ${bulk ? '' : 'pageInfo { hasNextPage endCursor } '}edges { node { ${LINE_ITEM} } } }
  shippingLines${page(5)} { edges { node { ${SHIPPING_LINE} } } }`;
}

/** A fulfilment's line items and delivery events. Bulk queries refuse a connection inside a list
 * (an order's fulfilments), so a bulk page has them read after it (FULFILLMENT_DETAILS). */
const FULFILLMENT_CONNECTIONS = `
    events(first: 3, sortKey: HAPPENED_AT, reverse: true) { edges { node { __typename status happenedAt } } }
    fulfillmentLineItems(first: ${LINES_PER_ORDER}) { edges { node { __typename id quantity lineItem { id } } } }`;

/** Fulfilments read by id: what a bulk page lacks. FULFILLMENTS_PER_CALL of them stay within the cost limit. */
export const FULFILLMENTS_PER_CALL = 15;
export const FULFILLMENT_DETAILS = `query RetourFulfillments($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Fulfillment { id ${FULFILLMENT_CONNECTIONS} } }
}`;

const LINE_ITEM = `
  __typename id sku title name quantity
  originalUnitPriceSet ${MONEY}
  discountAllocations { allocatedAmountSet ${MONEY} }
  taxLines { rate priceSet ${MONEY} }
  product { id }
  variant { id inventoryItem { id } }`;

const SHIPPING_LINE = `__typename title discountedPriceSet ${MONEY}`;

export const ORDER_FIELDS = orderFields(false);

/** The rest of the lines of an order with more than LINES_PER_ORDER. */
export const ORDER_MORE_LINES = `query RetourOrderLines($id: ID!, $after: String) {
  order(id: $id) { id
    lineItems(first: 40, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${LINE_ITEM} } } }
    fulfillments(first: 3) { id status deliveredAt
      fulfillmentLineItems(first: 60) { edges { node { __typename id quantity lineItem { id } } } } } }
}`;

export const ORDERS_PAGE = `query RetourOrders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    edges { node { ${ORDER_FIELDS} } }
  }
}`;

/** Refunds of an order, with their lines: read for one order only (a listing page would cost too
 * much), so what was refunded on Shopify outside Retour comes with each order a webhook names. */
const ORDER_REFUND_LINES = `refunds(first: 5) { note
    refundLineItems(first: 10) { edges { node { quantity lineItem { id } subtotalSet ${MONEY} } } } }`;

export const ORDER_BY_ID = `query RetourOrder($id: ID!) { order(id: $id) { ${ORDER_FIELDS} ${ORDER_REFUND_LINES} } }`;

/** The bulk backfill: every order. Each nested connection (lines, shipping lines) comes as rows
 * of their own that name their parent (`__parentId`); their `__typename` says which collection a
 * row belongs to. Grouped, a parent's rows follow it. */
export const BULK_ORDERS = `{
  orders(sortKey: CREATED_AT) { edges { node { ${orderFields(true)} } } }
}`;

export const BULK_RUN = `mutation RetourBulkRun($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: true) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}`;

const BULK_FIELDS = 'id status errorCode objectCount rootObjectCount url partialDataUrl query';

export const BULK_STATUS = `query RetourBulkStatus($id: ID!) {
  node(id: $id) { ... on BulkOperation { ${BULK_FIELDS} } }
}`;

export const BULK_CURRENT = `query RetourBulkCurrent { currentBulkOperation(type: QUERY) { ${BULK_FIELDS} } }`;

export const CHECK = `query RetourCheck {
  shop { name myshopifyDomain currencyCode }
  currentAppInstallation { accessScopes { handle } }
}`;

export const PRODUCTS_PAGE = `query RetourProducts($first: Int!, $after: String, $query: String) {
  shop { currencyCode }
  products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id legacyResourceId handle title vendor productType tags updatedAt
      category { id name }
      options { name position }
      media(first: 10) { nodes { ... on MediaImage { image { url altText } } } }
      variants(first: 100) { nodes {
        id sku barcode title price position
        selectedOptions { name value }
        image { url }
        inventoryItem { id }
      } }
    }
  }
}`;

export const PRIMARY_LOCATION = 'query RetourPrimaryLocation { location { id } }';

export const VARIANT_BY_SKU = `query RetourVariantBySku($query: String!) {
  productVariants(first: 1, query: $query) { nodes { id sku inventoryItem { id } } }
}`;
