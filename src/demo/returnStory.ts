import {
  cancel,
  close,
  type Disposition,
  decideLines,
  expire,
  type Grade,
  hold,
  inspect,
  type LineState,
  markInTransit,
  markLost,
  type ReturnState,
  receive,
  recordSettlement,
  release,
  resolve,
  submitRequest,
  type TransitionResult,
} from '../domain/returnLifecycle.js';
import { assessRisk } from '../domain/risk.js';
import type { FullRow } from './bulkInsert.js';
import { DAY, MINUTE } from './orders.js';
import type { DemoRandom } from './random.js';
import { commentFor } from './reasons.js';
import type { ReturnPlan, ReturnRules } from './returnPlans.js';

export interface ReturnRows {
  ret: FullRow<'returns'>;
  lines: FullRow<'return_lines'>[];
  settlements: FullRow<'settlements'>[];
  events: FullRow<'events'>[];
}

type Actor = 'shopper' | 'staff' | 'system';
/** What every story needs besides its plan. */
export interface StoryContext {
  rules: ReturnRules;
  newId: (prefix: string, ms: number) => string;
  /** Reason code → reason id. */
  reasonIds: Map<string, string>;
  /** The policy version that judged every demo return. */
  policyVersionId: string;
}

const REJECTIONS = ['Item shows clear signs of wear', 'Labels removed and item washed', 'Returned item is not from this order'];

/** Why staff refuse a line the policy sent to them, from what the verdict asked them to check. */
function refusalFor(codes: readonly string[]): string | null {
  if (codes.includes('STATUTORY_EXCEPTION_HYGIENE')) return 'Hygiene seal broken';
  if (codes.includes('STATUTORY_EXCEPTION_MEDIA')) return 'Seal of the package broken';
  if (codes.includes('PHOTO_REQUIRED')) return 'Photos do not show the reported damage';
  return null;
}

function grade(r: DemoRandom, reasonCode: string): Grade {
  const faulty = reasonCode === 'defective' || reasonCode === 'damaged_in_transit';
  return r.weighted(
    faulty
      ? ([
          ['B', 10],
          ['C', 25],
          ['D', 35],
          ['F', 30],
        ] as const)
      : ([
          ['A', 60],
          ['B', 25],
          ['C', 10],
          ['D', 5],
        ] as const),
  );
}

function disposition(r: DemoRandom, g: Grade, electronics: boolean): Disposition {
  if (g === 'A' || g === 'B') return 'restock';
  if (g === 'C') return electronics ? 'refurbish' : r.chance(0.3) ? 'donate' : 'liquidate';
  if (g === 'D') return electronics ? 'refurbish' : 'liquidate';
  if (g === 'F') return electronics ? (r.chance(0.6) ? 'return_to_vendor' : 'recycle') : 'recycle';
  return 'return_to_customer';
}

function trackingNumber(r: DemoRandom, plan: ReturnPlan): string | null {
  if (plan.method === 'store') return null;
  if (plan.order.country === 'DE') return `JJD00${r.int(100_000_000, 999_999_999)}${r.int(100_000_000, 999_999_999)}`;
  if (plan.order.country === 'FR') return `6A${r.int(10_000_000_000, 99_999_999_999)}`;
  return `3SNZRT${r.int(1_000_000, 9_999_999)}`;
}

/** Plays a planned return through the real lifecycle functions (so its lines are exactly what
 * the app would have written) and turns it into rows with a timeline of events. */
