import { sql } from 'kysely';
import { RetourError } from '../../domain/errors.js';
import { isPlatformRefunder } from '../../domain/paymentProviders.js';
import { paidForUnits } from '../../domain/refund.js';
import { COUNTED_SETTLEMENT_STATUSES } from '../../domain/settlementStatus.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit, type Tx, type Unit } from '../kernel/transaction.js';
import { providerOf, requireProviderReady } from './payments/refundRoute.js';
import { presentSettlement, type SettlementView } from './settlementQueries.js';
import { runProviderRefund } from './settlementRun.js';
import { addEntry, ensureAccount } from './storeCredit/ledger.js';

export interface AdjustReturnMoneyInput {
  returnId: string;
  /** partial_refund: part of one line's price; goodwill: an amount on top, for the whole return. */
  kind: 'partial_refund' | 'goodwill';
  returnLineId?: string | null;
  amount: number;
  reason: string;
  /** Back to the payment (as the order was paid) or as store credit. */
  via: 'refund' | 'store_credit';
}

/**
 * Money staff give back beyond the calculated refund: part of a line (a complaint, a disputed
 * deduction upheld) or goodwill. Never more than the order took in all, counting every earlier
 * refund; the reason is kept with it and in the timeline. Through the provider it is a settlement
 * like any other (pending with its idempotency key first, so it is never paid twice).
 */
export async function adjustReturnMoney(
  ctx: AppContext,
  meta: CommandMeta,
  input: AdjustReturnMoneyInput,
): Promise<SettlementView> {
  const created = await inUnit(ctx, { actor: meta.actor }, async (unit) => {
    const ret = await lockAdjustedReturn(unit.tx, input);
    if (input.kind === 'partial_refund') await checkLineCeiling(unit.tx, input);
    if (input.via === 'refund') await checkOrderCeiling(unit.tx, input, ret);
    return writeAdjustment(unit, meta, input, ret);
  });
  if (created.provider === 'mollie' || created.provider === 'stripe' || isPlatformRefunder(created.provider))
    await runProviderRefund(ctx, created.id);
  return inUnit(ctx, meta, async (unit) =>
    presentSettlement(await unit.tx.selectFrom('settlements').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow()),
  );
}

type AdjustedReturn = Awaited<ReturnType<typeof lockAdjustedReturn>>;

/** The return with its order's money, locked; one only requested or cancelled cannot be adjusted. */
async function lockAdjustedReturn(tx: Tx, input: AdjustReturnMoneyInput) {
  const ret = await tx
    .selectFrom('returns')
    .innerJoin('orders', 'orders.id', 'returns.order_id')
    .select([
      'returns.id',
      'returns.number',
      'returns.status',
      'returns.currency',
      'returns.customer_id',
      'returns.order_id',
      'orders.total_amount',
      'orders.payment_provider',
      'orders.payment_reference',
    ])
    .where('returns.id', '=', input.returnId)
    .forUpdate()
    .executeTakeFirst();
  if (!ret) throw new RetourError('not_found', 'RETURN_NOT_FOUND', `Return ${input.returnId} does not exist`);
  if (ret.status === 'requested' || ret.status === 'cancelled') {
    throw new RetourError('conflict', 'ILLEGAL_TRANSITION', `A return in status "${ret.status}" cannot be adjusted`);
  }
  return ret;
}

/** A partial refund is for one line, and never more than what of the line is still unpaid back. */
async function checkLineCeiling(tx: Tx, input: AdjustReturnMoneyInput) {
  if (!input.returnLineId)
    throw new RetourError('invalid', 'VALIDATION_FAILED', 'A partial refund is for one line', [
      { path: 'returnLineId', message: 'required for a partial refund' },
    ]);
  const line = await tx
    .selectFrom('return_lines')
    .innerJoin('order_lines', 'order_lines.id', 'return_lines.order_line_id')
    .select([
      'return_lines.id',
      'return_lines.quantity',
      'return_lines.settled_amount',
      'order_lines.paid_amount',
      'order_lines.quantity as ordered',
      'order_lines.refunded_quantity',
      'order_lines.refunded_amount',
    ])
    .where('return_lines.id', '=', input.returnLineId)
    .where('return_lines.return_id', '=', input.returnId)
    .executeTakeFirst();
  if (!line)
    throw new RetourError('invalid', 'RETURN_LINE_NOT_FOUND', `Line ${input.returnLineId} is not part of this return`, [
      { path: 'returnLineId', message: 'not a line of this return' },
    ]);
  const earlier = await tx
    .selectFrom('settlements')
    .select(sql<number>`coalesce(sum(amount), 0)`.as('n'))
    .where('return_id', '=', input.returnId)
    .where('kind', '=', 'partial_refund')
    .where('status', 'in', COUNTED_SETTLEMENT_STATUSES)
    .where(sql<boolean>`lines @> ${JSON.stringify([{ returnLineId: line.id }])}::jsonb`)
    .executeTakeFirstOrThrow();
  const ceiling =
    paidForUnits(
      {
        paid: line.paid_amount,
        ordered: line.ordered,
        refundedQuantity: line.refunded_quantity,
        refundedAmount: Number(line.refunded_amount),
      },
      line.quantity,
    ) -
    line.settled_amount -
    Number(earlier.n);
  if (input.amount > ceiling) {
    throw new RetourError('invalid', 'AMOUNT_EXCEEDS_PAID', `At most ${Math.max(0, ceiling)} of this line is still unpaid back`, [
      { path: 'amount', message: `must be at most ${Math.max(0, ceiling)}` },
    ]);
  }
}

