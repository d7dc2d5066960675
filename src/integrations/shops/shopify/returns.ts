import {
  type PlatformReturn,
  type PlatformReturnRequest,
  ShopError,
  type ShopPlatformAdapter,
} from '../../../app/catalog/connections/port.js';
import type { ShopifyGraphql } from './graphqlClient.js';
import { type Gql, nodesOf } from './orderMapper.js';
import { PRIMARY_LOCATION } from './queries.js';

type ReceiptLines = Parameters<NonNullable<ShopPlatformAdapter['reportReceipt']>>[1];

/**
 * Return reasons became definitions in 2026-01 (`returnReasonDefinitionId`), a library of
 * kebab-case handles ("too-tight", "arrived-late", "quality" …); the sync still speaks the
 * ReturnReason enum. Each enum value is looked for by these handles, most fitting first, OTHER's
 * definition being the fallback; the enum value is in the note as well.
 */
const REASON_HANDLES: Record<string, string[]> = {
  SIZE_TOO_SMALL: ['size-too-small', 'too-small', 'too-tight'],
  SIZE_TOO_LARGE: ['size-too-large', 'too-large', 'too-loose'],
  UNWANTED: ['unwanted', 'changed-mind', 'no-longer-needed'],
  NOT_AS_DESCRIBED: ['not-as-described', 'item-not-as-described'],
  WRONG_ITEM: ['wrong-item', 'received-wrong-item', 'received-the-wrong-item'],
  DEFECTIVE: ['defective', 'damaged-or-defective', 'damaged', 'quality'],
  STYLE: ['style'],
  COLOR: ['color', 'colour'],
  OTHER: ['other'],
  UNKNOWN: ['unknown', 'other'],
};

const REASON_DEFINITIONS = `query RetourReturnReasons($handles: [String!]) {
  returnReasonDefinitions(first: 50, handles: $handles) { nodes { id handle name deleted } }
}`;

const RETURN_CREATE = `mutation RetourReturnCreate($input: ReturnInput!) {
  returnCreate(returnInput: $input) { return { id name status } userErrors { field message code } }
}`;

const ORDER_RETURNS = `query RetourOrderReturns($id: ID!) {
  order(id: $id) { id returns(first: 50) { nodes { id name status returnLineItems(first: 1) { nodes {
    ... on ReturnLineItem { id returnReasonNote } } } } } }
}`;

const RETURN_LINES = `query RetourReturnLines($id: ID!) {
  return(id: $id) { id status reverseFulfillmentOrders(first: 3) { nodes { id status
    lineItems(first: 50) { nodes { id totalQuantity fulfillmentLineItem { id lineItem { id } } dispositions { quantity } } } } } }
}`;

const DISPOSE = `mutation RetourDispose($inputs: [ReverseFulfillmentOrderDisposeInput!]!) {
  reverseFulfillmentOrderDispose(dispositionInputs: $inputs) {
    reverseFulfillmentOrderLineItems { id } userErrors { field message code }
  }
}`;

/** The mark of Retour's return number in each line's reason note: how the return is found again
 * (the first line of each return is read, within Shopify's query cost limit). */
const mark = (returnNumber: string) => `[Retour ${returnNumber}]`;

async function reasonDefinitions(api: ShopifyGraphql, reasons: string[]): Promise<Map<string, string | null>> {
  const handles = [...new Set(reasons.flatMap((r) => REASON_HANDLES[r] ?? [r.toLowerCase().replace(/_/g, '-')]))];
  const data = await api.request<{ returnReasonDefinitions: Gql }>(REASON_DEFINITIONS, { handles: [...handles, 'other'] });
  const defs = nodesOf(data.returnReasonDefinitions).filter((d) => !d.deleted);
  const byHandle = new Map(defs.map((d) => [String(d.handle), String(d.id)]));
  const result = new Map<string, string | null>();
  for (const reason of reasons) {
    const candidates = REASON_HANDLES[reason] ?? [reason.toLowerCase().replace(/_/g, '-')];
    const found = candidates.map((h) => byHandle.get(h)).find(Boolean);
    result.set(reason, found ?? byHandle.get('other') ?? null);
  }
  return result;
}

/**
 * Registers Retour's return on the order (returnCreate: open at once, reverse fulfilment orders
 * made). Returns carry no reference of their own, so every line's reason note starts with Retour's
 * return number; findShopifyReturn looks for it after a lost answer.
 */
export async function createShopifyReturn(api: ShopifyGraphql, request: PlatformReturnRequest): Promise<PlatformReturn> {
  const definitions = await reasonDefinitions(
    api,
    request.lines.map((l) => l.reason),
  );
  const returnLineItems = request.lines.map((line, i) => {
    const fulfillmentLineItemId = line.lineRef.fulfillmentLineItemId;
    if (!fulfillmentLineItemId)
      throw new ShopError('rejected', 'SHOP_NOT_FULFILLED', `Line ${line.sku} was not fulfilled on Shopify`, {
        field: `lines.${i}.lineRef.fulfillmentLineItemId`,
      });
    const definitionId = definitions.get(line.reason);
    const note = [mark(request.returnNumber), line.reason, line.note].filter(Boolean).join(' ');
    return {
      fulfillmentLineItemId: String(fulfillmentLineItemId),
      quantity: line.quantity,
      returnReasonNote: note.slice(0, 255),
      ...(definitionId ? { returnReasonDefinitionId: definitionId } : {}),
    };
  });
  const input: Record<string, unknown> = { orderId: request.orderExternalId, returnLineItems };
  if (request.shippingFee > 0)
    input.returnShippingFee = { amount: { amount: (request.shippingFee / 100).toFixed(2), currencyCode: request.currency } };
  const payload = await api.mutate<{ return: Gql | null }>(RETURN_CREATE, { input }, 'returnCreate');
  if (!payload.return) throw new ShopError('transient', 'SHOP_BAD_ANSWER', 'Shopify made no return');
  return { externalId: String(payload.return.id), status: String(payload.return.status) };
}