export function tellReturn(r: DemoRandom, plan: ReturnPlan, number: string, ctx: StoryContext): ReturnRows {
  const { rules, newId, policyVersionId } = ctx;
  const t0 = plan.createdAt.getTime();
  const returnId = newId('ret', t0);
  const { order, timing } = plan;
  const requester: Actor = plan.source === 'portal' ? 'shopper' : 'staff';
  const locale = order.customer.person.locale;
  const planned = new Map(plan.lines.map((l) => [newId('rl', t0), l] as const));
  let state: ReturnState = {
    status: 'requested',
    onHold: false,
    holdReasons: [],
    trackingNumber: null,
    statusReason: null,
    lines: [...planned].map(
      ([id, l]): LineState => ({
        id,
        quantity: l.quantity,
        // As the app does: the policy sends lines to a person, or lets them through.
        acceptance: l.verdict.manualReview || l.verdict.photoRequired ? 'manual_review' : 'pending',
        acceptanceReason: null,
        reception: 'expected',
        quantityReceived: 0,
        grade: null,
        disposition: null,
        settlement: 'none',
        settledAmount: 0,
        requestedResolution: l.resolution,
        grantedResolution: null,
      }),
    ),
  };
  const comments = new Map([...planned].map(([id, l]) => [id, r.chance(0.35) ? commentFor(l.reasonCode, locale) : null]));
  const events: FullRow<'events'>[] = [];
  let last = t0;
  const emit = (type: string, at: number, actor: Actor, data: Record<string, unknown>, reason: string | null = null) => {
    last = at;
    events.push({
      id: newId('evt', at),
      type,
      subject_type: 'return',
      subject_id: returnId,
      return_id: returnId,
      actor_type: actor,
      actor_id: null,
      reason,
      data: JSON.stringify({ number, ...data }),
      occurred_at: new Date(at),
    });
  };
  const step = (result: TransitionResult, at: number, actor: Actor) => {
    state = result.state;
    for (const e of result.events) emit(e.type, at, actor, e.data, e.reason ?? null);
  };
  const settlements: FullRow<'settlements'>[] = [];

  emit('return.requested', t0, requester, {
    orderId: order.id,
    orderNumber: order.number,
    source: plan.source,
    method: plan.method,
    lines: [...planned].map(([id, l]) => ({
      orderLineId: l.orderLine.id,
      quantity: l.quantity,
      reasonCode: l.reasonCode,
      comment: comments.get(id) ?? null,
      resolution: l.resolution,
      returnLineId: id,
      codes: l.verdict.codes,
    })),
    policy: { versionId: policyVersionId, experimentId: null, arm: null },
    totals: plan.totals,
  });
  // The request and its review: returns when the return was approved, or null when it was not
  // (yet), which is where the plan stops it.
  const decide = (): number | null => {
    if (plan.status === 'requested') return null;
    const allClear = state.lines.every((l) => l.acceptance === 'pending');
    // The risk check holds returns the policy would approve at once but it wants a person to see;
    // what the policy sends to review goes there anyway.
    if (plan.reviewed && allClear && plan.autoApprove) step(hold(state, plan.holdReason), t0, 'system');
    step(submitRequest(state, plan.autoApprove), t0, requester);
    if (state.status === 'under_review') {
      if (plan.status === 'under_review') return null;
      const decidedAt = t0 + timing.decision;
      if (state.onHold) step(release(state, 'Checked by customer service'), decidedAt - 5 * MINUTE, 'staff');
      const reject = plan.status === 'rejected';
      // Now and then one item of several fails the check the policy asked for (a broken seal,
      // photos that show no damage) and is refused.
      const refused =
        !reject && state.lines.length > 1 && r.chance(0.25)
          ? state.lines.find((l) => l.acceptance === 'manual_review' && refusalFor(planned.get(l.id)?.verdict.codes ?? []))
          : undefined;
      step(
        decideLines(
          state,
          state.lines.map((l) =>
            reject || l === refused
              ? {
                  returnLineId: l.id,
                  decision: 'reject' as const,
                  reason: (l === refused && refusalFor(planned.get(l.id)?.verdict.codes ?? [])) || r.pick(REJECTIONS),
                }
              : { returnLineId: l.id, decision: 'approve' as const },
          ),
        ),
        decidedAt,
        'staff',
      );
      return reject ? null : decidedAt;
    }
    return t0;
  };
  // From approval on: each status stops the story where the plan says.
  const deliver = (approvedAt: number) => {
    const shipBy = approvedAt + rules.shipByDays * DAY;
    if (plan.status === 'approved') return;
    if (plan.status === 'cancelled') {
      step(cancel(state, 'Decided to keep it'), approvedAt + timing.cancel, 'shopper');
      return;
    }
    if (plan.status === 'expired') {
      const at = shipBy + timing.expiryLag;
      step(expire(state, new Date(shipBy), new Date(at)), at, 'system');
      return;
    }
    const shippedAt = approvedAt + timing.ship;
    // The carrier's first scan moves it in transit.
    step(markInTransit(state, trackingNumber(r, plan)), shippedAt, 'system');
    if (plan.status === 'in_transit') return;
    if (plan.status === 'lost') {
      step(markLost(state, 'Carrier reports the parcel lost'), shippedAt + timing.lost, 'staff');
      return;
    }
    const receivedAt = shippedAt + timing.transit;
    const receipts = state.lines
      .filter((l) => l.acceptance === 'approved')
      .map((l) => {
        if (r.chance(0.03)) return { returnLineId: l.id, quantity: l.quantity, wrongItem: true };
        return { returnLineId: l.id, quantity: l.quantity > 1 && r.chance(0.3) ? l.quantity - 1 : l.quantity };
      });
    step(receive(state, receipts), receivedAt, 'staff');
    if (plan.status === 'received') return;
    const inspectedAt = receivedAt + timing.inspect;
    const inspections = state.lines
      .filter((l) => l.quantityReceived > 0)
      .map((l) => {
        const reasonCode = planned.get(l.id)?.reasonCode ?? '';
        const electronics = planned.get(l.id)?.orderLine.variant.kind === 'electronics';
        const g = l.reception === 'wrong_item' ? 'X' : grade(r, reasonCode);
        return { returnLineId: l.id, grade: g, disposition: disposition(r, g, electronics) };
      });
    step(inspect(state, inspections), inspectedAt, 'staff');
    if (plan.status === 'inspected') return;
    // Money for what came back: the paid share of the units received, one settlement per kind.
    let settledAt = inspectedAt + timing.settle;
    const byKind = new Map<string, { returnLineId: string; amount: number }[]>();
    for (const l of state.lines) {
      if (l.acceptance !== 'approved' || l.reception === 'wrong_item' || l.quantityReceived === 0) continue;
      const ordered = planned.get(l.id)!.orderLine;
      const amount = Math.floor((ordered.paid * l.quantityReceived) / ordered.quantity);
      const granted = l.grantedResolution ?? l.requestedResolution;
      const kind = granted === 'replacement' ? 'exchange' : granted;
      byKind.set(kind, [...(byKind.get(kind) ?? []), { returnLineId: l.id, amount }]);
    }
    for (const [kind, parts] of byKind) {
      const settlementId = newId('stl', settledAt);
      const amount = parts.reduce((s, p) => s + p.amount, 0);
      settlements.push({
        id: settlementId,
        return_id: returnId,
        kind,
        provider: 'manual',
        status: 'succeeded',
        amount,
        currency: order.currency,
        reference:
          kind === 'refund'
            ? `RF-${r.int(100_000, 999_999)}`
            : kind === 'store_credit'
              ? `GC-${r.int(100_000, 999_999)}`
              : `${number}-EX`,
        lines: JSON.stringify(parts),
        note: null,
        created_by: null,
        created_at: new Date(settledAt),
        // Demo history was settled by hand before the shop connected a payment provider.
        idempotency_key: null,
        payment_reference: null,
        provider_refund_id: null,
        attempts: 0,
        last_error: null,
        breakdown: null,
        trigger: 'staff',
        updated_at: new Date(settledAt),
        succeeded_at: new Date(settledAt),
      });
      const result = recordSettlement(state, parts);
      step(
        {
          ...result,
          events: result.events.map((e) =>
            e.type === 'return.settlement_recorded' ? { ...e, data: { ...e.data, settlementId, kind } } : e,
          ),
        },
        settledAt,
        'staff',
      );
      settledAt += 1000;
    }
    // A wrong item is sent back to the shopper, not paid for: staff resolve the rest by hand.
    if (state.status !== 'resolved') step(resolve(state, { returnless: false }), settledAt, 'staff');
    if (plan.status === 'resolved') return;
    step(close(state), settledAt + timing.close, 'system');
  };
  const approvedAt = decide();
  if (approvedAt !== null) deliver(approvedAt);
  if (state.status !== plan.status) throw new Error(`demo return ${number}: planned ${plan.status}, got ${state.status}`);

  const value = [...planned.values()].reduce((sum, p) => sum + p.verdict.value, 0);
  const risk = assessRisk({
    segment: order.customer.segment,
    returnRate: 0,
    returnCount: 0,
    value,
    lines: state.lines.length,
    controllableLines: 0,
  });
  return {
    ret: {
      id: returnId,
      number,
      order_id: order.id,
      customer_id: order.customer.id,
      status: state.status,
      on_hold: state.onHold,
      hold_reasons: JSON.stringify(state.holdReasons),
      source: plan.source,
      method: plan.method,
      currency: order.currency,
      policy_version: policyVersionId,
      policy_arm: null,
      experiment_id: null,
      withdrawal_declared_at: null,
      tracking_number: state.trackingNumber,
      ship_by: approvedAt === null ? null : new Date(approvedAt + rules.shipByDays * DAY),
      pickup_slot_start: null,
      pickup_slot_end: null,
      store_id: null,
      status_reason: state.statusReason,
      value_amount: value,
      return_shipping_fee: plan.totals.returnShippingFee,
      risk_score: risk.score,
      risk_signals: JSON.stringify(risk.signals),
      // What the default rule "Tag returns worth more than €250" would have set.
      tags: JSON.stringify(value >= 25000 ? ['high-value'] : []),
      created_at: plan.createdAt,
      updated_at: new Date(last),
    },
    lines: state.lines.map((l) => {
      const p = planned.get(l.id)!;
      return {
        id: l.id,
        return_id: returnId,
        order_line_id: p.orderLine.id,
        quantity: l.quantity,
        reason_id: ctx.reasonIds.get(p.reasonCode) ?? null,
        comment: comments.get(l.id) ?? null,
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
    }),
    settlements,
    events,
  };
}
