import type { ReturnStatus } from '../../../domain/returnStatus.js';
import type { TrackingState } from '../../../domain/tracking.js';
import { getShopSettingsCached } from '../../admin/shopSettings.js';
import type { AppContext } from '../../kernel/context.js';
import { goesToWarehouse } from './warehouseBound.js';

/** Goods of these returns have not been received yet: the warehouse still waits for them. */
export const AWAITING_RECEIPT: readonly ReturnStatus[] = ['approved', 'in_transit'];

/** How a parcel is on its way to the warehouse, as the forecast counts it. */
export type InboundKind = 'atDock' | 'inTransit' | 'handedIn' | 'labelCreated';

export interface InboundCounts {
  atDock: number;
  inTransit: number;
  handedIn: number;
  labelCreated: number;
}

export interface InboundDay {
  date: string;
  total: number;
  warehouses: ({ warehouseId: string | null } & InboundCounts)[];
}

const DAY_MS = 86_400_000;
const IN_TRANSIT: readonly TrackingState[] = ['in_transit', 'at_pickup_point', 'exception'];

/** The calendar day of a moment in the shop's time zone (YYYY-MM-DD). */
export function dayIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The day `n` working days (Monday to Friday) after a day; 0 gives the day itself, or the next
 * working day when it falls in a weekend. */
export function workingDaysAfter(day: string, n: number): string {
  let at = Date.parse(`${day}T12:00:00Z`);
  const weekend = (ms: number) => [0, 6].includes(new Date(ms).getUTCDay());
  while (weekend(at)) at += DAY_MS;
  for (let left = n; left > 0; ) {
    at += DAY_MS;
    if (!weekend(at)) left--;
  }
  return new Date(at).toISOString().slice(0, 10);
}

/** When a parcel is expected at the warehouse, and how it is on its way. Parcels the carrier
 * delivered are at the dock today; a scanned parcel arrives the next working day after its last
 * scan, one handed in at a point the day after that; a parcel not scanned yet is expected the
 * working day after the return's ship-by date. Late parcels count for today. */
function expectation(
  p: { tracking_state: TrackingState | null; tracking_at: Date | null; delivered_at: Date | null; ship_by: Date | null },
  today: string,
  timeZone: string,
): { kind: InboundKind; day: string } {
  const after = (at: Date | null, n: number) => {
    const day = workingDaysAfter(dayIn(timeZone, at ?? new Date(Date.parse(`${today}T12:00:00Z`))), n);
    return day < today ? today : day;
  };
  if (p.delivered_at || p.tracking_state === 'delivered') return { kind: 'atDock', day: today };
  if (p.tracking_state && IN_TRANSIT.includes(p.tracking_state)) return { kind: 'inTransit', day: after(p.tracking_at, 1) };
  if (p.tracking_state === 'handed_in') return { kind: 'handedIn', day: after(p.tracking_at, 2) };
  return { kind: 'labelCreated', day: after(p.ship_by, 1) };
}

/**
 * What the warehouse will receive per day over the next `days` days, per destination warehouse:
 * return parcels of returns not received yet, by how far along they are (at the dock, in transit,
 * handed in, label made but not scanned).
 */
export async function inboundForecast(ctx: AppContext, input: { days: number }): Promise<{ from: string; days: InboundDay[] }> {
  const { timezone } = await getShopSettingsCached(ctx.caches, ctx.db);
  const today = dayIn(timezone, ctx.now());
  const parcels = await ctx.db
    .selectFrom('shipment_parcels as p')
    .innerJoin('shipments as s', 's.id', 'p.shipment_id')
    .innerJoin('returns as r', 'r.id', 'p.return_id')
    .select(['p.tracking_state', 'p.tracking_at', 'p.delivered_at', 'r.ship_by', 'r.destination_warehouse_id'])
    .where('r.status', 'in', AWAITING_RECEIPT)
    .where('s.status', '=', 'booked')
    // Parcels on their way to a vendor or repair partner never come to the warehouse.
    .where(goesToWarehouse('r.routing'))
    .where((eb) =>
      eb.or([eb('p.tracking_state', 'is', null), eb('p.tracking_state', 'not in', ['cancelled', 'returned_to_sender'])]),
    )
    .execute();
  const days: InboundDay[] = [];
  for (let i = 0; i < input.days; i++) {
    days.push({
      date: new Date(Date.parse(`${today}T12:00:00Z`) + i * DAY_MS).toISOString().slice(0, 10),
      total: 0,
      warehouses: [],
    });
  }
  const byDate = new Map(days.map((d) => [d.date, d]));
  for (const p of parcels) {
    const { kind, day } = expectation(p, today, timezone);
    const target = byDate.get(day);
    if (!target) continue;
    let counts = target.warehouses.find((w) => w.warehouseId === p.destination_warehouse_id);
    if (!counts) {
      counts = { warehouseId: p.destination_warehouse_id, atDock: 0, inTransit: 0, handedIn: 0, labelCreated: 0 };
      target.warehouses.push(counts);
    }
    counts[kind]++;
    target.total++;
  }
  return { from: today, days };
}
