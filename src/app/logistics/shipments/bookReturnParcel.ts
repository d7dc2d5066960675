import type { AppContext } from '../../kernel/context.js';
import type { BookedReturn, CarrierAdapter, CarrierDocument, ReturnParcelRequest } from '../carriers/port.js';
import { CarrierError } from '../carriers/port.js';
import { bookingRequest } from './bookingRequest.js';
import { abandonBooking, releaseUnkept } from './releaseParcel.js';
import {
  BOOKING_LEASE_MS,
  type ClaimedShipment,
  claimShipment,
  recordBookingFailure,
  rememberRemoteId,
} from './shipmentClaim.js';
import { type BookedDocuments, storeBooking } from './storeBooking.js';

export type BookingOutcome = 'booked' | 'failed' | 'nothing_to_do';

/** Where a booking says what it could not do but did not stop for (a box's own document). */
export interface BookingLog {
  warn(obj: object, msg: string): void;
}

/**
 * Books one return parcel with its carrier (the `logistics.book` job). Never twice: the attempt
 * claims the shipment first, and an attempt after one whose answer may have been lost asks the
 * carrier for the parcel under the return's reference before booking. A carrier still announcing
 * the parcel, down or rate-limiting makes the job retry (the error is thrown); a refusal fails the
 * shipment and tells staff. A return called off meanwhile gets nothing booked, and what an earlier
 * attempt booked for it is released with the carrier.
 */
export async function bookReturnParcel(
  ctx: AppContext,
  shipmentId: string,
  options: { log?: BookingLog } = {},
): Promise<BookingOutcome> {
  const shipment = await claimShipment(ctx, shipmentId);
  if (!shipment) return 'nothing_to_do';
  try {
    const connection = shipment.connection_id ? await ctx.carriers.connection(shipment.connection_id) : null;
    if (!connection) throw new CarrierError('rejected', 'CARRIER_DISCONNECTED', 'The carrier connection is gone or switched off');
    const { adapter } = connection;
    if (shipment.calledOff) {
      await abandonBooking(ctx, adapter, shipment, await parcelReached(adapter, shipment));
      return 'nothing_to_do';
    }
    const { request, customs } = await bookingRequest(ctx.db, shipment);
    const booked = await reachCarrier(ctx, adapter, shipment, request);
    if (!booked) return 'nothing_to_do';
    const documents = await fetchDocuments(adapter, shipment, booked, customs !== null, options.log);
    const stored = await storeBooking(ctx, shipment, booked, documents, customs);
    if (stored === 'called_off') await abandonBooking(ctx, adapter, shipment, booked);
    else if (stored === 'lost') await releaseUnkept(ctx, adapter, shipment.id, booked);
    return stored === 'stored' ? 'booked' : 'nothing_to_do';
  } catch (err) {
    const retry = await recordBookingFailure(ctx, shipment, err);
    if (retry) throw err;
    return 'failed';
  }
}

/** The parcel an earlier attempt got the carrier to book, if any: by its id, or by the return's
 * reference after a lost answer; with the pickup the carrier confirmed then. */
async function parcelReached(adapter: CarrierAdapter, shipment: ClaimedShipment): Promise<BookedReturn | null> {
  let booked: BookedReturn | null = null;
  if (shipment.remote_id) booked = await adapter.getReturn(shipment.remote_id);
  else if (shipment.mayHaveReached) booked = await withinBudget(adapter.findReturn(shipment.reference));
  if (!booked) return null;
  const kept =
    shipment.pickup?.status === 'booked' ? { confirmation: shipment.pickup.confirmation, slot: shipment.pickup.slot } : null;
  // Some carriers (Sendcloud) keep pickups apart from the parcel: what an attempt kept counts.
  return { ...booked, pickup: booked.pickup ?? kept };
}

/** How long looking for a parcel by its reference may take (a carrier may page through many
 * returns): well within the lease, so the attempt still holds the shipment when it books. */
export const FIND_BUDGET_MS = BOOKING_LEASE_MS / 3;

/** The search, or a transient failure (the job retries) once it takes longer than its budget:
 * never "not found", which would book a second parcel. */
