import type { ShipmentPickup } from '../../../db/schema.js';
import type { CarrierName } from '../../../domain/carriers.js';
import { CALLED_OFF_STATUSES } from '../../../domain/returnStatus.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { type BookedReturn, CarrierError } from '../carriers/port.js';
import type { ShipmentToBook } from './bookingRequest.js';

/** How long a booking attempt holds its shipment: longer than the few carrier calls of one
 * attempt with their time-outs. An attempt whose process died is taken over after it. */
export const BOOKING_LEASE_MS = 3 * 60_000;

/** Another attempt is booking this shipment right now: try again later (the job retries). */
export class ShipmentBusy extends Error {
  constructor(shipmentId: string) {
    super(`Shipment ${shipmentId} is being booked by another attempt`);
    this.name = 'ShipmentBusy';
  }
}

export interface ClaimedShipment extends ShipmentToBook {
  connection_id: string | null;
  carrier: CarrierName;
  remote_id: string | null;
  /** The pickup the carrier confirmed to an earlier attempt, if any. */
  pickup: ShipmentPickup | null;
  /** An earlier attempt may have reached the carrier (its answer lost): look before booking. */
  mayHaveReached: boolean;
  /** The attempt's number: the fencing token every later write of this attempt is checked against,
   * so an attempt that outlived its lease never overwrites the one that took over. */
  attempt: number;
  /** The return was called off since the shipment was opened: nothing is to be booked, and what an
   * earlier attempt may have booked is to be voided. */
  calledOff: boolean;
}

/**
 * Takes a pending shipment for one booking attempt, so two jobs or two processes never book it
 * twice. The row is locked while it is read; an attempt in flight (counted, not ended with an
 * error, within its lease) keeps it. Answers null when nothing is left to do (booked, failed,
 * voided); throws ShipmentBusy while another attempt holds it. A shipment of a return called off
 * meanwhile that no attempt can have reached the carrier for is voided here and then.
 */
export async function claimShipment(ctx: AppContext, shipmentId: string): Promise<ClaimedShipment | null> {
  return inUnit(ctx, { actor: systemActor }, async (unit) => {
    const row = await unit.tx
      .selectFrom('shipments as s')
      .innerJoin('returns as r', 'r.id', 's.return_id')
      .select([
        's.id',
        's.return_id',
        's.reference',
        's.method',
        's.service_code',
        's.label_format',
        's.connection_id',
        's.carrier',
        's.remote_id',
        's.pickup',
        's.status',
        's.attempts',
        's.last_error',
        's.updated_at',
        'r.status as return_status',
      ])
      .where('s.id', '=', shipmentId)
      .forUpdate('s')
      .executeTakeFirst();
    if (row?.status !== 'pending') return null;
    const inFlight =
      row.attempts > 0 && row.last_error === null && unit.now.getTime() - row.updated_at.getTime() < BOOKING_LEASE_MS;
    if (inFlight) throw new ShipmentBusy(shipmentId);
    const calledOff = (CALLED_OFF_STATUSES as readonly string[]).includes(row.return_status);
    const mayHaveReached = row.attempts > 0 || row.remote_id !== null;
    if (calledOff && !mayHaveReached) {
      await unit.tx.updateTable('shipments').set({ status: 'voided', updated_at: unit.now }).where('id', '=', row.id).execute();
      unit.record({
        type: 'shipment.voided',
        subjectType: 'shipment',
        subjectId: row.id,
        returnId: row.return_id,
        data: { carrier: row.carrier, result: 'nothing_booked' },
      });
      return null;
    }
    await unit.tx
      .updateTable('shipments')
      .set({ attempts: row.attempts + 1, last_error: null, updated_at: unit.now })
      .where('id', '=', shipmentId)
      .execute();
    const { status: _s, attempts, last_error: _e, updated_at: _u, return_status: _r, ...shipment } = row;
    return { ...shipment, mayHaveReached, attempt: attempts + 1, calledOff };
  });
}

