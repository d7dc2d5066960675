import { notFound, RetourError } from '../../domain/errors.js';
import { priceExchange } from '../../domain/exchange.js';
import type { LineVerdict } from '../../domain/policy/evaluate.js';
import { unitsShare } from '../../domain/refund.js';
import { shipMoment } from '../../domain/refundMoment.js';
import { type LineState, type ReturnState, submitRequest } from '../../domain/returnLifecycle.js';
import { requestedLine } from '../../domain/returnState.js';
import { getShopSettingsCached } from '../admin/shopSettings.js';
import { refuseErasedCustomer } from '../catalog/erasedCustomers.js';
import { newId } from '../kernel/ids.js';
import type { Unit } from '../kernel/transaction.js';
import { loadEvaluationFacts, type OrderEvaluationFacts } from '../policy/evaluationFacts.js';
import { judge } from '../policy/judge.js';
import { choosePolicyFor } from '../policy/policyVersions.js';
import { assessReturnRisk } from '../risk/assessReturnRisk.js';
import type { RequestedExchange, RequestReturnInput } from './returnRequest.js';
import { checkExchanges, checkLogistics, checkPhotos } from './returnRequestChoices.js';
import { checkLinesAgainstVerdict, checkRequestedLines, requestRefused } from './returnRequestLines.js';
import type { ShippingFacts } from './shippingOffers.js';

export type JudgedRequest = Awaited<ReturnType<typeof judgeReturnRequest>>;
export type RequestDecision = ReturnType<typeof decideReturnRequest>;

/** Loads the order with what the policy judges on, checks the lines asked for, has the policy
 * judge them and checks the shopper's choices against the verdict; refuses the request with every
 * issue found at once. */
export async function judgeReturnRequest(unit: Unit, input: RequestReturnInput, shipping: ShippingFacts) {
  const { tx, now, caches } = unit;
  // The order row is locked: concurrent requests for one order run one by one.
  const facts = await loadEvaluationFacts(tx, input.orderId, now, { caches, lockOrder: true });
  if (!facts) throw notFound('Order', input.orderId);
  // Under the order's lock, which an erasure takes first: a request never outlives its erasure.
  await refuseErasedCustomer(tx, facts.customer.id);
  const order = {
    id: facts.order.id,
    order_number: facts.orderNumber,
    customer_id: facts.customer.id,
    currency: facts.order.currency,
  };
  const [settings, chosen] = await Promise.all([
    getShopSettingsCached(caches, tx),
    choosePolicyFor(tx, order.customer_id, caches),
  ]);

  const { lines, issues } = checkRequestedLines(input.lines, facts, input.withdrawal === true);
  if (issues.length > 0)
    throw new RetourError('invalid', issues[0]?.code ?? 'INVALID_RETURN_REQUEST', 'The return request has invalid lines', issues);

  // The score comes before the policy, so the policy's rules can test it (customer.risk).
  const risk = await assessRequestRisk(unit, input, facts, lines, settings.timezone);
  // An allow-listed customer's signals are kept for the record but act on nothing, here either.
  const acting = risk.assessment.allowListed ? [] : risk.assessment.signals;
  facts.customer.risk = { score: risk.assessment.score, signals: acting.map((s) => s.code) };

  const judged = judge(
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
  // A risky return's money waits for its goods: every way money moves reads the line's timing. The
  // policy's own timing is kept beside it, for a person who clears the score (GDPR Art. 22).
  const verdicts: LineVerdict[] = risk.decision.refundAfterReceipt
    ? judged.lines.map((v) => ({
        ...v,
        refundTiming: shipMoment([v.refundTiming, 'receipt']),
        policyRefundTiming: v.refundTiming,
        // Nor does an exchange leave before the goods are back.
        instantExchange: false,
        policyInstantExchange: v.instantExchange,
      }))
    : judged.lines;
  const verdict = { ...judged, lines: verdicts };
  checkLinesAgainstVerdict(lines, verdicts, input.withdrawal === true, issues);
  // The portal must say everything up front; agents and integrations may fill some in later.
  const complete = input.source === 'portal';
  const exchanges = await checkExchanges(tx, lines, { currency: order.currency, orderId: order.id, required: complete }, issues);
  await checkPhotos(tx, order.id, lines, verdicts, complete, issues);
  const logistics = await checkLogistics(tx, input, { now, timeZone: settings.timezone, required: complete, shipping }, issues);
  const mustShip = verdicts.some((v) => v.eligible && !v.keepItem);
  if (input.method && mustShip && !verdict.methods.some((m) => m.method === input.method)) {
    issues.push({
      path: 'method',
      message: `the policy allows ${verdict.methods.map((m) => m.method).join(', ') || 'no method'} for these lines`,
      code: 'METHOD_NOT_ALLOWED',
    });
  }
  if (issues.length > 0) throw requestRefused(issues, verdicts);
  return { facts, order, settings, chosen, lines, verdict, verdicts, exchanges, logistics, risk };
}

/** The request's risk from the lines asked, before the policy judges them; the value of the units
 * as the verdict will count it. */
function assessRequestRisk(
  unit: Unit,
  input: RequestReturnInput,
  facts: OrderEvaluationFacts,
  lines: readonly { orderLineId: string; quantity: number; reasonCode?: string | null }[],
  timeZone: string,
) {
  const byId = new Map(facts.order.lines.map((l) => [l.id, l]));
  const controllable = new Set(facts.reasons.filter((r) => r.controllable).map((r) => r.code));
  const value = lines.reduce((sum, l) => {
    const line = byId.get(l.orderLineId);
    if (!line) return sum;
    const units = Math.min(Math.max(l.quantity, 0), line.quantity);
    return sum + unitsShare(line.paidAmount, line.quantity, Math.min(line.quantityInReturns, line.quantity - units), units);
  }, 0);
  return assessReturnRisk(unit.tx, unit.caches, {
    stage: 'request',
    customerId: facts.customer.id,
    orderId: facts.order.id,
    returnId: null,
    askedAt: unit.now,
    now: unit.now,
    timeZone,
    client: input.client ?? null,
    asked: lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity })),
    current: {
      value,
      lines: lines.length,
      controllableLines: lines.filter((l) => l.reasonCode && controllable.has(l.reasonCode)).length,
    },
    inspection: null,
  });
}

