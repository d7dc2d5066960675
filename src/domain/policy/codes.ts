/** Every reason a policy verdict can give for one line, with how much it weighs. The codes are
 * stable: the API, stored verdicts, analytics and the shopper texts all key on them. */

/**
 * - `refusal`: the line cannot be returned.
 * - `review`: it may be returned, but a person decides (acceptance `manual_review`).
 * - `restriction`: it may be returned, with fewer resolutions or methods than usual.
 * - `requirement`: it may be returned once the shopper supplies something (e.g. photos).
 * - `info`: explains a fee, a bonus, a deadline or why a rule was lifted.
 */
export const SEVERITIES = ['refusal', 'review', 'restriction', 'requirement', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const VERDICT_CODES = {
  NOT_DELIVERED: 'refusal',
  WINDOW_EXPIRED: 'refusal',
  ALREADY_RETURNED: 'refusal',
  QUANTITY_EXCEEDS_RETURNABLE: 'refusal',
  FINAL_SALE: 'refusal',
  STATUTORY_EXCEPTION_PERSONALISED: 'refusal',
  STATUTORY_EXCEPTION_PERISHABLE: 'refusal',
  CUSTOMER_BLOCKED: 'refusal',
  WARRANTY_EXPIRED: 'refusal',
  NO_RESOLUTION_ALLOWED: 'refusal',
  NO_METHOD_ALLOWED: 'refusal',
  STATUTORY_EXCEPTION_HYGIENE: 'review',
  STATUTORY_EXCEPTION_MEDIA: 'review',
  MANUAL_REVIEW: 'review',
  CUSTOMER_BLOCKED_REVIEW: 'review',
  WARRANTY_CLAIM: 'review',
  EXCHANGE_ONLY: 'restriction',
  EXCHANGE_LIMIT_REACHED: 'restriction',
  PHOTO_REQUIRED: 'requirement',
  RETURN_WINDOW: 'info',
  EU_WITHDRAWAL_RIGHT: 'info',
  RESTOCKING_FEE: 'info',
  RESTOCKING_FEE_NOT_ALLOWED: 'info',
  RETURN_SHIPPING_FEE: 'info',
  FEE_WAIVED: 'info',
  FEE_NOT_DISCLOSED: 'info',
  BONUS_CREDIT: 'info',
  KEEP_ITEM: 'info',
  STAFF_EXCEPTION: 'info',
} as const satisfies Record<string, Severity>;

export type VerdictCode = keyof typeof VERDICT_CODES;
/** Every code, in the order above. */
export const VERDICT_CODE_NAMES = Object.keys(VERDICT_CODES) as VerdictCode[];

/** Values a code's sentence is filled with; amounts are minor units, dates are 'YYYY-MM-DD'. */
export interface CodeParams {
  deadline?: string;
  days?: number;
  amount?: number;
  currency?: string;
  percent?: number;
  limit?: number;
  returnable?: number;
  requested?: number;
  /** The resolutions a bonus is given for, e.g. ['store_credit']. */
  resolutions?: string[];
}