async function withinBudget<T>(search: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CarrierError('transient', 'CARRIER_TIMEOUT', 'Looking for the parcel took too long; asked again later')),
      FIND_BUDGET_MS,
    );
  });
  try {
    return await Promise.race([search, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The carrier's parcel: the one it already has, else a new booking; with its pickup, booked now
 * where an earlier attempt got the parcel booked but not its pickup. What the carrier answered is
 * kept at once (its id and pickup), so nothing is booked twice and a later change reaches the
 * pickup. One not ready yet is asked for again later. Null when another attempt took the shipment
 * over meanwhile (what this attempt booked is then released unless that attempt keeps it).
 */
async function reachCarrier(
  ctx: AppContext,
  adapter: CarrierAdapter,
  shipment: ClaimedShipment,
  request: ReturnParcelRequest,
): Promise<BookedReturn | null> {
  let booked = (await parcelReached(adapter, shipment)) ?? (await adapter.createReturn(request));
  if (request.method === 'pickup' && request.pickup && !booked.pickup) {
    // Keep the parcel before the pickup call, which may fail: the retry then books only the pickup.
    if (!(await rememberRemoteId(ctx, shipment, booked))) return lostClaim(ctx, adapter, shipment, booked);
    booked = await adapter.changePickup(booked, request.pickup);
  }
  if (!(await rememberRemoteId(ctx, shipment, booked))) return lostClaim(ctx, adapter, shipment, booked);
  if (!booked.ready)
    throw new CarrierError('transient', 'CARRIER_PREPARING', 'The carrier is still preparing the parcel; asked again shortly');
  return booked;
}

async function lostClaim(ctx: AppContext, adapter: CarrierAdapter, shipment: ClaimedShipment, booked: BookedReturn) {
  await releaseUnkept(ctx, adapter, shipment.id, booked);
  return null;
}

async function fetchDocuments(
  adapter: CarrierAdapter,
  shipment: ClaimedShipment,
  booked: BookedReturn,
  withCustoms: boolean,
  log: BookingLog | undefined,
): Promise<BookedDocuments> {
  const kind = shipment.method === 'qr' ? 'qr' : 'label';
  const label = await adapter.document(booked, kind, shipment.label_format);
  const customs = withCustoms ? await adapter.document(booked, 'customs', 'pdf') : null;
  const boxes = await boxDocuments(adapter, booked, kind, shipment.label_format, (box, err) =>
    log?.warn(
      { shipmentId: shipment.id, box: box + 1, ...whyFailed(err) },
      "a box's own document could not be fetched with the booking; it is asked of the carrier when opened",
    ),
  );
  return { label, customs, boxes };
}

/** Each box's own label (or QR code) of a return of several boxes, fetched with the booking so the
 * shopper and staff can print one box again without asking the carrier. Null where the carrier
 * makes one document for all boxes: the shipment's label is then the only one. Best effort: the
 * parcel is booked already, so a box whose document fails (a refusal, a 429, not ready yet) is left
 * out (null in its place) and fetched when opened (see getBoxDocument), never failing the booking. */
async function boxDocuments(
  adapter: CarrierAdapter,
  booked: BookedReturn,
  kind: 'label' | 'qr',
  format: ClaimedShipment['label_format'],
  failed: (box: number, err: unknown) => void,
): Promise<(CarrierDocument | null)[] | null> {
  if (booked.parcels.length < 2) return null;
  const documents: (CarrierDocument | null)[] = [];
  for (let box = 0; box < booked.parcels.length; box++) {
    try {
      documents.push(await adapter.document(booked, kind, format, box));
    } catch (err) {
      if (err instanceof CarrierError && err.kind === 'unsupported') return null;
      failed(box, err);
      documents.push(null);
    }
  }
  return documents;
}

/** What a log may say of a failure: the carrier's code and status, never its message or answer. */
function whyFailed(err: unknown) {
  return err instanceof CarrierError
    ? { carrierError: err.code, kind: err.kind, status: err.status }
    : { error: err instanceof Error ? err.name : typeof err };
}
