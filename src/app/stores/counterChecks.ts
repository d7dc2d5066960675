import type { RetourDb } from '../../db/connection.js';
import { categoryChain, suggestDisposition } from '../../domain/disposition.js';
import { RetourError } from '../../domain/errors.js';
import type { AppCaches } from '../kernel/context.js';
import type { Tx } from '../kernel/transaction.js';
import { providerOf, requireProviderReady } from '../money/payments/refundRoute.js';
import { loadInspectionRules } from '../returns/inspection/inspectionRules.js';
import type { TakeBackInput } from './takeBackInput.js';

/**
 * What would stop a take-back halfway, refused before anything is written: a line whose grade no
 * disposition rule covers and that names none, and a refund through a provider the shop has not
 * set up (for a new return asking for one, or for lines of an online return granted one). The
 * shopper is still at the counter; they get the answer now, not after their goods were booked in.
 */
export async function checkBeforeTakingBack(db: RetourDb, caches: AppCaches, input: TakeBackInput): Promise<void> {
  const [rules, lines, order] = await Promise.all([
    loadInspectionRules(caches, db),
    db
      .selectFrom('order_lines as ol')
      .leftJoin('variants as v', 'v.id', 'ol.variant_id')
      .leftJoin('products as p', 'p.id', 'v.product_id')
      .select(['ol.id', 'p.category_id'])
      .where('ol.order_id', '=', input.orderId)
      .execute(),
    db.selectFrom('orders').select(['payment_provider', 'payment_reference']).where('id', '=', input.orderId).executeTakeFirst(),
  ]);
  if (!order)
    throw new RetourError('not_found', 'ORDER_NOT_FOUND', `Order ${input.orderId} does not exist`, [
      { path: 'orderId', message: 'unknown order' },
    ]);
  input.lines.forEach((l, i) => {
    const line = lines.find((o) => o.id === l.orderLineId);
    if (!line) {
      throw new RetourError('invalid', 'LINE_NOT_OF_ORDER', 'This item is not part of the order', [
        { path: `lines.${i}.orderLineId`, message: 'not a line of this order' },
      ]);
    }
    if (l.disposition) return;
    const suggested = suggestDisposition(rules.rules, l.grade, categoryChain(line.category_id ?? null, rules.parentOf));
    if (!suggested) {
      throw new RetourError('invalid', 'DISPOSITION_REQUIRED', `No rule suggests a disposition for grade ${l.grade}`, [
        { path: `lines.${i}.disposition`, message: 'choose a disposition' },
      ]);
    }
  });
  if (await refundsToOriginalPayment(db, input)) {
    await db.transaction().execute((tx) => requireProviderReady(tx, providerOf(order), order.payment_reference));
  }
}

/** Whether the take-back pays money back to the original payment: a new return asking for a
 * refund, or lines of an online return granted (or asking for) one among those brought. */
async function refundsToOriginalPayment(db: RetourDb, input: TakeBackInput): Promise<boolean> {
  if (!input.returnId) return (input.resolution ?? 'refund') === 'refund';
  const brought = await db
    .selectFrom('return_lines')
    .select(['requested_resolution', 'granted_resolution'])
    .where('return_id', '=', input.returnId)
    .where(
      'order_line_id',
      'in',
      input.lines.map((l) => l.orderLineId),
    )
    .execute();
  return brought.some((l) => (l.granted_resolution ?? l.requested_resolution) === 'refund');
}

/**
 * An online return the counter may take goods back for: still approved and waiting for its goods
 * (not received at a warehouse, not with a carrier, not called off), and every item brought one of
 * its approved lines whose goods are still expected. Checked with the return locked, before the
 * counter writes anything: goods that came back elsewhere are inspected and refunded there.
 * Answers the return a request with the same key took meanwhile, if one did.
 */
export async function requireAwaitingGoods(
  tx: Tx,
  input: TakeBackInput & { returnId: string },
  requestKey: string,
): Promise<string | null> {
  const ret = await tx
    .selectFrom('returns')
    .select(['id', 'order_id', 'status'])
    .where('id', '=', input.returnId)
    .forUpdate()
    .executeTakeFirst();
  if (!ret || ret.order_id !== input.orderId) {
    throw new RetourError('invalid', 'RETURN_NOT_OF_ORDER', 'This return is not one of the order', [
      { path: 'returnId', message: 'not a return of this order' },
    ]);
  }
  // Looked at with the return locked: a request that raced this one to it has taken it already.
  const taken = await tx
    .selectFrom('counter_returns')
    .select('return_id')
    .where('request_key', '=', requestKey)
    .executeTakeFirst();
  if (taken) return taken.return_id;
  if (ret.status !== 'approved') {
    throw new RetourError('conflict', 'RETURN_NOT_AWAITING_GOODS', `This return is ${ret.status}: it waits for no goods`, [
      { path: 'returnId', message: `the return is ${ret.status}` },
    ]);
  }
  const lines = await tx
    .selectFrom('return_lines')
    .select(['order_line_id', 'acceptance', 'reception'])
    .where('return_id', '=', ret.id)
    .execute();
  input.lines.forEach((l, i) => {
    const line = lines.find((r) => r.order_line_id === l.orderLineId);
    if (!line) {
      throw new RetourError('invalid', 'LINE_NOT_IN_RETURN', 'This item is not part of the return', [
        { path: `lines.${i}.orderLineId`, message: 'not a line of the return' },
      ]);
    }
    if (line.acceptance !== 'approved' || line.reception !== 'expected') {
      throw new RetourError('conflict', 'LINE_NOT_EXPECTED', 'This item of the return is not awaited', [
        { path: `lines.${i}.orderLineId`, message: `the line is ${line.acceptance} / ${line.reception}` },
      ]);
    }
  });
  return null;
}
