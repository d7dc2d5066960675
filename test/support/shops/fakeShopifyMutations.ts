import type { FakeShopify } from './fakeShopify.js';
import { gid, moneyBag, nextId, toMinor, transactionObject } from './fakeShopifyData.js';
import { returnMutations } from './fakeShopifyReturns.js';
import { type GqlField, type GqlOperation, parseOperation } from './graphqlDocument.js';
import { type FakeObject, GqlExecutor, GqlValidationError, isConnection } from './graphqlExecutor.js';

type Args = Record<string, unknown>;
export type UserError = { field: string[] | null; message: string; code?: string };

const INVENTORY_REASONS = new Set([
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_created',
  'other',
  'received',
  'restock',
  'safety_stock',
  'shrinkage',
]);
const INVENTORY_NAMES = new Set(['available', 'damaged', 'quality_control', 'reserved', 'safety_stock']);

interface BulkState {
  polls: number;
  operation: GqlOperation;
  groupObjects: boolean;
}

/** From 2026-04 refundCreate and inventoryAdjustQuantities refuse to run without an idempotency key. */
function requireKey(shop: FakeShopify, key: string | null, mutation: string): void {
  if (!key && shop.requestVersion >= '2026-04')
    throw new GqlValidationError(`${mutation} requires the @idempotent directive from 2026-04`, 'BAD_REQUEST');
}

