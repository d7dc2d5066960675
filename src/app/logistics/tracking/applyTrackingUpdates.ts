import { sql } from 'kysely';
import { type UnnestColumns, unnestRows } from '../../../db/unnestRows.js';
import { type FlagReason, flagReasonOf } from '../../../domain/parcelClaims.js';
import { markInTransit } from '../../../domain/returnLifecycle.js';
import {
  nextTrackingState,
  SCANNED_STATES,
  TROUBLE_STATES,
  type TrackingState,
  type TrackingUpdate,
} from '../../../domain/tracking.js';
import { newId } from '../../kernel/ids.js';
import type { Unit } from '../../kernel/transaction.js';
import { toReturnState } from '../../returns/returnStore.js';
import { persistTransitions } from '../../returns/transitionReturn.js';
import { flagParcels, type ParcelToFlag } from '../claims/flagParcels.js';
import { goesToWarehouse } from './warehouseBound.js';

export type TrackingSource = 'webhook' | 'poll';

/** What applying a batch of updates did. */
export interface TrackingApplyReport {
  /** Updates new to Retour, written to a parcel's history. */
  applied: number;
  /** Updates already in a parcel's history (the carrier sent them again). */
  duplicates: number;
  /** Updates about tracking numbers Retour booked no parcel for: kept with their delivery, not applied. */
  ignored: number;
  /** Returns that went in transit on their parcel's first scan. */
  inTransit: number;
  /** Parcels the carrier delivered for the first time. */
  delivered: number;
}

interface ParcelRow {
  id: string;
  shipment_id: string;
  return_id: string;
  tracking_number: string | null;
  tracking_state: TrackingState | null;
  tracking_at: Date | null;
  delivered_at: Date | null;
}

interface ParcelProgress {
  row: ParcelRow;
  state: TrackingState | null;
  at: Date | null;
  deliveredAt: Date | null;
}

const eventKey = (parcelId: string, carrierStatus: string, at: Date) => `${parcelId}|${carrierStatus}|${at.getTime()}`;

/**
 * Applies carriers' normalised updates (a webhook's or a poll's) to the parcels booked through one
 * carrier connection, in the caller's unit (a connection's webhook never moves another's parcels,
 * even of the same carrier, whose tracking numbers may look alike): each update new to a parcel's history is written once, the parcel and its
 * shipment move on (a late update about an earlier step never moves them back), a first scan puts an
 * approved return in transit (from which "refund on first scan" pays), a delivery marks the return
 * as expected at the station, and trouble is told to staff. Reads are batched: a burst of a carrier's
 * webhooks is a handful of statements, not a few per update.
 */
export async function applyTrackingUpdates(
  unit: Unit,
  input: { connectionId: string; source: TrackingSource; updates: TrackingUpdate[] },
): Promise<TrackingApplyReport> {
  const report: TrackingApplyReport = { applied: 0, duplicates: 0, ignored: 0, inTransit: 0, delivered: 0 };
  if (input.updates.length === 0) return report;
  const parcels = await lockParcels(unit, input.connectionId, input.updates);
  const known = input.updates.filter((u) => parcels.has(u.trackingNumber));
  report.ignored = input.updates.length - known.length;
  const fresh = await writeHistory(unit, parcels, known, input.source);
  report.duplicates = known.length - fresh.length;
  report.applied = fresh.length;
  if (fresh.length === 0) return report;

  const moved = new Map<string, ParcelProgress>();
  const scannedReturns = new Map<string, string>();
  const deliveredReturns = new Map<string, Date>();
  const troubled = new Map<string, ParcelToFlag>();
  // Oldest first, so each parcel's state is worked out as the carrier saw it happen.
  for (const update of [...fresh].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())) {
    const row = parcels.get(update.trackingNumber) as ParcelRow;
    const progress = moved.get(row.id) ?? { row, state: row.tracking_state, at: row.tracking_at, deliveredAt: row.delivered_at };
    const state = nextTrackingState({ state: progress.state, at: progress.at }, update);
    const at = progress.at && progress.at > update.occurredAt ? progress.at : update.occurredAt;
    moved.set(row.id, { ...progress, state, at });
    if (SCANNED_STATES.includes(update.state)) scannedReturns.set(row.return_id, update.trackingNumber);
    // The history keeps every update; an event (to webhooks, automation) only says the parcel moved
    // to another state: a carrier's several "sorted" scans on the way are one step for the shop.
    if (state !== progress.state) recordParcelEvent(unit, row, 'parcel.tracking_updated', update, state);
    if (state === 'delivered' && progress.deliveredAt === null) {
      (moved.get(row.id) as ParcelProgress).deliveredAt = update.occurredAt;
      const first = deliveredReturns.get(row.return_id);
      if (!first || first > update.occurredAt) deliveredReturns.set(row.return_id, update.occurredAt);
      recordParcelEvent(unit, row, 'parcel.delivered', update, state);
      report.delivered++;
    }
    if (TROUBLE_STATES.includes(update.state) && state === update.state) {
      recordParcelEvent(unit, row, 'parcel.trouble', update, state);
      // Every trouble report goes out as an event; the parcel is flagged (and staff told) once.
      const reason = flagReasonOf(state);
      if (reason && !troubled.has(row.id)) troubled.set(row.id, troubleFlag(row.id, update, reason));
    }
  }
  await saveParcels(unit, [...moved.values()]);
  await flagParcels(unit, [...troubled.values()]);
  await saveShipments(unit, [...moved.values()]);
  report.inTransit = await moveScannedReturns(unit, scannedReturns);
  await markDelivered(unit, deliveredReturns);
  return report;
}

