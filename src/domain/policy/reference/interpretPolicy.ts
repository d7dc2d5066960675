import { endOfLocalDay, localDate, statutoryDeadlineDate } from '../../calendar.js';
import { EU_WITHDRAWAL_DAYS, isEuCountry } from '../euLaw.js';
import type { EvaluationInput, LineSelection } from '../facts.js';
import type { PolicyVerdict } from '../verdict.js';
import { judgeLine } from './judgeLine.js';
import { summarise } from './summarise.js';

/** The policy engine as an interpreter, the reference the compiled engine (evaluatePolicy) must
 * agree with on every input: it reads the document afresh for each line. Judges every chosen line
 * of an order against a policy and EU law. All rules run, every reason is reported with its
 * source, and nothing stops at the first refusal. */
export function interpretPolicy(input: EvaluationInput): PolicyVerdict {
  const { order, now, timeZone } = input;
  const euConsumer = isEuCountry(order.shippingCountry);
  const reasonsByCode = new Map(input.reasons.map((r) => [r.code, r]));
  const deliveries = order.lines.map((l) => l.deliveredAt);
  const lastDelivery =
    deliveries.length > 0 && deliveries.every((d) => d !== null)
      ? new Date(Math.max(...deliveries.map((d) => (d as Date).getTime())))
      : null;
  const statutoryDeadline =
    euConsumer && lastDelivery ? statutoryDeadlineDate(localDate(lastDelivery, timeZone), EU_WITHDRAWAL_DAYS) : null;
  // Before the last item arrives the withdrawal period has not even started.
  const withinStatutoryPeriod = euConsumer && (statutoryDeadline === null || now <= endOfLocalDay(statutoryDeadline, timeZone));
  const selection: LineSelection[] =
    input.selection?.lines ??
    order.lines.map((l) => ({ orderLineId: l.id, quantity: Math.max(l.quantity - l.quantityInReturns, 1) }));
  const method = input.selection?.method ?? null;

  const judged = selection.flatMap((sel) => {
    const line = order.lines.find((l) => l.id === sel.orderLineId);
    if (!line) return [];
    const reason = sel.reasonCode ? (reasonsByCode.get(sel.reasonCode) ?? null) : null;
    const parentReason = reason?.parentCode ? (reasonsByCode.get(reason.parentCode) ?? null) : null;
    return [
      {
        ...judgeLine(input, line, sel, reason, parentReason, { euConsumer, statutoryDeadline, withinStatutoryPeriod, method }),
        line,
      },
    ];
  });

  return summarise(input, judged, euConsumer, method);
}