/** The mutations the fake answers (and the bulk operations' life, moved on by status polls). */
export function shopifyMutations(shop: FakeShopify): FakeObject & { advanceBulk(op: FakeObject): void } {
  const bulkStates = new Map<string, BulkState>();
  const refundKeys = new Map<string, { input: string; refund: FakeObject }>();

  function bulkOperationRunQuery(args: Args) {
    const running = shop.bulkOperations.find((b) => b.status === 'CREATED' || b.status === 'RUNNING');
    if (running)
      return bulkPayload(null, [
        {
          field: null,
          message: `A bulk query operation for this app and shop is already in progress: ${running.id}.`,
          code: 'OPERATION_IN_PROGRESS',
        },
      ]);
    let operation: GqlOperation;
    try {
      operation = parseOperation(String(args.query ?? ''));
    } catch (err) {
      return bulkPayload(null, [{ field: ['query'], message: (err as Error).message, code: 'INVALID' }]);
    }
    const root = operation.selections[0];
    if (
      operation.type !== 'query' ||
      root?.kind !== 'field' ||
      !['orders', 'products'].includes(root.name) ||
      !isConnection(root.selections)
    )
      return bulkPayload(null, [
        { field: ['query'], message: 'Bulk queries must contain at least one connection.', code: 'INVALID' },
      ]);
    // Shopify checks the query's shape when it is submitted: a try on one object shows what it refuses.
    const sample = (root.name === 'orders' ? shop.orders : shop.products).slice(0, 1);
    try {
      new GqlExecutor({}).bulk(sample, root.selections ?? []);
    } catch (err) {
      if (!(err instanceof GqlValidationError)) throw err;
      return bulkPayload(null, [{ field: ['query'], message: err.message, code: 'INVALID' }]);
    }
    const op: FakeObject = {
      __typename: 'BulkOperation',
      id: gid('BulkOperation', nextId()),
      status: 'CREATED',
      type: 'QUERY',
      query: args.query,
      errorCode: null,
      objectCount: '0',
      rootObjectCount: '0',
      fileSize: null,
      url: null,
      partialDataUrl: null,
      createdAt: new Date().toISOString(),
      completedAt: null,
    };
    bulkStates.set(String(op.id), { polls: 0, operation, groupObjects: args.groupObjects === true });
    shop.bulkOperations.push(op);
    return bulkPayload(op, []);
  }

  function advanceBulk(op: FakeObject) {
    const state = bulkStates.get(String(op.id));
    if (!state || (op.status !== 'CREATED' && op.status !== 'RUNNING')) return;
    state.polls++;
    op.status = 'RUNNING';
    if (state.polls < shop.bulkPolls) return;
    op.completedAt = new Date().toISOString();
    if (shop.failNextBulk) {
      op.status = 'FAILED';
      op.errorCode = shop.failNextBulk;
      shop.failNextBulk = null;
      return;
    }
    const root = state.operation.selections[0] as GqlField;
    const items = [...(root.name === 'orders' ? shop.orders : shop.products)].sort((a, b) =>
      String(a.createdAt ?? a.updatedAt).localeCompare(String(b.createdAt ?? b.updatedAt)),
    );
    let rows = new GqlExecutor({}).bulk(items, root.selections ?? []);
    // Ungrouped, a parent's rows are not kept beside it.
    if (!state.groupObjects) rows = [...rows.filter((r) => !r.__parentId), ...rows.filter((r) => r.__parentId)];
    op.status = 'COMPLETED';
    op.objectCount = String(rows.length);
    op.rootObjectCount = String(rows.filter((r) => !r.__parentId).length);
    if (rows.length === 0) return;
    const name = `${String(op.id).split('/').pop()}.jsonl`;
    const file = Buffer.from(`${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    shop.bulkFiles.set(name, file);
    op.fileSize = String(file.length);
    op.url = `${shop.url}/bulk-results/${name}`;
  }

  function refundCreate(args: Args, _field: GqlField, directives: Record<string, Args>) {
    const input = args.input as Args;
    const key = directives.idempotent?.key ? String(directives.idempotent.key) : null;
    requireKey(shop, key, 'refundCreate');
    return { __typename: 'RefundCreatePayload', ...refundOnce(input, key) };
  }

  function refundOnce(
    input: Args,
    key: string | null,
  ): { refund: FakeObject | null; order: FakeObject | null; userErrors: UserError[] } {
    const seen = key ? refundKeys.get(key) : undefined;
    if (seen) {
      if (seen.input !== JSON.stringify(input))
        throw new GqlValidationError(
          'The idempotency key was used with different parameters',
          'IDEMPOTENCY_KEY_PARAMETER_MISMATCH',
        );
      return { refund: seen.refund, order: seen.refund.order as FakeObject, userErrors: [] };
    }
    const order = shop.orders.find((o) => o.id === input.orderId);
    if (!order) return { refund: null, order: null, userErrors: [{ field: ['orderId'], message: 'Order does not exist' }] };
    const result = makeRefund(order, input);
    if (result.refund && key) refundKeys.set(key, { input: JSON.stringify(input), refund: result.refund });
    return { ...result, order: result.refund ? order : null };
  }

  function makeRefund(order: FakeObject, input: Args): { refund: FakeObject | null; userErrors: UserError[] } {
    const txs = order.transactions as FakeObject[];
    const lines = order.lineItems as FakeObject[];
    const currency = String(order.currencyCode);
    const presented = String(order.presentmentCurrencyCode);
    const rate = Number(order.presentmentRate ?? 1);
    // Amounts of a refund are in the currency the shopper paid, which must be named when it is not the shop's.
    if ((presented !== currency || input.currency) && input.currency !== presented)
      return {
        refund: null,
        userErrors: [{ field: ['currency'], message: `Currency must match the presentment currency ${presented}` }],
      };
    const paid = (bag: unknown) => toMinor(String(((bag as FakeObject).presentmentMoney as FakeObject).amount));
    const wanted = (input.transactions as Args[] | null) ?? [];
    for (const [i, t] of wanted.entries()) {
      const parent = txs.find((p) => p.id === t.parentId && (p.kind === 'SALE' || p.kind === 'CAPTURE'));
      if (!parent)
        return {
          refund: null,
          userErrors: [{ field: ['transactions', String(i), 'parentId'], message: 'Parent transaction does not exist' }],
        };
      if (t.kind !== 'REFUND')
        return { refund: null, userErrors: [{ field: ['transactions', String(i), 'kind'], message: 'Kind must be refund' }] };
      const left =
        paid(parent.amountSet) -
        txs
          .filter((r) => r.kind === 'REFUND' && (r.parentTransaction as FakeObject | null)?.id === parent.id)
          .reduce((sum, r) => sum + paid(r.amountSet), 0);
      if (toMinor(String(t.amount)) > left)
        return {
          refund: null,
          userErrors: [
            { field: ['transactions', String(i), 'amount'], message: `Amount cannot be greater than ${(left / 100).toFixed(2)}` },
          ],
        };
    }
    const refundLines = (input.refundLineItems as Args[] | null) ?? [];
    for (const [i, rl] of refundLines.entries()) {
      const line = lines.find((l) => l.id === rl.lineItemId);
      if (!line)
        return {
          refund: null,
          userErrors: [{ field: ['refundLineItems', String(i), 'lineItemId'], message: 'Line item does not exist' }],
        };
      if (Number(rl.quantity) > Number(line.refundableQuantity))
        return {
          refund: null,
          userErrors: [
            {
              field: ['refundLineItems', String(i), 'quantity'],
              message: 'Quantity cannot refund more items than were purchased',
            },
          ],
        };
    }
    const created = wanted.map((t) => {
      const parent = txs.find((p) => p.id === t.parentId) as FakeObject;
      const amount = toMinor(String(t.amount));
      const tx = transactionObject('REFUND', Math.round(amount / rate), currency, String(t.gateway || parent.gateway), parent);
      (tx.amountSet as FakeObject).presentmentMoney = {
        __typename: 'MoneyV2',
        amount: String(t.amount),
        currencyCode: presented,
      };
      txs.push(tx);
      return tx;
    });
    for (const rl of refundLines) {
      const line = lines.find((l) => l.id === rl.lineItemId) as FakeObject;
      line.refundableQuantity = Number(line.refundableQuantity) - Number(rl.quantity);
    }
    const total = created.reduce(
      (sum, t) => sum + toMinor(String(((t.amountSet as FakeObject).shopMoney as FakeObject).amount)),
      0,
    );
    const refund: FakeObject = {
      __typename: 'Refund',
      id: gid('Refund', nextId()),
      createdAt: new Date().toISOString(),
      note: (input.note as string | null) ?? null,
      order: { __typename: 'Order', id: order.id },
      totalRefundedSet: {
        ...moneyBag(total, currency),
        presentmentMoney: {
          __typename: 'MoneyV2',
          amount: (created.reduce((sum, t) => sum + paid(t.amountSet), 0) / 100).toFixed(2),
          currencyCode: presented,
        },
      },
      transactions: created,
      refundLineItems: refundLines.map((rl) => ({
        __typename: 'RefundLineItem',
        quantity: rl.quantity,
        subtotalSet: lineSubtotal(lines.find((l) => l.id === rl.lineItemId) as FakeObject, Number(rl.quantity)),
        restockType: rl.restockType ?? 'NO_RESTOCK',
        lineItem: { __typename: 'LineItem', id: rl.lineItemId },
      })),
    };
    (order.refunds as FakeObject[]).push(refund);
    const refundedAll = txs.filter((t) => t.kind === 'REFUND').reduce((s, t) => s + paid(t.amountSet), 0);
    order.displayFinancialStatus = refundedAll >= paid(order.totalPriceSet) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    order.updatedAt = new Date().toISOString();
    return { refund, userErrors: [] };
  }

  const adjustmentKeys = new Map<string, FakeObject>();

  function inventoryAdjustQuantities(args: Args, _field: GqlField, directives: Record<string, Args>) {
    const key = directives.idempotent?.key ? String(directives.idempotent.key) : null;
    requireKey(shop, key, 'inventoryAdjustQuantities');
    const seen = key ? adjustmentKeys.get(key) : undefined;
    if (seen) return seen;
    const answer = adjustOnce(args.input as Args);
    if (key && answer.inventoryAdjustmentGroup) adjustmentKeys.set(key, answer);
    return answer;
  }

  function adjustOnce(input: Args): FakeObject {
    const errors: UserError[] = [];
    if (!INVENTORY_NAMES.has(String(input.name)))
      errors.push({ field: ['input', 'name'], message: 'The quantity name is not valid', code: 'INVALID_QUANTITY_NAME' });
    if (!INVENTORY_REASONS.has(String(input.reason)))
      errors.push({ field: ['input', 'reason'], message: 'The specified reason is invalid', code: 'INVALID_REASON' });
    const changes = (input.changes as Args[] | null) ?? [];
    for (const [i, c] of changes.entries()) {
      if (!shop.inventory.has(`${c.inventoryItemId}|${c.locationId}`))
        errors.push({
          field: ['input', 'changes', String(i), 'inventoryItemId'],
          message: 'The specified inventory item is not stocked at the location',
          code: 'ITEM_NOT_STOCKED_AT_LOCATION',
        });
    }
    if (errors.length)
      return { __typename: 'InventoryAdjustQuantitiesPayload', inventoryAdjustmentGroup: null, userErrors: errors };
    for (const c of changes) {
      const key = `${c.inventoryItemId}|${c.locationId}`;
      shop.inventory.set(key, (shop.inventory.get(key) ?? 0) + Number(c.delta));
    }
    return {
      __typename: 'InventoryAdjustQuantitiesPayload',
      inventoryAdjustmentGroup: {
        __typename: 'InventoryAdjustmentGroup',
        id: gid('InventoryAdjustmentGroup', nextId()),
        reason: input.reason,
      },
      userErrors: [],
    };
  }

  return {
    __typename: 'Mutation',
    bulkOperationRunQuery,
    refundCreate,
    inventoryAdjustQuantities,
    ...returnMutations(shop),
    advanceBulk,
  };
}

function bulkPayload(op: FakeObject | null, userErrors: UserError[]) {
  return { __typename: 'BulkOperationRunQueryPayload', bulkOperation: op, userErrors };
}

/** What `quantity` units of a line cost after its discounts, in both currencies (RefundLineItem.subtotalSet). */
function lineSubtotal(line: FakeObject, quantity: number): FakeObject {
  const unit = line.discountedUnitPriceAfterAllDiscountsSet as FakeObject;
  const times = (m: unknown) => {
    const money = m as FakeObject;
    return { ...money, amount: ((toMinor(String(money.amount)) * quantity) / 100).toFixed(2) };
  };
  return { __typename: 'MoneyBag', shopMoney: times(unit.shopMoney), presentmentMoney: times(unit.presentmentMoney) };
}
