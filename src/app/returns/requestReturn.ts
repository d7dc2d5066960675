import { sql } from 'kysely';
import { notFound, RetourError } from '../../domain/errors.js';
import { priceExchange } from '../../domain/exchange.js';
import type { PickupSlot } from '../../domain/pickupSlots.js';
import type { ReturnMethod } from '../../domain/policy/document.js';
import type { LineVerdict, PolicyVerdict } from '../../domain/policy/evaluate.js';
import { type LineState, type Resolution, type ReturnState, submitRequest } from '../../domain/returnLifecycle.js';
import { assessRisk } from '../../domain/risk.js';
import { getShopSettingsCached } from '../admin/shopSettings.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';
import { loadEvaluationFacts } from '../policy/evaluationFacts.js';
import { judge } from '../policy/judge.js';
import { choosePolicyFor } from '../policy/policyVersions.js';
import {
  attachPhotos,
  checkExchanges,
  checkLogistics,
  checkPhotos,
  type PricedExchange,
  variantsOfLines,
} from './returnRequestChoices.js';
import { checkLinesAgainstVerdict, checkRequestedLines, requestRefused } from './returnRequestLines.js';

export { RETURN_METHODS, type ReturnMethod } from '../../domain/policy/document.js';

export interface RequestReturnInput {
  orderId: string;
  /** Where the request came from: the shopper portal, an agent, or an integration. */
  source: 'portal' | 'agent' | 'api';
  method?: ReturnMethod | null;
  /** A withdrawal from the contract (Directive 2011/83/EU Art. 9–11a): needs no reason, only
   * within the statutory period, and is recorded with the moment it was declared. */
  withdrawal?: boolean;
  /** For a pickup: one of the slots on offer. */
  pickupSlot?: PickupSlot | null;
  /** For a return in a store: which store. */
  storeId?: string | null;
  lines: {
    orderLineId: string;
    quantity: number;
    reasonCode?: string | null;
    comment?: string | null;
    resolution: Resolution;
    /** For an exchange: the variant to get instead (another size, colour or product). */
    exchangeVariantId?: string | null;
    /** Photos uploaded for this order beforehand. */
    photoIds?: string[] | null;
    /** A claim under the legal guarantee: the item is defective. The comment says what is wrong;
     * the remedy is repair, replacement or (where those fail) a refund. */
    defect?: boolean;
  }[];
  /** Makes the link with which the shopper follows the return (signed by the HTTP layer). */
  statusToken?: (claims: { returnId: string; customerId: string; orderId: string; createdAt: Date }) => string;
}

export interface RequestReturnResult {
  returnId: string;
  number: string;
  status: string;
  policy: { versionId: string; versionNumber: number; experimentId: string | null; arm: string | null };
  lines: {
    id: string;
    orderLineId: string;
    acceptance: string;
    codes: string[];
    deadline: string | null;
    restockingFee: number;
    bonus: number;
  }[];
  totals: PolicyVerdict['totals'];
  withdrawal: { declaredAt: string } | null;
  method: string | null;
  pickupSlot: PickupSlot | null;
  storeId: string | null;
  /** Per exchanged line: what the shopper gets, the exchange bonus and the price difference (positive: to pay). */
  exchanges: (PricedExchange & { orderLineId: string; quantity: number; bonus: number; difference: number })[];
  statusToken: string | null;
}

/** Opens a return for lines of one order: the policy judges every line (all reasons are
 * reported), then the return is approved at once or sent to review. */