/** Back to the payment: never more than the order took in all. */
async function checkOrderCeiling(tx: Tx, input: AdjustReturnMoneyInput, ret: AdjustedReturn) {
  const refunded = await tx
    .selectFrom('settlements as s')
    .innerJoin('returns as r', 'r.id', 's.return_id')
    .select(sql<number>`coalesce(sum(s.amount), 0)`.as('n'))
    .where('r.order_id', '=', ret.order_id)
    .where('s.kind', '!=', 'store_credit')
    .where('s.provider', '!=', 'ledger')
    .where('s.status', 'in', COUNTED_SETTLEMENT_STATUSES)
    .executeTakeFirstOrThrow();
  // Refunds the shop platform made outside Retour took from the same payment.
  const onPlatform = await tx
    .selectFrom('order_lines')
    .select(sql<number>`coalesce(sum(refunded_amount), 0)`.as('n'))
    .where('order_id', '=', ret.order_id)
    .executeTakeFirstOrThrow();
  const left = ret.total_amount - Number(refunded.n) - Number(onPlatform.n);
  if (input.amount > left) {
    throw new RetourError('invalid', 'AMOUNT_EXCEEDS_PAID', `At most ${Math.max(0, left)} of this order can still be refunded`, [
      { path: 'amount', message: `must be at most ${Math.max(0, left)}; give store credit for more` },
    ]);
  }
}

/** The settlement (paid at once when it is store credit) and the event on the timeline. */
async function writeAdjustment(unit: Unit, meta: CommandMeta, input: AdjustReturnMoneyInput, ret: AdjustedReturn) {
  const provider = input.via === 'store_credit' ? 'ledger' : providerOf(ret);
  await requireProviderReady(unit.tx, provider, ret.payment_reference);
  const id = newId('stl');
  const lines = input.returnLineId ? [{ returnLineId: input.returnLineId, amount: input.amount }] : [];
  const done = provider === 'ledger';
  await unit.tx
    .insertInto('settlements')
    .values({
      id,
      return_id: ret.id,
      kind: input.kind,
      provider,
      status: done ? 'succeeded' : 'pending',
      amount: input.amount,
      currency: ret.currency,
      reference: null,
      lines: JSON.stringify(lines),
      note: input.reason,
      created_by: meta.actor.id,
      created_at: unit.now,
      idempotency_key: `retour-${id}`,
      payment_reference:
        provider === 'mollie' || provider === 'stripe' || isPlatformRefunder(provider) ? ret.payment_reference : null,
      breakdown: JSON.stringify({ [input.kind]: input.amount, via: input.via }),
      trigger: 'staff',
      updated_at: unit.now,
      succeeded_at: done ? unit.now : null,
    })
    .execute();
  if (done) {
    const account = await ensureAccount(unit.tx, ret.customer_id, ret.currency, unit.now);
    await addEntry(
      unit.tx,
      account,
      { kind: 'issue', amount: input.amount, returnId: ret.id, settlementId: id, note: input.reason, reference: ret.number },
      meta.actor,
      unit.now,
    );
    await unit.tx.updateTable('settlements').set({ reference: account.code }).where('id', '=', id).execute();
  }
  unit.record({
    type: 'return.money_adjusted',
    subjectType: 'return',
    subjectId: ret.id,
    returnId: ret.id,
    reason: input.reason,
    data: {
      number: ret.number,
      settlementId: id,
      kind: input.kind,
      via: input.via,
      provider,
      amount: input.amount,
      returnLineId: input.returnLineId ?? null,
    },
  });
  return { id, provider };
}
