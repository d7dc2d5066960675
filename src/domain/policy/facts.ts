import type { Resolution } from '../returnLifecycle.js';
import type { PolicyDocument, PolicyEffects, ReturnMethod } from './document.js';

/** What the policy engine needs to know to judge an order; the application loads it, the engine
 * never touches a database or the clock. */

export interface ProductFlags {
  finalSale: boolean;
  exchangeOnly: boolean;
  personalised: boolean;
  perishable: boolean;
  hygieneSealed: boolean;
  sealedMedia: boolean;
}

/** A product none of whose flags limits its return. */
export const NO_PRODUCT_FLAGS: ProductFlags = {
  finalSale: false,
  exchangeOnly: false,
  personalised: false,
  perishable: false,
  hygieneSealed: false,
  sealedMedia: false,
};

export interface OrderLineFacts {
  id: string;
  sku: string;
  quantity: number;
  /** Units of this line in other returns that still hold on to them. */
  quantityInReturns: number;
  /** Of those, units withdrawn from the contract: asked back for their money within the EU
   * withdrawal period in returns that still stand (Art. 13; see wholeOrderWithdrawn). */
  quantityWithdrawn?: number;
  /** Exchanges this line has had already. */
  exchangesUsed: number;
  /** What was paid for the whole line after discounts, tax as charged, in minor units. */
  paidAmount: number;
  deliveredAt: Date | null;
  /** The product's category code first, then its ancestors'. */
  categoryPath: string[];
  productTags: string[];
  flags: ProductFlags;
}

export interface OrderFacts {
  id: string;
  placedAt: Date;
  channel: string;
  shippingCountry: string;
  currency: string;
  lines: OrderLineFacts[];
  /** The standard delivery cost paid (never a premium surcharge), and whether a settlement of an
   * earlier return already paid it back. */
  standardDelivery?: { amount: number; alreadyRefunded: boolean };
}

export interface CustomerFacts {
  id: string;
  /** e.g. standard, vip, employee, blocked */
  segment: string;
  tags: string[];
  /** Share of units bought before that came back, 0–1. */
  returnRate: number;
  returnCount: number;
  /** The risk of the return being asked (docs/fraud.md), worked out before the policy judges it;
   * absent where no return is being asked (a preview, the simulator): risk conditions then hold
   * for no line. */
  risk?: { score: number; signals: string[] };
}

export interface ReasonFacts {
  code: string;
  parentCode: string | null;
  controllable: boolean;
  /** The shopper reports a defect: the legal guarantee applies beyond the return window. */
  defect: boolean;
  requiresPhoto: boolean;
}

/** What a reason says about the return beyond its name: the shop's doing (fees waived), photos
 * required, a defect under the legal guarantee. */
export const REASON_FLAGS = ['controllable', 'requiresPhoto', 'defect'] as const satisfies readonly (keyof ReasonFacts)[];

export interface LineSelection {
  orderLineId: string;
  quantity: number;
  reasonCode?: string | null;
  resolution?: Resolution | null;
  /** The shopper reports the item as defective: a claim under the legal guarantee, whatever the
   * return window says (the goods must be conform for two years from delivery). */
  defect?: boolean;
}

/** A staff-made exception for one customer, order or return: effects applied after every rule,
 * and optionally permission to return what the shop's rules refuse. */
export interface PolicyExceptionFacts {
  id: string;
  effects: PolicyEffects;
  allowReturn: boolean;
}

export interface EvaluationInput {
  now: Date;
  /** The shop's time zone: windows are counted in its calendar days. */
  timeZone: string;
  policy: PolicyDocument;
  order: OrderFacts;
  customer: CustomerFacts;
  reasons: ReasonFacts[];
  /** The lines, quantities, reasons and resolutions chosen; without it every line is judged for
   * all its returnable units and no reason. */
  selection?: { lines: LineSelection[]; method?: ReturnMethod | null };
  exceptions?: PolicyExceptionFacts[];
}
