import type { Selectable } from 'kysely';
import type { SettlementsTable } from '../../db/schema.js';
import { completeSettlement, failSettlement } from '../../domain/returnLifecycle.js';
import { type Actor, type AppContext, systemActor } from '../kernel/context.js';
import { inUnit, type Unit } from '../kernel/transaction.js';
import { type LoadedReturn, loadReturnForUpdate } from '../returns/returnStore.js';
import { persistTransition } from '../returns/transitionReturn.js';
import type { PaymentGateway } from './payments/gateway.js';
import { ProviderError, type ProviderRefund, REFUND_ROUTES, type RefundRouteName } from './payments/port.js';

export type ProviderOutcome =
  | { kind: 'paid'; refund: ProviderRefund }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'unknown'; message: string };

/** Asks the provider for the refund of one pending settlement, then records what it said. The
 * idempotency key makes asking again safe: the provider answers a repeat with the first refund. */
export async function runProviderRefund(ctx: AppContext, settlementId: string): Promise<string> {
  const s = await ctx.db
    .selectFrom('settlements')
    .innerJoin('returns', 'returns.id', 'settlements.return_id')
    .select([
      'settlements.id',
      'settlements.status',
      'settlements.provider',
      'settlements.amount',
      'settlements.currency',
      'settlements.idempotency_key',
      'settlements.payment_reference',
      'returns.number',
    ])
    .where('settlements.id', '=', settlementId)
    .executeTakeFirstOrThrow();
  if (s.status !== 'pending') return s.status;
  const outcome = await askProvider(ctx, s.provider as RefundRouteName, async (p) =>
    p.refund({
      paymentReference: s.payment_reference ?? '',
      amount: s.amount,
      currency: s.currency,
      idempotencyKey: s.idempotency_key ?? `retour-${s.id}`,
      settlementId: s.id,
      returnNumber: s.number,
      description: `Refund for return ${s.number}`,
    }),
  );
  return finishSettlement(ctx, settlementId, outcome, systemActor);
}

async function askProvider(
  ctx: AppContext,
  name: RefundRouteName,
  call: (p: NonNullable<Awaited<ReturnType<PaymentGateway['provider']>>>) => Promise<ProviderRefund | null>,
): Promise<ProviderOutcome | null> {
  let provider: Awaited<ReturnType<PaymentGateway['provider']>>;
  try {
    provider = await ctx.payments.provider(name);
  } catch (err) {
    return { kind: 'unknown', message: (err as Error).message };
  }
  if (!provider) return { kind: 'unknown', message: `${name} is not configured` };
  try {
    const refund = await call(provider);
    if (!refund) return null;
    if (refund.status === 'failed')
      return { kind: 'refused', code: 'REFUND_FAILED', message: `${name} refund ${refund.id} failed` };
    if (refund.status === 'pending') return { kind: 'unknown', message: `${name} refund ${refund.id} is still pending` };
    return { kind: 'paid', refund };
  } catch (err) {
    if (err instanceof ProviderError) {
      return err.kind === 'rejected'
        ? { kind: 'refused', code: err.code, message: err.message }
        : { kind: 'unknown', message: err.message };
    }
    return { kind: 'unknown', message: (err as Error).message };
  }
}

/**
 * Records the provider's answer for a pending settlement, under the return's lock. Whoever comes
 * second (the request and a reconciliation, say) finds it no longer pending and changes nothing.
 * No answer keeps it pending, counting the attempt, for the next reconciliation.
 */
