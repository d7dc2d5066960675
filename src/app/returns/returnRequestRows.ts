import { type Kysely, sql } from 'kysely';
import { keptQuery } from '../../db/keptQuery.js';
import type { Database } from '../../db/schema.js';
import { type Actor, systemActor } from '../kernel/context.js';
import type { Tx, Unit } from '../kernel/transaction.js';
import { assessmentRow, customerRisk } from '../risk/recordAssessment.js';
import type { JudgedRequest, RequestDecision } from './judgeReturnRequest.js';
import type { RequestedExchange, RequestReturnInput } from './returnRequest.js';
import { attachPhotos } from './returnRequestChoices.js';

/** A return request once written: what was judged and decided, its number and its exchanges. */
export interface WrittenRequest {
  judged: JudgedRequest;
  decided: RequestDecision;
  number: string;
  exchanges: RequestedExchange[];
}

/** Writes the new return, its lines and the photos they come with; answers its number. */
export async function insertReturn(
  tx: Tx,
  now: Date,
  input: RequestReturnInput,
  judged: JudgedRequest,
  decided: RequestDecision,
  actor: Actor = systemActor,
): Promise<string> {
  const { order } = judged;
  const { returnId, next } = decided;
  const { assessment, decision } = decided.risk;
  const assessed = { returnId, customerId: order.customer_id, stage: 'request' as const, assessment, decision, actor, now };
  const { number } = await insertReturnKept.executeTakeFirstOrThrow(tx, {
    returnId,
    ret: returnRow(now, input, judged, decided),
    lines: returnLineRows(judged, decided),
    assessed: assessmentRow(assessed),
    risk: customerRisk(assessment, now),
    customerId: order.customer_id,
  });
  await attachPhotos(
    tx,
    judged.lines,
    next.lines.map((l) => l.id),
  );
  return number;
}

/** The return's own row, but for its id and its number (drawn in the statement). */
function returnRow(now: Date, input: RequestReturnInput, judged: JudgedRequest, decided: RequestDecision) {
  const { order, chosen, verdict, logistics } = judged;
  const { next, value, shipBy } = decided;
  const { assessment, decision } = decided.risk;
  return {
    order_id: order.id,
    customer_id: order.customer_id,
    status: next.status,
    policy_version: chosen.version.id,
    policy_arm: chosen.arm,
    experiment_id: chosen.experimentId,
    withdrawal_declared_at: input.withdrawal ? now : null,
    hold_reasons: '[]',
    source: input.source,
    method: input.method ?? null,
    pickup_slot_start: logistics.pickupSlot?.start ?? null,
    pickup_slot_end: logistics.pickupSlot?.end ?? null,
    store_id: logistics.storeId,
    service_point: logistics.servicePoint ? JSON.stringify(logistics.servicePoint) : null,
    parcel_count: logistics.parcelCount,
    currency: order.currency,
    value_amount: value,
    return_shipping_fee: verdict.totals.returnShippingFee,
    risk_score: assessment.score,
    risk_signals: JSON.stringify(assessment.signals),
    refund_after_receipt: decision.refundAfterReceipt,
    ship_by: shipBy,
    created_at: now,
    updated_at: now,
  };
}

type ReturnRowsValues = {
  ret: ReturnType<typeof returnRow>;
  lines: ReturnType<typeof returnLineRows>;
  assessed: ReturnType<typeof assessmentRow>;
  risk: ReturnType<typeof customerRisk>;
  returnId: string;
  customerId: string;
};

/** The return and its lines in one statement (the lines' foreign key to the return is checked at
 * the end of the statement, when both are in), and the score's history and the customer's latest
 * score with them: no round trip more. Built and compiled once per number of lines (see
 * keptQuery): it is written on every return request. */
export const insertReturnKept = keptQuery(
  (tx: Kysely<Database>, { returnId, ret, lines, assessed, risk, customerId }: ReturnRowsValues) =>
    tx
      .with('created', (db) =>
        db
          .insertInto('returns')
          .values({ id: returnId, number: sql<string>`'R-' || nextval('return_number_seq')`, ...ret })
          .returning('number'),
      )
      .with('lines', (db) => db.insertInto('return_lines').values(lines))
      .with('assessed', (db) => db.insertInto('risk_assessments').values(assessed))
      .with('customer_risk', (db) => db.updateTable('customers').set(risk).where('id', '=', customerId).returning('id'))
      .selectFrom('created')
      .select('number'),
);

/** Each line with the reason, the verdict that judged it and the exchange asked for. */
function returnLineRows({ facts, lines, verdicts, exchanges }: JudgedRequest, { returnId, next }: RequestDecision) {
  return next.lines.map((l, index) => {
    const source = lines[index];
    if (!source) throw new Error('line count mismatch');
    return {
      id: l.id,
      return_id: returnId,
      order_line_id: source.orderLineId,
      quantity: l.quantity,
      reason_id: source.reasonCode ? (facts.reasonIds.get(source.reasonCode) ?? null) : null,
      comment: source.comment ?? null,
      requested_resolution: l.requestedResolution,
      granted_resolution: l.grantedResolution,
      acceptance: l.acceptance,
      reception: l.reception,
      eligibility: JSON.stringify(verdicts[index]?.codes ?? []),
      verdict: JSON.stringify(verdicts[index] ?? null),
      exchange_variant_id: exchanges.get(index)?.variantId ?? null,
      exchange_unit_price: exchanges.get(index)?.unitPrice ?? null,
    };
  });
}

/** The events of a new return: requested, a declared withdrawal, and what submitting it did. */
export function recordRequestEvents(
  record: Unit['record'],
  now: Date,
  input: RequestReturnInput,
  { judged, decided, number, exchanges }: WrittenRequest,
): void {
  const { order, chosen, lines, verdict, verdicts, logistics } = judged;
  const { returnId, lineStates, submitted } = decided;
  const risk = { ...decided.risk.assessment, decision: decided.risk.decision };
  const base = { subjectType: 'return', subjectId: returnId, returnId };
  record({
    ...base,
    type: 'return.requested',
    data: {
      number,
      orderId: order.id,
      orderNumber: order.order_number,
      source: input.source,
      method: input.method ?? null,
      pickupSlot: logistics.pickupSlot,
      storeId: logistics.storeId,
      servicePoint: logistics.servicePoint,
      parcelCount: logistics.parcelCount,
      lines: lines.map((l, i) => ({ ...l, returnLineId: lineStates[i]?.id, codes: verdicts[i]?.codes ?? [] })),
      exchanges,
      policy: { versionId: chosen.version.id, experimentId: chosen.experimentId, arm: chosen.arm },
      totals: verdict.totals,
      risk,
    },
  });
  if (input.withdrawal) {
    // Art. 11a: the declaration itself, with its content, date and time, is what the shopper gets
    // confirmed on a durable medium.
    record({
      ...base,
      type: 'return.withdrawal_declared',
      data: {
        number,
        orderNumber: order.order_number,
        declaredAt: now.toISOString(),
        lines: lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity })),
        statutoryDeadline: verdicts[0]?.statutoryDeadline ?? null,
      },
    });
  }
  for (const event of submitted.events) {
    record({ ...base, type: event.type, reason: event.reason ?? null, data: { number, ...event.data } });
  }
}