export async function findShopifyReturn(
  api: ShopifyGraphql,
  orderExternalId: string,
  returnNumber: string,
): Promise<PlatformReturn | null> {
  const { order } = await api.request<{ order: Gql | null }>(ORDER_RETURNS, { id: orderExternalId });
  if (!order) return null;
  const wanted = mark(returnNumber);
  const found = nodesOf(order.returns).find((r) =>
    nodesOf(r.returnLineItems).some((l) => String(l.returnReasonNote ?? '').startsWith(wanted)),
  );
  return found ? { externalId: String(found.id), status: String(found.status) } : null;
}

/**
 * Records what came back on the return's reverse fulfilment orders, per line: units taken back and
 * units refused. Retour adds restocked units to Shopify's stock itself, once per stock movement and
 * at the location it maps (restock()); a RESTOCKED disposition would add them a second time, so
 * every unit is disposed of as NOT_RESTOCKED, the receipt being what Shopify is told here. Units
 * already disposed of are not disposed of again, so a repeat is harmless.
 */
export async function reportShopifyReceipt(api: ShopifyGraphql, returnId: string, lines: ReceiptLines): Promise<void> {
  const { return: ret } = await api.request<{ return: Gql | null }>(RETURN_LINES, { id: returnId });
  if (!ret) throw new ShopError('rejected', 'SHOP_NOT_FOUND', 'Shopify does not know this return', { field: 'platformReturnId' });
  const rfoLines = nodesOf(ret.reverseFulfillmentOrders).flatMap((rfo) => nodesOf(rfo.lineItems));
  const inputs: Record<string, unknown>[] = [];
  for (const [i, line] of lines.entries()) {
    const rfoLine = rfoLines.find(
      (l) => ((l.fulfillmentLineItem as Gql | null)?.lineItem as Gql | null)?.id === line.lineExternalId,
    );
    if (!rfoLine)
      throw new ShopError('rejected', 'SHOP_NOT_FOUND', `Line ${line.sku} is not part of this Shopify return`, {
        field: `lines.${i}.lineExternalId`,
      });
    const open =
      Number(rfoLine.totalQuantity ?? 0) -
      ((rfoLine.dispositions as Gql[] | null) ?? []).reduce((sum, d) => sum + Number(d.quantity ?? 0), 0);
    const quantity = Math.min(line.accepted + line.rejected, open);
    if (quantity > 0)
      inputs.push({ reverseFulfillmentOrderLineItemId: String(rfoLine.id), quantity, dispositionType: 'NOT_RESTOCKED' });
  }
  if (inputs.length === 0) return;
  await api.mutate(DISPOSE, { inputs }, 'reverseFulfillmentOrderDispose');
}

const RETURN_CANCEL = `mutation RetourReturnCancel($id: ID!) {
  returnCancel(id: $id) { return { id status } userErrors { field message code } }
}`;

const RETURN_STATUS = 'query RetourReturnStatus($id: ID!) { return(id: $id) { id status } }';

/** Calls off a return registered on Shopify; one already cancelled, declined or closed is answered as it stands. */
export async function cancelShopifyReturn(api: ShopifyGraphql, returnId: string): Promise<PlatformReturn> {
  const { return: current } = await api.request<{ return: Gql | null }>(RETURN_STATUS, { id: returnId });
  if (!current)
    throw new ShopError('rejected', 'SHOP_NOT_FOUND', 'Shopify does not know this return', { field: 'platformReturnId' });
  if (current.status !== 'OPEN' && current.status !== 'REQUESTED')
    return { externalId: String(current.id), status: String(current.status) };
  const payload = await api.mutate<{ return: Gql | null }>(RETURN_CANCEL, { id: returnId }, 'returnCancel');
  return { externalId: returnId, status: String(payload.return?.status ?? 'CANCELED') };
}

const RETURN_CLOSE = `mutation RetourReturnClose($id: ID!) {
  returnClose(id: $id) { return { id status } userErrors { field message code } }
}`;

/**
 * Closes a return whose refund Retour made (refundCreate does not link a refund to a return, so
 * Shopify would keep it OPEN). Only an OPEN return is closed; one already closed, cancelled or
 * declined is answered as it stands, so a repeat after a lost answer changes nothing.
 */
export async function closeShopifyReturn(api: ShopifyGraphql, returnId: string): Promise<PlatformReturn> {
  const { return: current } = await api.request<{ return: Gql | null }>(RETURN_STATUS, { id: returnId });
  if (!current)
    throw new ShopError('rejected', 'SHOP_NOT_FOUND', 'Shopify does not know this return', { field: 'platformReturnId' });
  if (current.status !== 'OPEN') return { externalId: String(current.id), status: String(current.status) };
  const payload = await api.mutate<{ return: Gql | null }>(RETURN_CLOSE, { id: returnId }, 'returnClose');
  return { externalId: returnId, status: String(payload.return?.status ?? 'CLOSED') };
}

export async function primaryLocation(api: ShopifyGraphql): Promise<string> {
  const { location } = await api.request<{ location: Gql | null }>(PRIMARY_LOCATION);
  if (!location?.id) throw new ShopError('rejected', 'SHOP_NO_LOCATION', 'The Shopify shop has no primary location');
  return String(location.id);
}