export async function finishSettlement(
  ctx: AppContext,
  settlementId: string,
  outcome: ProviderOutcome | null,
  actor: Actor,
  reference?: string | null,
): Promise<string> {
  return inUnit(ctx, { actor }, async (unit) => {
    const head = await unit.tx
      .selectFrom('settlements')
      .select('return_id')
      .where('id', '=', settlementId)
      .executeTakeFirstOrThrow();
    const loaded = await loadReturnForUpdate(unit.tx, head.return_id);
    const s = await unit.tx
      .selectFrom('settlements')
      .selectAll()
      .where('id', '=', settlementId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (s.status !== 'pending') return s.status;
    if (!outcome || outcome.kind === 'unknown') {
      await unit.tx
        .updateTable('settlements')
        .set({
          attempts: s.attempts + 1,
          last_error: outcome?.message ?? 'no refund found at the provider',
          updated_at: unit.now,
        })
        .where('id', '=', s.id)
        .execute();
      return 'pending';
    }
    if (outcome.kind === 'refused') return settlementRefused(unit, loaded, s, outcome);
    return settlementPaid(unit, loaded, s, outcome, reference);
  });
}

type PendingSettlement = Selectable<SettlementsTable>;

/** The provider refused: the settlement failed, and so did its lines' settlement. */
async function settlementRefused(
  unit: Unit,
  loaded: LoadedReturn,
  s: PendingSettlement,
  outcome: Extract<ProviderOutcome, { kind: 'refused' }>,
): Promise<'failed'> {
  const parts = s.lines;
  // Partial refunds and goodwill come on top of the lines' own settlement: they move no line.
  const movesLines = s.kind === 'refund';
  await unit.tx
    .updateTable('settlements')
    .set({
      status: 'failed',
      attempts: s.attempts + 1,
      last_error: `${outcome.code}: ${outcome.message}`,
      updated_at: unit.now,
      // Recorded: a platform refund's claim on the settlement ends with this commit.
      provider_claim: null,
      provider_claimed_until: null,
    })
    .where('id', '=', s.id)
    .execute();
  const result = movesLines
    ? failSettlement(loaded.state, parts, outcome.code)
    : { state: loaded.state, events: [{ type: 'return.settlement_failed', reason: outcome.code, data: {} }] };
  await persistTransition(unit, loaded, {
    ...result,
    events: result.events.map((e) => ({
      ...e,
      data: { ...e.data, settlementId: s.id, provider: s.provider, message: outcome.message },
    })),
  });
  return 'failed';
}

/** The provider paid: the settlement succeeded, and its lines are settled. */
async function settlementPaid(
  unit: Unit,
  loaded: LoadedReturn,
  s: PendingSettlement,
  outcome: Extract<ProviderOutcome, { kind: 'paid' }>,
  reference: string | null | undefined,
): Promise<'succeeded'> {
  const parts = s.lines;
  // Partial refunds and goodwill come on top of the lines' own settlement: they move no line.
  const movesLines = s.kind === 'refund';
  await unit.tx
    .updateTable('settlements')
    .set({
      status: 'succeeded',
      attempts: s.attempts + 1,
      provider_refund_id: outcome.refund.id,
      reference: reference ?? outcome.refund.id,
      last_error: null,
      updated_at: unit.now,
      succeeded_at: unit.now,
      provider_claim: null,
      provider_claimed_until: null,
    })
    .where('id', '=', s.id)
    .execute();
  const result = movesLines
    ? completeSettlement(loaded.state, parts)
    : { state: loaded.state, events: [{ type: 'return.settlement_recorded', data: { lines: parts } }] };
  await persistTransition(unit, loaded, {
    ...result,
    events: result.events.map((e) =>
      e.type === 'return.settlement_recorded'
        ? {
            ...e,
            data: {
              ...e.data,
              amount: s.amount,
              settlementId: s.id,
              kind: s.kind,
              provider: s.provider,
              providerRefundId: outcome.refund.id,
            },
          }
        : e,
    ),
  });
  return 'succeeded';
}

export interface ReconcileReport {
  checked: number;
  succeeded: number;
  failed: number;
  pending: number;
}

/**
 * Repairs provider settlements left pending (a crash or lost answer between the provider's work
 * and Retour's commit): first asks the provider whether it made the refund (found by the
 * settlement id in its metadata), and only if not asks again with the same idempotency key. Only
 * settlements untouched for `olderThanMs` are taken, so a request still talking to the provider is
 * left alone.
 */
export async function reconcileSettlements(
  ctx: AppContext,
  options: { olderThanMs: number; limit?: number },
): Promise<ReconcileReport> {
  const before = new Date(ctx.now().getTime() - options.olderThanMs);
  const open = await ctx.db
    .selectFrom('settlements')
    .select(['id', 'provider', 'payment_reference'])
    .where('status', '=', 'pending')
    .where('provider', 'in', REFUND_ROUTES)
    .where((eb) => eb(eb.fn.coalesce('updated_at', 'created_at'), '<', before))
    .orderBy('created_at')
    .limit(options.limit ?? 500)
    .execute();
  const report: ReconcileReport = { checked: open.length, succeeded: 0, failed: 0, pending: 0 };
  for (const s of open) {
    const found = await askProvider(ctx, s.provider as RefundRouteName, (p) => p.findRefund(s.payment_reference ?? '', s.id));
    // Only a lookup that answered "no such refund" leads to asking for it again.
    const status = found === null ? await runProviderRefund(ctx, s.id) : await finishSettlement(ctx, s.id, found, systemActor);
    if (status === 'succeeded') report.succeeded++;
    else if (status === 'failed') report.failed++;
    else report.pending++;
  }
  return report;
}
