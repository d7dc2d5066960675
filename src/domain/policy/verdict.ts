import type { BonusTerms } from '../refund.js';
import type { Resolution } from '../returnLifecycle.js';
import type { CodeParams, Severity, VerdictCode } from './codes.js';
import type { RefundTiming, ReturnMethod } from './document.js';

/** Where an effect or a lifted refusal came from: a rule id, or one of these. */
export const SOURCE_DEFAULTS = 'defaults';
export const SOURCE_PRODUCT = 'product';
export const SOURCE_EU_LAW = 'eu-withdrawal';
export const SOURCE_WARRANTY = 'legal-guarantee';
export const SOURCE_CUSTOMER = 'customer-segment';

export interface VerdictReason {
  code: VerdictCode;
  severity: Severity;
  /** The rule (or defaults, product flag, law) the reason comes from. */
  source: string;
  params?: CodeParams;
}

export interface LineVerdict {
  orderLineId: string;
  quantity: number;
  /** Units that can still be returned from this order line. */
  returnableQuantity: number;
  eligible: boolean;
  /** `warranty`: a defect reported after the return window, handled under the legal guarantee. */
  flow: 'return' | 'warranty';
  /** Every reason that applies, refusals first. */
  reasons: VerdictReason[];
  codes: VerdictCode[];
  /** Refusals that law or a staff exception set aside, kept so the verdict explains itself. */
  lifted: { code: VerdictCode; by: string }[];
  /** The last day to request a return (local date) and the instant it ends. */
  deadline: string | null;
  deadlineAt: string | null;
  shopDeadline: string | null;
  /** For EU consumers: the end of the statutory withdrawal period (null before full delivery). */
  statutoryDeadline: string | null;
  withinStatutoryPeriod: boolean;
  /** The last day of the legal guarantee (two years from delivery; null before delivery): until
   * then a defect can be reported, also after the return window. Absent in verdicts stored before
   * it was given. */
  guaranteeEnds?: string | null;
  resolutions: Resolution[];
  methods: ReturnMethod[];
  /** Value of the units judged, what was paid for them, in minor units. */
  value: number;
  restockingFee: number;
  /** Extra credit per resolution that earns one, on the value less the restocking fee. */
  bonus: Partial<Record<Resolution, number>>;
  /** The policy's terms for that bonus, which the settlement applies to what it really credits. */
  bonusTerms: Partial<Record<Resolution, BonusTerms>>;
  keepItem: boolean;
  photoRequired: boolean;
  manualReview: boolean;
  autoApprove: boolean;
  maxExchanges: number | null;
  /** Deduction for diminished value per grade (percent), applied by the refund calculator. */
  diminishedValue: Partial<Record<'B' | 'C' | 'D', number>>;
  /** When the refund for this line may be paid. */
  refundTiming: RefundTiming;
  /** An exchange of this line ships before the old item is back. */
  instantExchange: boolean;
  /** Rules whose conditions held for this line, in policy order. */
  firedRules: string[];
  /** Rules that depend on the shopper's reason, not yet known. */
  pendingOnReason: string[];
  /** Which rule set each effect used. */
  decidedBy: Record<string, string>;
}

export interface MethodOption {
  method: ReturnMethod;
  fee: number;
  waived: boolean;
  /** The rule that set the fee. */
  source: string | null;
}

export interface PolicyVerdict {
  evaluatedAt: string;
  currency: string;
  euConsumer: boolean;
  lines: LineVerdict[];
  /** Methods open to every line that has to be sent back, with the one return-shipping fee each costs. */
  methods: MethodOption[];
  method: ReturnMethod | null;
  /** Reasons that concern the whole return (the shipping fee). */
  reasons: VerdictReason[];
  eligible: boolean;
  autoApprove: boolean;
  totals: {
    value: number;
    restockingFees: number;
    returnShippingFee: number;
    bonus: number;
    /** The standard delivery cost that goes back with this return (Art. 13: the whole order withdrawn). */
    deliveryRefund: number;
    /** What the settlement pays for the chosen resolutions when they are granted as asked: the
     * refund calculator's amounts (delivery cost and, for credit, the bonus included). Deductions
     * for the state the goods come back in are known only at inspection. */
    refund: number;
    storeCredit: number;
  };
}
