import type { PickupSlot } from '../../domain/pickupSlots.js';
import type { ReturnMethod } from '../../domain/policy/document.js';
import type { PolicyVerdict } from '../../domain/policy/evaluate.js';
import type { Resolution } from '../../domain/returnLifecycle.js';
import type { PricedExchange } from './returnRequestChoices.js';

/* What requesting a return takes and answers (see requestReturn.ts). */

export interface RequestReturnInput {
  orderId: string;
  /** Where the request came from: the shopper portal, an agent, an integration, a store's counter,
   * or a marketplace whose buyer started it there. */
  source: 'portal' | 'agent' | 'api' | 'store' | 'marketplace';
  method?: ReturnMethod | null;
  /** A withdrawal from the contract (Directive 2011/83/EU Art. 9–11a): needs no reason, only
   * within the statutory period, and is recorded with the moment it was declared. */
  withdrawal?: boolean;
  /** For a pickup: one of the slots on offer. */
  pickupSlot?: PickupSlot | null;
  /** For a return in a store: which store. */
  storeId?: string | null;
  /** The drop-off point picked (required where the carrier's service needs one, and for `partner`),
   * with the carrier and address it was found under. */
  servicePointId?: string | null;
  servicePoint?: { carrier?: string | null; address?: { postcode?: string | null } | null } | null;
  /** How many boxes the shopper sends (1–10). */
  parcelCount?: number;
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
  /** The portal device id (X-Retour-Device) and IP the request came from, as they came: hashed
   * before they are compared or kept (src/app/risk/clientHash.ts). */
  client?: { device: string | null; ip: string | null };
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

/** One exchanged line of a requested return, priced as the exchange order will be. */
export type RequestedExchange = RequestReturnResult['exchanges'][number];