/** Keeps the carrier's id of a parcel it has (not ready yet, or its documents still to fetch) and
 * the pickup it confirmed, so the next attempt asks for that parcel instead of booking another and
 * a later change or cancellation reaches that pickup. False when another attempt took the
 * shipment over meanwhile (or it is no longer pending): this attempt no longer owns it. */
export async function rememberRemoteId(ctx: AppContext, shipment: ClaimedShipment, booked: BookedReturn): Promise<boolean> {
  const pickup = booked.pickup ? { ...booked.pickup, status: 'booked' as const } : null;
  const kept = await ctx.db
    .updateTable('shipments')
    .set({ remote_id: booked.remoteId, ...(pickup ? { pickup: JSON.stringify(pickup) } : {}) })
    .where('id', '=', shipment.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', shipment.attempt)
    .returning('id')
    .executeTakeFirst();
  return kept !== undefined;
}

/** What a message about a failure may show: the carrier's own words, never a credential (adapters
 * keep those out), and for anything else only that something failed. */
export function failureText(err: unknown): string {
  if (err instanceof CarrierError) return `${err.code}: ${err.message}`.slice(0, 500);
  return 'Booking failed unexpectedly; it is tried again';
}

/**
 * Ends an attempt that failed. A carrier that is down or busy (transient) leaves the shipment
 * pending for the job to retry, telling once that the label is delayed; a refusal fails it for
 * good and tells staff (`shipment.failed` raises the `label_failed` notification). Answers whether
 * the job should retry.
 */
export async function recordBookingFailure(ctx: AppContext, shipment: ClaimedShipment, err: unknown): Promise<boolean> {
  const final = err instanceof CarrierError && err.kind !== 'transient';
  const error = failureText(err);
  return inUnit(ctx, { actor: systemActor }, async (unit) => {
    const updated = await unit.tx
      .updateTable('shipments')
      .set({ last_error: error, updated_at: unit.now, ...(final ? { status: 'failed' as const } : {}) })
      .where('id', '=', shipment.id)
      .where('status', '=', 'pending')
      // Only the attempt that holds the shipment: a stale one must not end the current one.
      .where('attempts', '=', shipment.attempt)
      .returning('id')
      .executeTakeFirst();
    if (!updated) return false;
    const subject = { subjectType: 'shipment', subjectId: shipment.id, returnId: shipment.return_id };
    if (final) {
      unit.record({ type: 'shipment.failed', ...subject, data: { carrier: shipment.carrier, error } });
      return false;
    }
    const toldBefore = await unit.tx
      .selectFrom('events')
      .select('id')
      .where('subject_type', '=', 'shipment')
      .where('subject_id', '=', shipment.id)
      .where('type', '=', 'shipment.booking_delayed')
      .executeTakeFirst();
    if (!toldBefore) {
      const retryAfterMs = err instanceof CarrierError ? err.retryAfterMs : null;
      unit.record({ type: 'shipment.booking_delayed', ...subject, data: { carrier: shipment.carrier, error, retryAfterMs } });
    }
    return true;
  });
}

/** The last try of a booking failed too (the job's retries are spent): the shipment fails and
 * staff are told, with the last error the carrier gave. */
export async function giveUpBooking(ctx: AppContext, shipmentId: string): Promise<void> {
  await inUnit(ctx, { actor: systemActor }, async (unit) => {
    const row = await unit.tx
      .updateTable('shipments')
      .set({ status: 'failed', updated_at: unit.now })
      .where('id', '=', shipmentId)
      .where('status', '=', 'pending')
      .returning(['id', 'return_id', 'carrier', 'last_error'])
      .executeTakeFirst();
    if (!row) return;
    unit.record({
      type: 'shipment.failed',
      subjectType: 'shipment',
      subjectId: row.id,
      returnId: row.return_id,
      data: { carrier: row.carrier, error: row.last_error ?? 'The carrier did not book the parcel after several tries' },
    });
  });
}
