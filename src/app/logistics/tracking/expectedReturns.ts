import type { AppContext } from '../../kernel/context.js';
import { AWAITING_RECEIPT } from './inboundForecast.js';
import { goesToWarehouse } from './warehouseBound.js';

export interface ExpectedReturn {
  returnId: string;
  number: string;
  status: string;
  customerName: string | null;
  carrierDeliveredAt: Date;
  destinationWarehouseId: string | null;
  parcelCount: number;
  trackingNumbers: string[];
}

/** The receiving station's "expected" list: returns the carrier delivered at the shop's warehouse
 * that nobody has received yet, the longest waiting first. */
export async function expectedReturns(ctx: AppContext, input: { limit: number }): Promise<{ items: ExpectedReturn[] }> {
  const rows = await ctx.db
    .selectFrom('returns as r')
    .leftJoin('customers as c', 'c.id', 'r.customer_id')
    .select([
      'r.id',
      'r.number',
      'r.status',
      'r.carrier_delivered_at',
      'r.destination_warehouse_id',
      'r.parcel_count',
      'c.first_name',
      'c.last_name',
    ])
    .where('r.carrier_delivered_at', 'is not', null)
    .where('r.status', 'in', AWAITING_RECEIPT)
    // Returns delivered at a vendor or repair partner never reach the station.
    .where(goesToWarehouse('r.routing'))
    .orderBy('r.carrier_delivered_at')
    .orderBy('r.id')
    .limit(input.limit)
    .execute();
  const ids = rows.map((r) => r.id);
  const parcels =
    ids.length === 0
      ? []
      : await ctx.db
          .selectFrom('shipment_parcels')
          .select(['return_id', 'tracking_number'])
          .where('return_id', 'in', ids)
          .where('tracking_number', 'is not', null)
          .orderBy('collo')
          .execute();
  return {
    items: rows.map((r) => ({
      returnId: r.id,
      number: r.number,
      status: r.status,
      customerName: [r.first_name, r.last_name].filter(Boolean).join(' ') || null,
      carrierDeliveredAt: r.carrier_delivered_at as Date,
      destinationWarehouseId: r.destination_warehouse_id,
      parcelCount: r.parcel_count,
      trackingNumbers: parcels.filter((p) => p.return_id === r.id).map((p) => p.tracking_number as string),
    })),
  };
}
