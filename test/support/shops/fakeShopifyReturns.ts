import type { FakeShopify } from './fakeShopify.js';
import { gid, nextId } from './fakeShopifyData.js';
import type { FakeObject } from './graphqlExecutor.js';

type Args = Record<string, unknown>;
type UserError = { field: string[] | null; message: string; code: string };

const DECLINE_REASONS = new Set(['RETURN_PERIOD_ENDED', 'FINAL_SALE', 'OTHER']);

/**
 * Shopify's returns as the fake keeps them: returnCreate (OPEN at once, with a reverse fulfilment
 * order), returnRequest (REQUESTED) then approve (OPEN) or decline (DECLINED), close (CLOSED),
 * cancel (CANCELED), reopen, and dispositions on the reverse fulfilment order's lines (RESTOCKED
 * puts the units back in stock at the given location).
 */
export function returnMutations(shop: FakeShopify): FakeObject {
  const payload = (ret: FakeObject | null, userErrors: UserError[] = []) => ({
    __typename: 'ReturnPayload',
    return: ret,
    userErrors,
  });
  const fail = (field: string[], message: string, code = 'INVALID') => payload(null, [{ field, message, code }]);

  /** Checks the lines against the order's fulfilments and what is already being returned. */
  function makeReturn(input: Args, status: 'OPEN' | 'REQUESTED', prefix: string): ReturnType<typeof payload> {
    const order = shop.orders.find((o) => o.id === input.orderId);
    if (!order) return fail([prefix, 'orderId'], 'Order does not exist', 'NOT_FOUND');
    const fulfillmentLines = (order.fulfillments as FakeObject[]).flatMap((f) => f.fulfillmentLineItems as FakeObject[]);
    const lines = (input.returnLineItems as Args[] | null) ?? [];
    if (lines.length === 0) return fail([prefix, 'returnLineItems'], 'Return line items cannot be blank', 'BLANK');
    const returnLineItems: FakeObject[] = [];
    for (const [i, line] of lines.entries()) {
      const fli = fulfillmentLines.find((f) => f.id === line.fulfillmentLineItemId);
      if (!fli)
        return fail(
          [prefix, 'returnLineItems', String(i), 'fulfillmentLineItemId'],
          'Fulfillment line item does not exist',
          'NOT_FOUND',
        );
      const already = (order.returns as FakeObject[])
        .filter((r) => r.status !== 'CANCELED' && r.status !== 'DECLINED')
        .flatMap((r) => r.returnLineItems as FakeObject[])
        .filter((l) => (l.fulfillmentLineItem as FakeObject).id === fli.id)
        .reduce((sum, l) => sum + Number(l.quantity), 0);
      if (Number(line.quantity) < 1 || Number(line.quantity) + already > Number(fli.quantity))
        return fail([prefix, 'returnLineItems', String(i), 'quantity'], 'Quantity is not returnable', 'INVALID');
      if ('returnReason' in line)
        return fail(
          [prefix, 'returnLineItems', String(i), 'returnReason'],
          'returnReason is not accepted in this API version; use returnReasonDefinitionId',
          'INVALID',
        );
      const definition = line.returnReasonDefinitionId
        ? shop.reasonDefinitions.find((d) => d.id === line.returnReasonDefinitionId)
        : null;
      if (line.returnReasonDefinitionId && !definition)
        return fail(
          [prefix, 'returnLineItems', String(i), 'returnReasonDefinitionId'],
          'Return reason definition does not exist',
          'NOT_FOUND',
        );
      returnLineItems.push({
        __typename: 'ReturnLineItem',
        id: gid('ReturnLineItem', nextId()),
        quantity: Number(line.quantity),
        returnReasonNote: String(line.returnReasonNote ?? ''),
        customerNote: (line.customerNote as string | null) ?? null,
        returnReasonDefinition: definition ?? null,
        fulfillmentLineItem: fli,
      });
    }
    const returns = order.returns as FakeObject[];
    const ret: FakeObject = {
      __typename: 'Return',
      id: gid('Return', nextId()),
      name: `${order.name}-R${returns.length + 1}`,
      status,
      order: { __typename: 'Order', id: order.id, name: order.name },
      createdAt: new Date().toISOString(),
      closedAt: null,
      totalQuantity: returnLineItems.reduce((sum, l) => sum + Number(l.quantity), 0),
      decline: null,
      returnLineItems,
      returnShippingFees: input.returnShippingFee
        ? [{ __typename: 'ReturnShippingFee', amountSet: input.returnShippingFee }]
        : [],
      reverseFulfillmentOrders: status === 'OPEN' ? [reverseFulfillmentOrder(returnLineItems)] : [],
    };
    returns.push(ret);
    order.updatedAt = new Date().toISOString();
    return payload(ret);
  }

  /** Moves a return from one of `from` to `to`, or says why not. */
  function move(id: unknown, from: string[], to: string, field: string[], change?: (ret: FakeObject) => void) {
    const ret = shop.findReturn(String(id));
    if (!ret) return fail(field, 'Return does not exist', 'NOT_FOUND');
    if (!from.includes(String(ret.status)))
      return fail(field, `Return is ${String(ret.status).toLowerCase()} and cannot become ${to.toLowerCase()}`, 'INVALID_STATE');
    ret.status = to;
    change?.(ret);
    return payload(ret);
  }

  function reverseFulfillmentOrderDispose(args: Args) {
    const inputs = (args.dispositionInputs as Args[] | null) ?? [];
    const rfoLines = shop.orders
      .flatMap((o) => o.returns as FakeObject[])
      .flatMap((r) => r.reverseFulfillmentOrders as FakeObject[])
      .flatMap((rfo) => rfo.lineItems as FakeObject[]);
    const errors: UserError[] = [];
    for (const [i, input] of inputs.entries()) {
      const line = rfoLines.find((l) => l.id === input.reverseFulfillmentOrderLineItemId);
      const at = (f: string) => ['dispositionInputs', String(i), f];
      if (!line)
        errors.push({ field: at('reverseFulfillmentOrderLineItemId'), message: 'Line item does not exist', code: 'NOT_FOUND' });
      else if (Number(input.quantity) > Number(line.totalQuantity) - disposed(line))
        errors.push({ field: at('quantity'), message: 'Quantity exceeds what is left to dispose of', code: 'INVALID' });
      if (input.dispositionType === 'RESTOCKED' && !input.locationId)
        errors.push({ field: at('locationId'), message: 'A location is required to restock', code: 'BLANK' });
    }
    if (errors.length)
      return { __typename: 'ReverseFulfillmentOrderDisposePayload', reverseFulfillmentOrderLineItems: null, userErrors: errors };
    for (const input of inputs) {
      const line = rfoLines.find((l) => l.id === input.reverseFulfillmentOrderLineItemId) as FakeObject;
      (line.dispositions as FakeObject[]).push({
        __typename: 'ReverseFulfillmentOrderDisposition',
        id: gid('ReverseFulfillmentOrderDisposition', nextId()),
        quantity: Number(input.quantity),
        type: input.dispositionType,
        location: input.locationId ? { __typename: 'Location', id: input.locationId } : null,
      });
      const variant = ((line.fulfillmentLineItem as FakeObject).lineItem as FakeObject).variant as FakeObject | null;
      if (input.dispositionType === 'RESTOCKED' && variant) {
        const key = `${(variant.inventoryItem as FakeObject).id}|${input.locationId}`;
        shop.inventory.set(key, (shop.inventory.get(key) ?? 0) + Number(input.quantity));
      }
    }
    const lines = inputs.map((i) => rfoLines.find((l) => l.id === i.reverseFulfillmentOrderLineItemId));
    return { __typename: 'ReverseFulfillmentOrderDisposePayload', reverseFulfillmentOrderLineItems: lines, userErrors: [] };
  }

  return {
    returnCreate: (args: Args) => makeReturn(args.returnInput as Args, 'OPEN', 'returnInput'),
    returnRequest: (args: Args) => makeReturn(args.input as Args, 'REQUESTED', 'input'),
    returnApproveRequest: (args: Args) =>
      move((args.input as Args).id, ['REQUESTED'], 'OPEN', ['input', 'id'], (ret) => {
        ret.reverseFulfillmentOrders = [reverseFulfillmentOrder(ret.returnLineItems as FakeObject[])];
      }),
    returnDeclineRequest: (args: Args) => {
      const input = args.input as Args;
      if (!DECLINE_REASONS.has(String(input.declineReason)))
        return fail(['input', 'declineReason'], 'Decline reason is not valid');
      return move(input.id, ['REQUESTED'], 'DECLINED', ['input', 'id'], (ret) => {
        ret.decline = { __typename: 'ReturnDecline', reason: input.declineReason, note: input.declineNote ?? null };
      });
    },
    returnClose: (args: Args) =>
      move(args.id, ['OPEN'], 'CLOSED', ['id'], (ret) => {
        ret.closedAt = new Date().toISOString();
      }),
    returnCancel: (args: Args) => move(args.id, ['OPEN', 'REQUESTED'], 'CANCELED', ['id']),
    returnReopen: (args: Args) => move(args.id, ['CLOSED'], 'OPEN', ['id']),
    reverseFulfillmentOrderDispose,
  };
}

function disposed(line: FakeObject): number {
  return (line.dispositions as FakeObject[]).reduce((sum, d) => sum + Number(d.quantity), 0);
}

function reverseFulfillmentOrder(lines: FakeObject[]): FakeObject {
  return {
    __typename: 'ReverseFulfillmentOrder',
    id: gid('ReverseFulfillmentOrder', nextId()),
    status: 'OPEN',
    lineItems: lines.map((l) => ({
      __typename: 'ReverseFulfillmentOrderLineItem',
      id: gid('ReverseFulfillmentOrderLineItem', nextId()),
      totalQuantity: l.quantity,
      fulfillmentLineItem: l.fulfillmentLineItem,
      dispositions: [],
    })),
  };
}