/** The new return's state: its lines as the verdict leaves them, its risk, and whether it is
 * approved at once or waits for a person. */
export function decideReturnRequest(now: Date, { settings, lines, verdict, verdicts, risk }: JudgedRequest) {
  const returnId = newId('ret', now.getTime());
  const lineStates: LineState[] = lines.map((line, index) =>
    requestedLine(
      newId('rl', now.getTime()),
      line.quantity,
      line.resolution,
      Boolean(verdicts[index]?.manualReview || verdicts[index]?.photoRequired),
    ),
  );
  const requested: ReturnState = {
    status: 'requested',
    onHold: false,
    holdReasons: [],
    trackingNumber: null,
    statusReason: null,
    lines: lineStates,
  };
  const value = verdicts.reduce((sum, v) => sum + v.value, 0);
  // A risky return is looked at by a person even when the policy would approve it at once; the
  // score never refuses it (refusing is the policy's, inside the law).
  const submitted = submitRequest(requested, verdict.autoApprove && !risk.decision.review);
  const next = submitted.state;
  const shipBy = next.status === 'approved' ? new Date(now.getTime() + settings.shipByDays * 86_400_000) : null;
  return { returnId, lineStates, value, risk, submitted, next, shipBy };
}

/** The exchanges chosen, priced as the exchange order will be (and as the summary showed), the
 * exchange bonus taken off. */
export function priceChosenExchanges({ settings, lines, verdicts, exchanges }: JudgedRequest): RequestedExchange[] {
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
  return chosenExchanges.map(([index, e], i) => ({
    ...e,
    orderLineId: lines[index]?.orderLineId ?? '',
    quantity: lines[index]?.quantity ?? 0,
    bonus: priced.lines[i]?.bonus ?? 0,
    difference: priced.lines[i]?.difference ?? 0,
  }));
}
