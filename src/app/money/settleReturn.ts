import { RetourError } from '../../domain/errors.js';
import type { RefundBreakdown } from '../../domain/refund.js';
import { beginSettlement, completeSettlement, type SettlementPart } from '../../domain/returnLifecycle.js';
import { getShopSettingsCached } from '../admin/shopSettings.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit, type Unit } from '../kernel/transaction.js';
import { type LoadedReturn, loadReturnForUpdate } from '../returns/returnStore.js';
import { persistTransition } from '../returns/transitionReturn.js';
import { linesToSettle, refundFor } from './payments/refundFacts.js';
import { providerOf, requireProviderReady } from './payments/refundRoute.js';
import { type SettlementView, settlementsOf } from './settlementQueries.js';
import { runProviderRefund } from './settlementRun.js';
import { addEntry, ensureAccount } from './storeCredit/ledger.js';

const DAY_MS = 86_400_000;

export interface SettleReturnInput {
  returnId: string;
  /** Only these lines; by default every approved line that waits for money. */
  lineIds?: string[];
  /** What started it: staff, or the policy's moment (approval, first_scan, receipt, inspection). */
  trigger?: string;
}

export interface SettleOutcome {
  returnId: string;
  status: string;
  /** Settlements this call started; empty when another call had started them already. */
  started: string[];
  settlements: SettlementView[];
}

interface Started {
  status: string;
  started: string[];
  /** The provider refund to make after the commit, if any. */
  providerRun: string | null;
}

/**
 * Settles a return's approved lines the way each was granted: refunds go back through the
 * provider the order was paid with (or wait for staff to confirm a bank transfer), store credit is
 * issued on the customer's ledger at once. The settlement is written as pending, with its
 * idempotency key, before the provider is called, and the lines are pending with it: a second call
 * (a retry, a double click, another process) finds nothing left to start and gets the same
 * settlement back. The provider call happens outside any transaction; a crash after it is repaired
 * by reconciliation.
 */
export async function settleReturn(ctx: AppContext, meta: CommandMeta, input: SettleReturnInput): Promise<SettleOutcome> {
  const trigger = input.trigger ?? 'staff';
  const begun = await inUnit(ctx, { actor: meta.actor }, async (unit): Promise<Started> => {
    const loaded = await loadReturnForUpdate(unit.tx, input.returnId);
    input.lineIds?.forEach((id, i) => {
      if (!loaded.lines.some((l) => l.id === id))
        throw new RetourError('invalid', 'RETURN_LINE_NOT_FOUND', `Line ${id} is not part of this return`, [
          { path: `lineIds.${i}`, message: 'not a line of this return' },
        ]);
    });
    const refundLines = linesToSettle(loaded, 'refund', input.lineIds);
    const creditLines = linesToSettle(loaded, 'store_credit', input.lineIds);
    if (refundLines.length === 0 && creditLines.length === 0) {
      const underWay = loaded.lines.some((l) => l.settlement === 'pending');
      if (underWay || loaded.lines.some((l) => l.settlement === 'succeeded')) {
        return { status: loaded.row.status, started: [], providerRun: null };
      }
      throw new RetourError(
        'conflict',
        'NOTHING_TO_SETTLE',
        'No approved line of this return waits for a refund or store credit',
      );
    }
    let state = loaded;
    const started: string[] = [];
    let providerRun: string | null = null;
    if (refundLines.length > 0) {
      const breakdown = await refundFor(unit.tx, state, refundLines);
      const result = await startRefund(unit, state, breakdown, trigger, meta);
      started.push(result.settlementId);
      if (result.provider !== 'manual') providerRun = result.settlementId;
      state = await loadReturnForUpdate(unit.tx, input.returnId);
    }
    if (creditLines.length > 0) {
      const breakdown = await refundFor(unit.tx, state, creditLines);
      started.push(await issueCredit(unit, state, breakdown, trigger, meta));
      state = await loadReturnForUpdate(unit.tx, input.returnId);
    }
    return { status: state.row.status, started, providerRun };
  });

  // A configured provider is checked before anything is written (see startRefund); here it is called.
  if (begun.providerRun) await runProviderRefund(ctx, begun.providerRun);
  return inUnit(ctx, meta, async (unit) => {
    const row = await unit.tx.selectFrom('returns').select('status').where('id', '=', input.returnId).executeTakeFirstOrThrow();
    return {
      returnId: input.returnId,
      status: row.status,
      started: begun.started,
      settlements: await settlementsOf(unit.tx, input.returnId),
    };
  });
}

