import { settledAmount } from './email/shopperEmails.js';

/** An event of a return as it is stored. */
export interface ReturnTimelineEvent {
  id: string;
  type: string;
  occurredAt: string;
  data: unknown;
}

/** One entry of the timeline a shopper reads. Money that went through is `return.refunded` or
 * `return.credited`; every other entry keeps its event type. */
export interface ShopperTimelineEntry {
  id: string;
  type: string;
  occurredAt: string;
}

/**
 * A return's timeline in the shopper's terms: one entry per thing that happened to them. A
 * settlement is recorded for every way a line is settled, but only money is money: an exchange
 * that shipped is told by its own event (not as "paid back"), nothing paid is no refund, an amount
 * staff gave on top is already told when they gave it, and one settlement is told once.
 */
export function shopperTimeline(events: readonly ReturnTimelineEvent[]): ShopperTimelineEntry[] {
  const settlementOf = (e: ReturnTimelineEvent) => {
    const data = (e.data ?? {}) as Record<string, unknown>;
    return { data, id: typeof data.settlementId === 'string' ? data.settlementId : null };
  };
  const adjusted = new Set(events.filter((e) => e.type === 'return.money_adjusted').flatMap((e) => settlementOf(e).id ?? []));
  const told = new Set<string>();
  return events.flatMap((e): ShopperTimelineEntry[] => {
    const entry = { id: e.id, type: e.type, occurredAt: e.occurredAt };
    if (e.type !== 'return.settlement_recorded') return [entry];
    const { data, id } = settlementOf(e);
    if (id && (adjusted.has(id) || told.has(id))) return [];
    if (id) told.add(id);
    const kind = typeof data.kind === 'string' ? data.kind : 'refund';
    if (kind === 'exchange' || settledAmount(data) <= 0) return [];
    return [{ ...entry, type: kind === 'store_credit' ? 'return.credited' : 'return.refunded' }];
  });
}