/** The parcels the updates are about, locked in id order (two jobs never wait on each other in a circle). */
async function lockParcels(unit: Unit, connectionId: string, updates: TrackingUpdate[]): Promise<Map<string, ParcelRow>> {
  const numbers = [...new Set(updates.map((u) => u.trackingNumber))];
  const rows = await unit.tx
    .selectFrom('shipment_parcels as p')
    .innerJoin('shipments as s', 's.id', 'p.shipment_id')
    .select(['p.id', 'p.shipment_id', 'p.return_id', 'p.tracking_number', 'p.tracking_state', 'p.tracking_at', 'p.delivered_at'])
    .where('s.connection_id', '=', connectionId)
    .where(sql<boolean>`p.tracking_number = any(${numbers}::text[])`)
    .orderBy('p.id')
    .forUpdate('p')
    .execute();
  return new Map(rows.map((r) => [r.tracking_number as string, r]));
}

interface HistoryRow {
  id: string;
  parcel_id: string;
  return_id: string;
  state: TrackingState;
  carrier_status: string;
  description: string;
  location: string | null;
  occurred_at: Date;
  received_at: Date;
  source: TrackingSource;
}

/** Rows go to PostgreSQL as one array per column (see unnestRows): the statement is the same
 * whatever the batch, so it is parsed and planned once per connection, not once per burst. */
const HISTORY_COLUMNS: UnnestColumns<HistoryRow> = {
  id: 'text',
  parcel_id: 'text',
  return_id: 'text',
  state: 'text',
  carrier_status: 'text',
  description: 'text',
  location: 'text',
  occurred_at: 'timestamptz',
  received_at: 'timestamptz',
  source: 'text',
};

/** Writes the updates into their parcels' histories; answers those that were not there yet. */
async function writeHistory(
  unit: Unit,
  parcels: Map<string, ParcelRow>,
  updates: TrackingUpdate[],
  source: TrackingSource,
): Promise<TrackingUpdate[]> {
  if (updates.length === 0) return [];
  const byKey = new Map<string, TrackingUpdate>();
  for (const u of updates) {
    const parcel = parcels.get(u.trackingNumber) as ParcelRow;
    byKey.set(eventKey(parcel.id, u.carrierStatus, u.occurredAt), u);
  }
  const rows: HistoryRow[] = [...byKey.values()].map((u) => {
    const parcel = parcels.get(u.trackingNumber) as ParcelRow;
    return {
      id: newId('trk'),
      parcel_id: parcel.id,
      return_id: parcel.return_id,
      state: u.state,
      carrier_status: u.carrierStatus,
      description: u.description.slice(0, 500),
      location: u.location,
      occurred_at: u.occurredAt,
      received_at: unit.now,
      source,
    };
  });
  const written = await sql<{ parcel_id: string; carrier_status: string; occurred_at: Date }>`
    insert into tracking_events (id, parcel_id, return_id, state, carrier_status, description, location, occurred_at, received_at, source)
    select * from ${unnestRows('r', HISTORY_COLUMNS, rows)}
    on conflict (parcel_id, carrier_status, occurred_at) do nothing
    returning parcel_id, carrier_status, occurred_at`.execute(unit.tx);
  return written.rows.flatMap((w) => byKey.get(eventKey(w.parcel_id, w.carrier_status, w.occurred_at)) ?? []);
}

function recordParcelEvent(
  unit: Unit,
  parcel: ParcelRow,
  type: 'parcel.tracking_updated' | 'parcel.delivered' | 'parcel.trouble',
  update: TrackingUpdate,
  parcelState: TrackingState,
): void {
  unit.record({
    type,
    subjectType: 'parcel',
    subjectId: parcel.id,
    returnId: parcel.return_id,
    data: {
      trackingNumber: update.trackingNumber,
      state: update.state,
      parcelState,
      carrierStatus: update.carrierStatus,
      description: update.description,
      location: update.location,
      occurredAt: update.occurredAt.toISOString(),
    },
  });
}

function troubleFlag(parcelId: string, update: TrackingUpdate, reason: FlagReason): ParcelToFlag {
  const { state, description, carrierStatus, location } = update;
  return {
    parcelId,
    reason,
    facts: { state, description, carrierStatus, location, occurredAt: update.occurredAt.toISOString() },
  };
}