const partsOf = (b: RefundBreakdown): SettlementPart[] =>
  b.lines.map((l) => ({ returnLineId: l.returnLineId, amount: l.refund }));

async function startRefund(unit: Unit, loaded: LoadedReturn, breakdown: RefundBreakdown, trigger: string, meta: CommandMeta) {
  const order = await unit.tx
    .selectFrom('orders')
    .select(['payment_provider', 'payment_reference'])
    .where('id', '=', loaded.row.order_id)
    .executeTakeFirstOrThrow();
  const provider = providerOf(order);
  await requireProviderReady(unit.tx, provider, order.payment_reference);
  const settlementId = newId('stl');
  const parts = partsOf(breakdown);
  // Nothing to pay (e.g. not the shop's item came back): settled at once, no provider involved.
  const free = breakdown.total === 0;
  const result = free
    ? completeSettlement(beginSettlement(loaded.state, parts).state, parts)
    : beginSettlement(loaded.state, parts);
  await unit.tx
    .insertInto('settlements')
    .values({
      id: settlementId,
      return_id: loaded.row.id,
      kind: 'refund',
      provider: free ? 'manual' : provider,
      status: free ? 'succeeded' : 'pending',
      amount: breakdown.total,
      currency: loaded.row.currency,
      reference: null,
      lines: JSON.stringify(parts),
      note: null,
      created_by: meta.actor.id,
      created_at: unit.now,
      // Sent with every call for this settlement: the provider answers a repeat with the first refund.
      idempotency_key: `retour-${settlementId}`,
      payment_reference: provider === 'manual' ? null : order.payment_reference,
      breakdown: JSON.stringify(breakdown),
      trigger,
      updated_at: unit.now,
      succeeded_at: free ? unit.now : null,
    })
    .execute();
  await persistTransition(unit, loaded, {
    state: result.state,
    events: [
      {
        type: 'return.settlement_started',
        data: { settlementId, kind: 'refund', provider, amount: breakdown.total, trigger, lines: parts },
      },
      ...result.events
        .filter((e) => e.type !== 'return.settlement_started')
        .map((e) => (e.type === 'return.settlement_recorded' ? { ...e, data: { ...e.data, settlementId, kind: 'refund' } } : e)),
    ],
  });
  return { settlementId, provider: free ? ('manual' as const) : provider };
}

/** Store credit: the value and any bonus the policy promised, on the customer's ledger, at once. */
async function issueCredit(unit: Unit, loaded: LoadedReturn, breakdown: RefundBreakdown, trigger: string, meta: CommandMeta) {
  const settlementId = newId('stl');
  const parts = partsOf(breakdown);
  // Worked out on what each line really credits, after fees and deductions (see calculateRefund).
  const bonus = breakdown.bonus;
  const settings = await getShopSettingsCached(unit.caches, unit.tx);
  const expiresAt = settings.storeCreditValidityDays
    ? new Date(unit.now.getTime() + settings.storeCreditValidityDays * DAY_MS)
    : null;
  const account = await ensureAccount(unit.tx, loaded.row.customer_id, loaded.row.currency, unit.now);
  const base = { returnId: loaded.row.id, settlementId, expiresAt, reference: loaded.row.number };
  if (breakdown.total > 0)
    await addEntry(unit.tx, account, { ...base, kind: 'issue', amount: breakdown.total }, meta.actor, unit.now);
  if (bonus > 0) await addEntry(unit.tx, account, { ...base, kind: 'bonus', amount: bonus }, meta.actor, unit.now);
  await unit.tx
    .insertInto('settlements')
    .values({
      id: settlementId,
      return_id: loaded.row.id,
      kind: 'store_credit',
      provider: 'ledger',
      status: 'succeeded',
      amount: breakdown.total + bonus,
      currency: loaded.row.currency,
      reference: account.code,
      lines: JSON.stringify(parts),
      note: bonus > 0 ? `including a bonus of ${bonus}` : null,
      created_by: meta.actor.id,
      created_at: unit.now,
      idempotency_key: `retour-${settlementId}`,
      breakdown: JSON.stringify(breakdown),
      trigger,
      updated_at: unit.now,
      succeeded_at: unit.now,
    })
    .execute();
  const result = completeSettlement(beginSettlement(loaded.state, parts).state, parts);
  await persistTransition(unit, loaded, {
    state: result.state,
    events: result.events.map((e) =>
      e.type === 'return.settlement_recorded'
        ? { ...e, data: { ...e.data, settlementId, kind: 'store_credit', bonus, amount: breakdown.total + bonus, expiresAt } }
        : e,
    ),
  });
  return settlementId;
}
