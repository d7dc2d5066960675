/** Shapes of the staff API answers the back office reads (see src/app/returns/listReturns.ts). */

export interface ReturnLine {
  id: string;
  orderLineId: string;
  sku: string;
  title: string;
  quantity: number;
  reasonCode: string | null;
  comment: string | null;
  requestedResolution: string;
  grantedResolution: string | null;
  acceptance: string;
  acceptanceReason: string | null;
  reception: string;
  quantityReceived: number;
  grade: string | null;
  disposition: string | null;
  settlement: string;
  settledAmount: number;
  eligibilityCodes: string[];
  variantId: string | null;
  unitPrice: number;
  checklist: Record<string, boolean> | null;
  recoveredValue: number | null;
  exchange: { variantId: string; title: string | null; sku: string | null; unitPrice: number | null } | null;
}

export interface RiskInfo {
  score: number;
  level: 'low' | 'medium' | 'high';
  signals: { code: string; points: number }[];
}

export interface ReturnSummary {
  id: string;
  number: string;
  status: string;
  refundBy: string;
  refundOverdue: boolean;
  onHold: boolean;
  holdReasons: string[];
  /** Set by automation rules. */
  tags: string[];
  source: string;
  method: string | null;
  currency: string;
  trackingNumber: string | null;
  shipBy: string | null;
  value: number;
  risk: RiskInfo;
  channel: string;
  createdAt: string;
  updatedAt: string;
  order: { id: string; orderNumber: string };
  customer: { id: string; email: string; name: string | null };
  lines: ReturnLine[];
}

export interface VerdictReason {
  code: string;
  severity: string;
  /** The rule (or defaults, product flag, law) the reason comes from. */
  source: string;
}

/** The policy's verdict on a line, as stored when the return was requested (src/domain/policy/evaluate.ts). */
export interface LineVerdict {
  eligible: boolean;
  codes: string[];
  reasons: VerdictReason[];
  firedRules: string[];
  resolutions: string[];
  methods: string[];
  value: number;
  restockingFee: number;
  bonus: Record<string, number>;
  deadline: string | null;
  statutoryDeadline: string | null;
  manualReview: boolean;
  photoRequired: boolean;
  keepItem: boolean;
  decidedBy: Record<string, string>;
}

export interface Repair {
  id: string;
  number: string;
  returnId: string;
  returnLineId: string;
  status: 'awaiting_item' | 'in_repair' | 'shipped_back' | 'unrepairable' | 'cancelled';
  note: string | null;
  fallback: 'replacement' | 'refund' | null;
  trackingNumber: string | null;
  carrier: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

export interface ReturnDetail extends ReturnSummary {
  policy?: { versionId: string | null; versionNumber: number | null; versionName: string | null; arm: string | null };
  lines: (ReturnLine & {
    photos: { id: string; width: number; height: number; uploadedBy: string; createdAt: string }[];
    verdict?: LineVerdict | null;
  })[];
  feedback?: { rating: number; comment: string | null; createdAt: string } | null;
  notes: {
    id: string;
    kind: 'internal' | 'shopper';
    body: string;
    author: { id: string | null; name: string | null } | null;
    createdAt: string;
  }[];
  pickupSlot: { start: string; end: string } | null;
  store: { id: string; name: string; openingHours: string | null } | null;
  withdrawalDeclaredAt: string | null;
  statusReason: string | null;
  settlements: Settlement[];
  exchangeOrders: ExchangeOrder[];
  /** Repairs under the legal guarantee. */
  repairs: Repair[];
  timeline: {
    id: string;
    type: string;
    actor: { type: string; id: string | null; name?: string | null };
    reason: string | null;
    data: Record<string, unknown>;
    occurredAt: string;
  }[];
}

export interface Reason {
  id?: string;
  code: string;
  parentCode: string | null;
  labels: Record<string, string>;
  controllable: boolean;
}

export interface Settlement {
  id: string;
  kind: string;
  provider: string;
  status: string;
  amount: number;
  currency: string;
  reference: string | null;
  note: string | null;
  trigger: string;
  attempts: number;
  lastError: string | null;
  breakdown: Record<string, unknown> | null;
  createdAt: string;
  succeededAt: string | null;
}

export interface ExchangeOrder {
  id: string;
  number: string;
  status: 'awaiting_payment' | 'reserved' | 'ready' | 'shipped' | 'cancelled';
  instant: boolean;
  currency: string;
  priceDifference: number;
  payment: {
    status: string;
    provider: string | null;
    url: string | null;
    /** When the link stops taking payments. */
    expiresAt: string | null;
    /** How the difference came in: the link's provider, or 'manual' (staff confirmed it). */
    via: string | null;
    reference: string | null;
    paidAt: string | null;
    error: string | null;
  };
  surplusSettlementId: string | null;
  /** The settlement paying a difference back when a paid-for exchange did not ship. */
  differenceRefundSettlementId: string | null;
  returnBy: string | null;
  overdue: { action: string; chargeAmount: number | null; chargeUrl: string | null; chargeStatus: string | null } | null;
  shipment: { trackingNumber: string | null; carrier: string | null; shippedAt: string | null };
  cancelReason: string | null;
  lines: {
    returnLineId: string;
    sku: string;
    title: string;
    quantity: number;
    unitPrice: number;
    returnedValue: number;
    /** The policy's exchange bonus put towards the new item: unitPrice × quantity − returnedValue − bonus = difference. */
    bonus: number;
    difference: number;
  }[];
  createdAt: string;
}
