import { addDays, startOfLocalDay } from '../../../domain/calendar.js';
import type { ReconciliationOutcome } from '../../../domain/reconciliation.js';
import type { SettlementStatus } from '../../../domain/settlementStatus.js';
import type { AppContext } from '../../kernel/context.js';
import type { ProviderRefund, RefundRouteName } from './port.js';

export interface ReconciliationRow {
  settlementId: string | null;
  returnNumber: string | null;
  paymentReference: string;
  retour: { status: SettlementStatus; amount: number } | null;
  provider: { refundId: string; status: string; amount: number } | null;
  outcome: ReconciliationOutcome;
}

/**
 * One provider's day (the shop's local day) side by side with Retour: every settlement through it that day, and
 * every refund the provider holds for the payments concerned, matched by the settlement id Retour
 * sends with each refund. One provider call per payment.
 */
export async function reconcileProviderDay(
  ctx: AppContext,
  { provider, day, timeZone }: { provider: RefundRouteName; day: string; timeZone: string },
) {
  const { db, payments } = ctx;
  const from = startOfLocalDay(day, timeZone);
  const to = startOfLocalDay(addDays(day, 1), timeZone);
  const settlements = await db
    .selectFrom('settlements as s')
    .innerJoin('returns as r', 'r.id', 's.return_id')
    .select(['s.id', 's.status', 's.amount', 's.currency', 's.payment_reference', 'r.number'])
    .where('s.provider', '=', provider)
    .where('s.created_at', '>=', from)
    .where('s.created_at', '<', to)
    .orderBy('s.id')
    .execute();
  const adapter = await payments.provider(provider);
  const references = [...new Set(settlements.flatMap((s) => (s.payment_reference ? [s.payment_reference] : [])))];
  const atProvider = new Map<string, ProviderRefund[]>();
  const errors: { paymentReference: string; message: string }[] = [];
  for (const ref of references) {
    if (!adapter) break;
    try {
      atProvider.set(ref, await adapter.listRefunds(ref));
    } catch (err) {
      errors.push({ paymentReference: ref, message: (err as Error).message });
    }
  }
  const { rows: matched, seen } = matchSettlements(settlements, atProvider);
  const rows = [...matched, ...refundsNotInRetour(atProvider, settlements, seen, { from, to })];
  const total = (f: (r: ReconciliationRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    provider,
    day,
    configured: Boolean(adapter),
    totals: {
      retour: total((r) => (r.retour?.status === 'succeeded' ? r.retour.amount : 0)),
      provider: total((r) => (r.provider && r.provider.status !== 'failed' ? r.provider.amount : 0)),
      differences: rows.filter((r) => r.outcome !== 'matched' && r.outcome !== 'pending').length,
    },
    rows,
    errors,
  };
}

type DaySettlement = { id: string; status: SettlementStatus; amount: number; payment_reference: string | null; number: string };

/** Each settlement with the provider's refund made for it, if any; `seen` holds those refunds. */
function matchSettlements(settlements: DaySettlement[], atProvider: Map<string, ProviderRefund[]>) {
  const rows: ReconciliationRow[] = [];
  const seen = new Set<string>();
  for (const s of settlements) {
    const ref = s.payment_reference ?? '';
    const found = (atProvider.get(ref) ?? []).find((r) => r.settlementId === s.id) ?? null;
    if (found) seen.add(found.id);
    const outcome: ReconciliationRow['outcome'] =
      s.status === 'pending'
        ? 'pending'
        : s.status !== 'succeeded'
          ? found
            ? 'amount_mismatch'
            : 'matched'
          : !found
            ? 'missing_at_provider'
            : found.amount !== s.amount
              ? 'amount_mismatch'
              : 'matched';
    rows.push({
      settlementId: s.id,
      returnNumber: s.number,
      paymentReference: ref,
      retour: { status: s.status, amount: s.amount },
      provider: found ? { refundId: found.id, status: found.status, amount: found.amount } : null,
      outcome,
    });
  }
  return { rows, seen };
}

/** Refunds of the same payments that day that Retour did not make. */
function refundsNotInRetour(
  atProvider: Map<string, ProviderRefund[]>,
  settlements: DaySettlement[],
  seen: Set<string>,
  { from, to }: { from: Date; to: Date },
): ReconciliationRow[] {
  const rows: ReconciliationRow[] = [];
  for (const [ref, refunds] of atProvider) {
    for (const r of refunds) {
      const at = r.createdAt ? new Date(r.createdAt).getTime() : null;
      if (seen.has(r.id) || (at !== null && (at < from.getTime() || at >= to.getTime()))) continue;
      if (r.settlementId && settlements.some((s) => s.id === r.settlementId)) continue;
      rows.push({
        settlementId: r.settlementId,
        returnNumber: null,
        paymentReference: ref,
        retour: null,
        provider: { refundId: r.id, status: r.status, amount: r.amount },
        outcome: 'not_in_retour',
      });
    }
  }
  return rows;
}
