import type { AppContext } from '../../src/app/kernel/context.js';
import { newId } from '../../src/app/kernel/ids.js';
import type { CarrierMethod, CarrierName } from '../../src/domain/carriers.js';

/** A return's parcel booked with a carrier, as the booking job leaves it: a booked shipment and
 * one row per box with its tracking number. */
export async function bookedParcels(
  ctx: AppContext,
  input: {
    returnId: string;
    connectionId: string;
    carrier: CarrierName;
    trackingNumbers: string[];
    /** The carrier each box's booking named (an aggregator's carrier token), where it did. */
    carrierCodes?: (string | null)[];
    method?: CarrierMethod;
    bookedAt?: Date;
  },
): Promise<{ shipmentId: string; parcelIds: string[] }> {
  const at = input.bookedAt ?? ctx.now();
  const shipmentId = newId('shp');
  await ctx.db
    .insertInto('shipments')
    .values({
      id: shipmentId,
      return_id: input.returnId,
      connection_id: input.connectionId,
      carrier: input.carrier,
      method: input.method ?? 'qr',
      service_code: 'postnl:return',
      reference: `${input.returnId}-${shipmentId}`,
      status: 'booked',
      pickup: null,
      customs: null,
      tracking_state: 'label_created',
      tracking_at: null,
      created_at: at,
      updated_at: at,
      booked_at: at,
    })
    .execute();
  const parcelIds = input.trackingNumbers.map(() => newId('par'));
  await ctx.db
    .insertInto('shipment_parcels')
    .values(
      input.trackingNumbers.map((trackingNumber, i) => ({
        id: parcelIds[i] as string,
        shipment_id: shipmentId,
        return_id: input.returnId,
        carrier: input.carrier,
        collo: i + 1,
        tracking_number: trackingNumber,
        carrier_code: input.carrierCodes?.[i] ?? null,
        tracking_state: 'label_created' as const,
      })),
    )
    .execute();
  return { shipmentId, parcelIds };
}
