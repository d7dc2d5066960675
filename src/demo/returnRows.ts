import type { LineState, ReturnState } from '../domain/returnLifecycle.js';
import { noRiskFacts } from '../domain/risk/facts.js';
import { assessRisk, riskDecision } from '../domain/risk/score.js';
import { DEFAULT_RISK_SETTINGS } from '../domain/risk/settings.js';
import type { SettlementKind } from '../domain/settlementStatus.js';
import type { FullRow } from './bulkInsert.js';
import { DAY } from './orders.js';
import type { PlannedLine, ReturnPlan } from './returnPlans.js';

/** What the rows need of the story's context. */
export interface RowContext {
  policyVersionId: string;
  shipByDays: number;
  /** Reason code → reason id. */
  reasonIds: Map<string, string>;
}

/** What a told story leaves behind, as the rows of its return are made from it. */
export interface ToldReturn {
  plan: ReturnPlan;
  number: string;
  returnId: string;
  state: ReturnState;
  planned: Map<string, PlannedLine>;
  comments: Map<string, string | null>;
  approvedAt: number | null;
  /** When the last thing happened to the return. */
  last: number;
}

/** The return's row: its state at the end of the story, its value and risk as the app works them out. */
export function returnRow(told: ToldReturn, ctx: RowContext): FullRow<'returns'> {
  const { plan, state } = told;
  const { order } = plan;
  const value = [...told.planned.values()].reduce((sum, p) => sum + p.verdict.value, 0);
  const facts = noRiskFacts();
  const risk = assessRisk(
    { ...facts, segment: order.customer.segment, current: { ...facts.current, value, lines: state.lines.length } },
    DEFAULT_RISK_SETTINGS,
  );
  return {
    id: told.returnId,
    number: told.number,
    order_id: order.id,
    customer_id: order.customer.id,
    status: state.status,
    on_hold: state.onHold,
    hold_reasons: JSON.stringify(state.holdReasons),
    source: plan.source,
    method: plan.method,
    currency: order.currency,
    policy_version: ctx.policyVersionId,
    policy_arm: null,
    experiment_id: null,
    withdrawal_declared_at: null,
    tracking_number: state.trackingNumber,
    ship_by: told.approvedAt === null ? null : new Date(told.approvedAt + ctx.shipByDays * DAY),
    pickup_slot_start: null,
    pickup_slot_end: null,
    store_id: null,
    status_reason: state.statusReason,
    value_amount: value,
    return_shipping_fee: plan.totals.returnShippingFee,
    risk_score: risk.score,
    risk_signals: JSON.stringify(risk.signals),
    refund_after_receipt: riskDecision(risk.score, DEFAULT_RISK_SETTINGS).refundAfterReceipt,
    // What the default rule "Tag returns worth more than €250" would have set.
    tags: JSON.stringify(value >= 25000 ? ['high-value'] : []),
    service_point: null,
    routing: null,
    destination_warehouse_id: null,
    parcel_count: 1,
    carrier_delivered_at: null,
    created_at: plan.createdAt,
    updated_at: new Date(told.last),
    photos_removed_at: null,
    personal_data_removed_at: null,
  };
}

/** The return's lines as the lifecycle left them, with the policy's verdict on each. */
export function returnLineRows(told: ToldReturn, ctx: RowContext): FullRow<'return_lines'>[] {
  return told.state.lines.map((l: LineState) => {
    const p = told.planned.get(l.id)!;
    return {
      id: l.id,
      return_id: told.returnId,
      order_line_id: p.orderLine.id,
      quantity: l.quantity,
      reason_id: ctx.reasonIds.get(p.reasonCode) ?? null,
      comment: told.comments.get(l.id) ?? null,
      requested_resolution: l.requestedResolution,
      granted_resolution: l.grantedResolution,
      acceptance: l.acceptance,
      acceptance_reason: l.acceptanceReason,
      reception: l.reception,
      quantity_received: l.quantityReceived,
      grade: l.grade,
      disposition: l.disposition,
      settlement: l.settlement,
      settled_amount: l.settledAmount,
      eligibility: JSON.stringify(p.verdict.codes),
      verdict: JSON.stringify(p.verdict),
      exchange_variant_id: null,
      exchange_unit_price: null,
      checklist: null,
      recovered_value: null,
    };
  });
}

/** A settlement paid by hand: demo history was settled before the shop connected a payment provider. */
export function manualSettlement(
  fields: { id: string; returnId: string; kind: SettlementKind; amount: number; currency: string; reference: string },
  parts: { returnLineId: string; amount: number }[],
  at: number,
): FullRow<'settlements'> {
  return {
    id: fields.id,
    return_id: fields.returnId,
    kind: fields.kind,
    provider: 'manual',
    status: 'succeeded',
    amount: fields.amount,
    currency: fields.currency,
    reference: fields.reference,
    lines: JSON.stringify(parts),
    note: null,
    created_by: null,
    created_at: new Date(at),
    idempotency_key: null,
    payment_reference: null,
    provider_refund_id: null,
    attempts: 0,
    last_error: null,
    breakdown: null,
    trigger: 'staff',
    updated_at: new Date(at),
    succeeded_at: new Date(at),
    provider_claim: null,
    provider_claimed_until: null,
  };
}