export async function requestReturn(ctx: AppContext, meta: CommandMeta, input: RequestReturnInput): Promise<RequestReturnResult> {
  return inUnit(ctx, meta, async (unit) => {
    const { tx, now, record, owner } = unit;
    // The order row is locked: concurrent requests for one order run one by one.
    const facts = await loadEvaluationFacts(tx, input.orderId, now, { owner, lockOrder: true });
    if (!facts) throw notFound('Order', input.orderId);
    const order = {
      id: facts.order.id,
      order_number: facts.orderNumber,
      customer_id: facts.customer.id,
      currency: facts.order.currency,
    };
    const [settings, chosen] = await Promise.all([
      getShopSettingsCached(owner, tx),
      choosePolicyFor(tx, order.customer_id, owner),
    ]);

    const { lines, issues } = checkRequestedLines(input.lines, facts, input.withdrawal === true);
    if (issues.length > 0)
      throw new RetourError(
        'invalid',
        issues[0]?.code ?? 'INVALID_RETURN_REQUEST',
        'The return request has invalid lines',
        issues,
      );

    const verdict = judge(
      facts,
      chosen.version.document,
      { now, timeZone: settings.timezone },
      {
        lines: lines.map((l) => ({
          orderLineId: l.orderLineId,
          quantity: l.quantity,
          reasonCode: l.reasonCode,
          resolution: l.resolution,
          defect: l.defect === true,
        })),
        method: input.method ?? null,
      },
    );
    const verdicts: LineVerdict[] = verdict.lines;
    checkLinesAgainstVerdict(lines, verdicts, input.withdrawal === true, issues);
    // The portal must say everything up front; agents and integrations may fill some in later.
    const complete = input.source === 'portal';
    const exchanges = await checkExchanges(
      tx,
      lines,
      { currency: order.currency, variantOfLine: await variantsOfLines(tx, order.id), required: complete },
      issues,
    );
    await checkPhotos(tx, order.id, lines, verdicts, complete, issues);
    const logistics = await checkLogistics(tx, input, { now, timeZone: settings.timezone, required: complete }, issues);
    const mustShip = verdicts.some((v) => v.eligible && !v.keepItem);
    if (input.method && mustShip && !verdict.methods.some((m) => m.method === input.method)) {
      issues.push({
        path: 'method',
        message: `the policy allows ${verdict.methods.map((m) => m.method).join(', ') || 'no method'} for these lines`,
        code: 'METHOD_NOT_ALLOWED',
      });
    }
    if (issues.length > 0) throw requestRefused(issues, verdicts);

    const returnId = newId('ret', now.getTime());
    const lineStates: LineState[] = lines.map((line, index) => ({
      id: newId('rl', now.getTime()),
      quantity: line.quantity,
      acceptance: verdicts[index]?.manualReview || verdicts[index]?.photoRequired ? 'manual_review' : 'pending',
      acceptanceReason: null,
      reception: 'expected',
      quantityReceived: 0,
      grade: null,
      disposition: null,
      settlement: 'none',
      settledAmount: 0,
      requestedResolution: line.resolution,
      grantedResolution: null,
    }));
    const requested: ReturnState = {
      status: 'requested',
      onHold: false,
      holdReasons: [],
      trackingNumber: null,
      statusReason: null,
      lines: lineStates,
    };
    const value = verdicts.reduce((sum, v) => sum + v.value, 0);
    const controllable = new Set(facts.reasons.filter((r) => r.controllable).map((r) => r.code));
    const risk = assessRisk({
      segment: facts.customer.segment,
      returnRate: facts.customer.returnRate,
      returnCount: facts.customer.returnCount,
      value,
      lines: lines.length,
      controllableLines: lines.filter((l) => l.reasonCode && controllable.has(l.reasonCode)).length,
    });
    // A risky return is looked at by a person even when the policy would approve it at once.
    const submitted = submitRequest(requested, verdict.autoApprove && risk.level !== 'high');
    const next = submitted.state;
    const shipBy = next.status === 'approved' ? new Date(now.getTime() + settings.shipByDays * 86_400_000) : null;

    const { number } = await tx
      .insertInto('returns')
      .values({
        id: returnId,
        number: sql<string>`'R-' || nextval('return_number_seq')`,
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
        currency: order.currency,
        value_amount: value,
        return_shipping_fee: verdict.totals.returnShippingFee,
        risk_score: risk.score,
        risk_signals: JSON.stringify(risk.signals),
        ship_by: shipBy,
        created_at: now,
        updated_at: now,
      })
      .returning('number')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('return_lines')
      .values(
        next.lines.map((l, index) => {
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
        }),
      )
      .execute();
    await attachPhotos(
      tx,
      lines,
      next.lines.map((l) => l.id),
    );
    // Priced as the exchange order will be (and as the summary showed), the exchange bonus taken off.
    const chosenExchanges = [...exchanges.entries()];
    const priced = priceExchange(
      chosenExchanges.map(([index, e]) => ({
        returnLineId: String(index),
        quantity: lines[index]?.quantity ?? 0,
        unitPrice: e.unitPrice,
        returnedValue: verdicts[index]?.value ?? 0,
        bonusTerms: verdicts[index]?.bonusTerms.exchange ?? null,
      })),
      settings.exchangeSurplus,
    );
    const exchangeList = chosenExchanges.map(([index, e], i) => ({
      ...e,
      orderLineId: lines[index]?.orderLineId ?? '',
      quantity: lines[index]?.quantity ?? 0,
      bonus: priced.lines[i]?.bonus ?? 0,
      difference: priced.lines[i]?.difference ?? 0,
    }));

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
        lines: lines.map((l, i) => ({ ...l, returnLineId: lineStates[i]?.id, codes: verdicts[i]?.codes ?? [] })),
        exchanges: exchangeList,
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

    return {
      returnId,
      number,
      status: next.status,
      lines: next.lines.map((l, index) => ({
        id: l.id,
        orderLineId: lines[index]?.orderLineId ?? '',
        acceptance: l.acceptance,
        codes: verdicts[index]?.codes ?? [],
        deadline: verdicts[index]?.deadline ?? null,
        restockingFee: verdicts[index]?.restockingFee ?? 0,
        bonus: verdicts[index]?.bonus[l.requestedResolution] ?? 0,
      })),
      policy: {
        versionId: chosen.version.id,
        versionNumber: chosen.version.number,
        experimentId: chosen.experimentId,
        arm: chosen.arm,
      },
      totals: verdict.totals,
      withdrawal: input.withdrawal ? { declaredAt: now.toISOString() } : null,
      method: input.method ?? null,
      pickupSlot: logistics.pickupSlot,
      storeId: logistics.storeId,
      exchanges: exchangeList,
      statusToken: input.statusToken?.({ returnId, customerId: order.customer_id, orderId: order.id, createdAt: now }) ?? null,
    };
  });
}
