import type { AppContext } from '../../kernel/context.js';
import type { BookedReturn, CarrierAdapter } from '../carriers/port.js';
import { CarrierError } from '../carriers/port.js';
import { bookingRequest } from './bookingRequest.js';
import { type ClaimedShipment, claimShipment, recordBookingFailure, rememberRemoteId } from './shipmentClaim.js';
import { type BookedDocuments, storeBooking } from './storeBooking.js';
import { voidReturnShipments } from './voidShipment.js';

export type BookingOutcome = 'booked' | 'failed' | 'nothing_to_do';

/**
 * Books one return parcel with its carrier (the `logistics.book` job). Never twice: the attempt
 * claims the shipment first, and an attempt after one whose answer may have been lost asks the
 * carrier for the parcel under the return's reference before booking. A carrier still announcing
 * the parcel, down or rate-limiting makes the job retry (the error is thrown); a refusal fails the
 * shipment and tells staff.
 */
export async function bookReturnParcel(ctx: AppContext, shipmentId: string): Promise<BookingOutcome> {
  const shipment = await claimShipment(ctx, shipmentId);
  if (!shipment) return 'nothing_to_do';
  try {
    const connection = shipment.connection_id ? await ctx.carriers.connection(shipment.connection_id) : null;
    if (!connection) throw new CarrierError('rejected', 'CARRIER_DISCONNECTED', 'The carrier connection is gone or switched off');
    const { request, customs } = await bookingRequest(ctx.db, shipment);
    const booked = await reachCarrier(ctx, connection.adapter, shipment, () => connection.adapter.createReturn(request));
    const documents = await fetchDocuments(connection.adapter, shipment, booked, customs !== null);
    await storeBooking(ctx, shipment, booked, documents, customs);
    // The return may have been called off while its parcel was being booked: void it now.
    await voidReturnShipments(ctx, shipment.return_id);
    return 'booked';
  } catch (err) {
    const retry = await recordBookingFailure(ctx, shipment, err);
    if (retry) throw err;
    return 'failed';
  }
}

/** The carrier's parcel: the one it already has (by its id, or found by reference after a lost
 * answer), else a new booking. One not ready yet is remembered and asked for again later. */
async function reachCarrier(
  ctx: AppContext,
  adapter: CarrierAdapter,
  shipment: ClaimedShipment,
  book: () => Promise<BookedReturn>,
): Promise<BookedReturn> {
  let booked: BookedReturn | null = null;
  if (shipment.remote_id) booked = await adapter.getReturn(shipment.remote_id);
  else if (shipment.mayHaveReached) booked = await adapter.findReturn(shipment.reference);
  booked ??= await book();
  if (booked.remoteId !== shipment.remote_id) await rememberRemoteId(ctx, shipment.id, booked.remoteId);
  if (!booked.ready)
    throw new CarrierError('transient', 'CARRIER_PREPARING', 'The carrier is still preparing the parcel; asked again shortly');
  return booked;
}

async function fetchDocuments(
  adapter: CarrierAdapter,
  shipment: ClaimedShipment,
  booked: BookedReturn,
  withCustoms: boolean,
): Promise<BookedDocuments> {
  const label =
    shipment.method === 'qr'
      ? await adapter.document(booked, 'qr', shipment.label_format)
      : await adapter.document(booked, 'label', shipment.label_format);
  const customs = withCustoms ? await adapter.document(booked, 'customs', 'pdf') : null;
  return { label, customs };
}
