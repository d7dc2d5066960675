import { compiledPolicy } from './compiledPolicy.js';
import type { EvaluationInput, LineSelection } from './facts.js';
import type { JudgedLine } from './lineJudgement.js';
import { judgeChosenLine } from './lineVerdict.js';
import { interpretPolicy } from './reference/interpretPolicy.js';
import { isOrdinaryRequest, type RequestScope, reasonByCode, requestScope } from './requestScope.js';
import { summariseReturn } from './returnSummary.js';
import type { PolicyVerdict } from './verdict.js';

export {
  type LineVerdict,
  type MethodOption,
  type PolicyVerdict,
  SOURCE_CUSTOMER,
  SOURCE_DEFAULTS,
  SOURCE_EU_LAW,
  SOURCE_PRODUCT,
  SOURCE_WARRANTY,
  type VerdictReason,
} from './verdict.js';

/** Judges every chosen line of an order against a policy and EU law. All rules run, every reason
 * is reported with its source, and nothing stops at the first refusal. The compiled engine judges:
 * the document is compiled once (see compiledPolicy) and gives the reference interpreter's verdict.
 * The interpreter itself only takes the rare request whose dates or windows lie outside what the
 * compiled day arithmetic covers (see isOrdinaryRequest). */
export function evaluatePolicy(input: EvaluationInput): PolicyVerdict {
  const policy = compiledPolicy(input.policy);
  if (!isOrdinaryRequest(input, policy)) return interpretPolicy(input);
  const scope = requestScope(input, policy);
  const judged: JudgedLine[] = [];
  const chosen = input.selection?.lines;
  if (chosen) for (const sel of chosen) judgeSelected(scope, sel, judged);
  else
    for (const l of input.order.lines)
      judgeSelected(scope, { orderLineId: l.id, quantity: Math.max(l.quantity - l.quantityInReturns, 1) }, judged);
  return summariseReturn(input, judged, scope.euConsumer, scope.method);
}

/** A chosen line of the order is judged; one the order does not have is left out. */
function judgeSelected(scope: RequestScope, sel: LineSelection, judged: JudgedLine[]): void {
  const { input } = scope;
  let line: EvaluationInput['order']['lines'][number] | undefined;
  for (const l of input.order.lines)
    if (l.id === sel.orderLineId) {
      line = l;
      break;
    }
  if (!line) return;
  const reason = reasonByCode(input.reasons, sel.reasonCode);
  const parentReason = reason ? reasonByCode(input.reasons, reason.parentCode) : null;
  judged.push(judgeChosenLine(scope, line, sel, reason, parentReason));
}
