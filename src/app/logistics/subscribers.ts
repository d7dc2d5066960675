import { CARRIER_METHODS } from '../../domain/carriers.js';
import type { AfterCommitSubscriber } from '../kernel/subscribers.js';
import { anyCarrierMapping } from './methods/carrierMapping.js';
import { anyRoutingRule } from './routing/anyRoutingRule.js';
import { planShipment } from './shipments/planShipment.js';
import { voidReturnShipments } from './shipments/voidShipment.js';

/** An approved return sent with a carrier gets its parcel booked: routed, its shipment opened and
 * the booking queued (see planShipment), whoever approved it. */
const bookOnApproval: AfterCommitSubscriber = {
  name: 'logistics.book-on-approval',
  on: ['return.approved'],
  handle: async (ctx, event) => {
    if (event.returnId) await planShipment(ctx, event.returnId);
  },
  // A shop with no carrier service and no routing rule has nothing to plan: no job per approval.
  // Otherwise only returns sent with a carrier method. Both answers are kept by the process (see
  // anyCarrierMapping, anyRoutingRule), so a batch costs no statement for them; an approval relayed
  // in the milliseconds before this process hears of a mapping or rule saved in another is treated
  // as one that came just before the change.
  narrow: async (ctx, tx, events) => {
    const ids = [...new Set(events.flatMap((e) => (e.returnId ? [e.returnId] : [])))];
    if (ids.length === 0) return [];
    if (!(await anyCarrierMapping(ctx.caches, tx)) && !(await anyRoutingRule(ctx.caches, tx))) return [];
    const rows = await tx
      .selectFrom('returns')
      .select('id')
      .where('id', 'in', ids)
      .where('method', 'in', [...CARRIER_METHODS])
      .execute();
    const carried = new Set(rows.map((r) => r.id));
    return events.filter((e) => e.returnId && carried.has(e.returnId));
  },
};

/** A return called off before it was sent: its labels are voided with the carrier where it allows,
 * so an unused label is not charged. */
const voidOnCancel: AfterCommitSubscriber = {
  name: 'logistics.void-on-cancel',
  on: ['return.cancelled', 'return.expired'],
  handle: async (ctx, event) => {
    if (event.returnId) await voidReturnShipments(ctx, event.returnId);
  },
  // Most returns called off never had a parcel booked: one read keeps only those that did.
  narrow: async (_ctx, tx, events) => {
    const ids = [...new Set(events.flatMap((e) => (e.returnId ? [e.returnId] : [])))];
    if (ids.length === 0) return [];
    const rows = await tx
      .selectFrom('shipments')
      .select('return_id')
      .where('return_id', 'in', ids)
      .where('status', 'in', ['pending', 'booked'])
      .execute();
    const withShipment = new Set(rows.map((r) => r.return_id));
    return events.filter((e) => e.returnId && withShipment.has(e.returnId));
  },
};

export const logisticsSubscribers = { afterCommit: [bookOnApproval, voidOnCancel] };
