import { type BonusTerms, bonusOn, unitsShare } from '../refund.js';
import type { Resolution } from '../returnLifecycle.js';
import type { EvaluationInput, LineSelection, OrderLineFacts, ReasonFacts } from './facts.js';
import { type Findings, feeWaived, type LawContext, type Resolved } from './lineJudgement.js';
import { SOURCE_EU_LAW } from './verdict.js';

/** What a line's judgement so far says about its money. */
interface MoneyTerms {
  effects: Resolved;
  reason: ReasonFacts | null;
  parentReason: ReasonFacts | null;
  law: LawContext;
  flow: 'return' | 'warranty';
  /** Refused lines cost nothing and earn nothing. */
  refused: boolean;
  /** Within the EU withdrawal period (see judgeWindow). */
  statutoryOverride: boolean;
  resolutions: Resolution[];
  src: (effect: string) => string;
}

export type LineMoney = ReturnType<typeof lineMoney>;

/** Money for a line: the value of the units, a restocking fee and a bonus. A line that cannot
 * come back costs nothing and earns nothing, so its verdict does not talk about either. */
export function lineMoney(
  input: EvaluationInput,
  line: OrderLineFacts,
  sel: LineSelection,
  terms: MoneyTerms,
  findings: Findings,
) {
  const { effects, law, flow, refused } = terms;
  const quantity = Math.min(Math.max(sel.quantity, 0), line.quantity);
  // The units after those already in other returns, split as the refund calculator splits them.
  const value = unitsShare(line.paidAmount, line.quantity, Math.min(line.quantityInReturns, line.quantity - quantity), quantity);
  const resolution = sel.resolution ?? null;
  const waived = feeWaived(effects, 'restocking', terms.reason, terms.parentReason, resolution, law.method);
  let restockingFee = 0;
  if (flow === 'return' && !refused && effects.restockingFee) {
    const fee = Math.min(
      Math.round((value * effects.restockingFee.percent) / 100) + effects.restockingFee.fixed * quantity,
      value,
    );
    if (fee > 0 && terms.statutoryOverride) {
      // Art. 14: a consumer who withdraws owes no restocking fee, only a deduction for diminished value.
      findings.add('RESTOCKING_FEE_NOT_ALLOWED', SOURCE_EU_LAW);
    } else if (fee > 0 && waived) {
      findings.add('FEE_WAIVED', waived);
    } else if (fee > 0) {
      restockingFee = fee;
      findings.add('RESTOCKING_FEE', terms.src('restockingFee'), {
        amount: fee,
        currency: input.order.currency,
        ...(effects.restockingFee.percent > 0 ? { percent: effects.restockingFee.percent } : {}),
      });
    }
  }
  const { bonus, bonusTerms } = lineBonus(input, value - restockingFee, terms, findings);
  return { quantity, value, resolution, restockingFee, bonus, bonusTerms };
}

/** Extra credit per resolution that earns one, on what would be credited: a line the restocking
 * fee takes to nothing earns nothing. */
function lineBonus(input: EvaluationInput, credited: number, terms: MoneyTerms, findings: Findings) {
  const { effects, flow, refused, resolutions } = terms;
  const bonus: Partial<Record<Resolution, number>> = {};
  const bonusTerms: Partial<Record<Resolution, BonusTerms>> = {};
  if (flow === 'return' && !refused && effects.bonus) {
    const policyTerms = { percent: effects.bonus.percent, fixed: effects.bonus.fixed };
    const amount = bonusOn(credited, policyTerms);
    for (const r of effects.bonus.for)
      if (amount > 0 && resolutions.includes(r)) {
        bonus[r] = amount;
        bonusTerms[r] = policyTerms;
      }
    const best = Math.max(0, ...Object.values(bonus));
    // The sentence names the resolutions that earn it, so it never promises a bonus for one that does not.
    if (best > 0)
      findings.add('BONUS_CREDIT', terms.src('bonus'), {
        amount: best,
        currency: input.order.currency,
        resolutions: Object.keys(bonus),
      });
  }
  return { bonus, bonusTerms };
}

/** Keep the item when sending it back is not worth it. */
export function keepsItem(
  input: EvaluationInput,
  line: OrderLineFacts,
  effects: Resolved,
  value: number,
  refused: boolean,
  src: (effect: string) => string,
  findings: Findings,
): boolean {
  if (!effects.keepItem || !line.deliveredAt || refused) return false;
  const unitValue = line.quantity > 0 ? line.paidAmount / line.quantity : 0;
  const cheap = effects.keepItem.valueBelow !== undefined && unitValue < effects.keepItem.valueBelow;
  const costly =
    effects.keepItem.costShareAbove !== undefined &&
    value > 0 &&
    input.policy.returnCostEstimate > (value * effects.keepItem.costShareAbove) / 100;
  const keepItem = cheap || costly;
  if (keepItem) findings.add('KEEP_ITEM', src('keepItem'));
  return keepItem;
}