const PARCEL_COLUMNS = { id: 'text', state: 'text', at: 'timestamptz', delivered_at: 'timestamptz' } as const;

/** One statement for every parcel that moved; a parcel whose updates were all older news (its
 * state, time and delivery as they were) is not written. */
async function saveParcels(unit: Unit, moved: ParcelProgress[]): Promise<void> {
  const changed = moved.filter(
    (p) =>
      p.state !== p.row.tracking_state ||
      p.at?.getTime() !== p.row.tracking_at?.getTime() ||
      p.deliveredAt?.getTime() !== p.row.delivered_at?.getTime(),
  );
  if (changed.length === 0) return;
  const rows = changed.map((p) => ({ id: p.row.id, state: p.state, at: p.at, delivered_at: p.deliveredAt }));
  await sql`
    update shipment_parcels as p
    set tracking_state = v.state, tracking_at = v.at, delivered_at = coalesce(p.delivered_at, v.delivered_at)
    from ${unnestRows('v', PARCEL_COLUMNS, rows)}
    where p.id = v.id`.execute(unit.tx);
}

const SHIPMENT_COLUMNS = { id: 'text', state: 'text', at: 'timestamptz' } as const;

/** A shipment shows the latest news of its parcels, by the same out-of-order rule. */
async function saveShipments(unit: Unit, moved: ParcelProgress[]): Promise<void> {
  const ids = [...new Set(moved.map((p) => p.row.shipment_id))];
  const shipments = await unit.tx
    .selectFrom('shipments')
    .select(['id', 'tracking_state', 'tracking_at'])
    .where(sql<boolean>`id = any(${ids}::text[])`)
    .orderBy('id')
    .forUpdate()
    .execute();
  const next = new Map(shipments.map((s) => [s.id, { state: s.tracking_state, at: s.tracking_at }]));
  for (const p of moved) {
    const current = next.get(p.row.shipment_id);
    if (!current || !p.state || !p.at) continue;
    const state = nextTrackingState(current, { state: p.state, occurredAt: p.at });
    next.set(p.row.shipment_id, { state, at: current.at && current.at > p.at ? current.at : p.at });
  }
  // Shipments whose news did not change (a late update about an earlier step) are not written.
  const rows = shipments
    .map((s) => ({ id: s.id, state: next.get(s.id)?.state ?? null, at: next.get(s.id)?.at ?? null, was: s }))
    .filter((r) => r.state !== r.was.tracking_state || r.at?.getTime() !== r.was.tracking_at?.getTime())
    .map(({ id, state, at }) => ({ id, state, at }));
  if (rows.length === 0) return;
  await sql`
    update shipments as s set tracking_state = v.state, tracking_at = v.at, updated_at = ${unit.now}
    from ${unnestRows('v', SHIPMENT_COLUMNS, rows)}
    where s.id = v.id`.execute(unit.tx);
}

/** Approved returns whose parcel was scanned go in transit through the return's own transition (the
 * same as the markInTransit command, here in this unit so a burst is one transaction); a return
 * already further along is left as it is. */
async function moveScannedReturns(unit: Unit, scanned: Map<string, string>): Promise<number> {
  if (scanned.size === 0) return 0;
  const rows = await unit.tx
    .selectFrom('returns')
    .selectAll()
    .where(sql<boolean>`id = any(${[...scanned.keys()]}::text[])`)
    .where('status', '=', 'approved')
    .orderBy('id')
    .forUpdate()
    .execute();
  if (rows.length === 0) return 0;
  const lines = await unit.tx
    .selectFrom('return_lines')
    .selectAll()
    .where(sql<boolean>`return_id = any(${rows.map((r) => r.id)}::text[])`)
    .orderBy('id')
    .execute();
  const linesOf = new Map<string, typeof lines>();
  for (const l of lines) linesOf.set(l.return_id, [...(linesOf.get(l.return_id) ?? []), l]);
  await persistTransitions(
    unit,
    rows.map((row) => {
      const own = linesOf.get(row.id) ?? [];
      const loaded = { row, lines: own, state: toReturnState(row, own) };
      return { loaded, result: markInTransit(loaded.state, scanned.get(row.id) ?? null) };
    }),
  );
  return rows.length;
}

const DELIVERED_COLUMNS = { id: 'text', at: 'timestamptz' } as const;

/** The first delivery of a return's parcels puts it on the station's "expected" list, when the
 * parcel went to the shop's own warehouse: a return routed to a vendor or a repair partner is
 * delivered there, and the station will never receive it. */
async function markDelivered(unit: Unit, delivered: Map<string, Date>): Promise<void> {
  if (delivered.size === 0) return;
  const rows = [...delivered].map(([id, at]) => ({ id, at }));
  await sql`
    update returns as r set carrier_delivered_at = v.at
    from ${unnestRows('v', DELIVERED_COLUMNS, rows)}
    where r.id = v.id and r.carrier_delivered_at is null and ${goesToWarehouse('r.routing')}`.execute(unit.tx);
}
