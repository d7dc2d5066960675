/**
 * Which events tell the shopper something by e-mail, and which e-mail. Pure: the outbox relay asks
 * it for every event it fans out, the ship-by reminder round adds the one e-mail no event makes.
 */
export const SHOPPER_EMAIL_KINDS = [
  'requested',
  'approved',
  'rejected',
  'ship_by_reminder',
  'in_transit',
  'received',
  'inspected',
  'refunded',
  'credited',
  'exchange_shipped',
  'repair_shipped',
  'withdrawal_confirmed',
  'label_ready',
  'store_receipt',
] as const;
export type ShopperEmailKind = (typeof SHOPPER_EMAIL_KINDS)[number];

export function isShopperEmailKind(value: unknown): value is ShopperEmailKind {
  return typeof value === 'string' && (SHOPPER_EMAIL_KINDS as readonly string[]).includes(value);
}

const BY_TYPE: Record<string, ShopperEmailKind> = {
  'return.requested': 'requested',
  'return.approved': 'approved',
  'return.rejected': 'rejected',
  'return.in_transit': 'in_transit',
  'return.received': 'received',
  'return.inspected': 'inspected',
  'exchange_order.shipped': 'exchange_shipped',
  'repair.shipped_back': 'repair_shipped',
  'return.withdrawal_declared': 'withdrawal_confirmed',
  // The carrier booked the return parcel: its label or QR code goes to the shopper.
  'shipment.booked': 'label_ready',
  // A store took the return back over the counter: the shopper's receipt.
  'return.store_receipt': 'store_receipt',
};

/** Settlements that put money back in the shopper's account; an exchange shipment has its own
 * e-mail (exchange_shipped) and store credit its own (credited). */
const REFUND_KINDS = new Set(['refund', 'goodwill', 'exchange_difference', 'exchange_surplus']);

export interface EmailEvent {
  id: string;
  type: string;
  returnId: string | null;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface PlannedEmail {
  eventId: string;
  returnId: string;
  kind: ShopperEmailKind;
}

/** What a settlement event moved: its amount, or (a settlement staff recorded) the sum of its lines. */
export function settledAmount(data: Record<string, unknown>): number {
  if (typeof data.amount === 'number') return data.amount;
  const lines = Array.isArray(data.lines) ? (data.lines as { amount?: unknown }[]) : [];
  return lines.reduce((sum, l) => sum + (typeof l.amount === 'number' ? l.amount : 0), 0);
}

function kindOf(e: EmailEvent): ShopperEmailKind | null {
  if (e.type === 'return.settlement_recorded') {
    const kind = String(e.data.kind ?? '');
    if (kind === 'store_credit') return 'credited';
    return REFUND_KINDS.has(kind) && settledAmount(e.data) > 0 ? 'refunded' : null;
  }
  return BY_TYPE[e.type] ?? null;
}

/**
 * The shopper e-mails a batch of events asks for, one per event at most. Events written by one
 * command share their moment; when a request is decided (approved or rejected) or is a withdrawal
 * in that same command, the plain "we got your request" e-mail would only repeat it and is left out.
 */
export function plannedShopperEmails(events: readonly EmailEvent[]): PlannedEmail[] {
  const planned = events.flatMap((e) => {
    const kind = kindOf(e);
    return kind && e.returnId ? [{ eventId: e.id, returnId: e.returnId, kind, at: e.occurredAt }] : [];
  });
  const supersedes = new Set(['approved', 'rejected', 'withdrawal_confirmed']);
  return planned
    .filter(
      (p) => p.kind !== 'requested' || !planned.some((o) => o.returnId === p.returnId && o.at === p.at && supersedes.has(o.kind)),
    )
    .map(({ eventId, returnId, kind }) => ({ eventId, returnId, kind }));
}
