import type { TrackingUpdate } from '../../../domain/tracking.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import type { CarrierAdapter } from '../carriers/port.js';
import { applyTrackingUpdates } from './applyTrackingUpdates.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Parcels booked longer ago than this are no longer looked after (lost or never sent). */
const OPEN_FOR_MS = 30 * DAY_MS;
/** A parcel of a carrier that sends webhooks is polled once its last news is this old: a webhook
 * may have been lost (Sendcloud gives up after ten tries). */
const CATCH_UP_AFTER_MS = DAY_MS;
/** Parcels polled one by one per connection and round, so a round stays short. */
const PER_ROUND = 200;
/** How far back the first look at a carrier's changed shipments goes, and the furthest any goes
 * (PostNL keeps changes for 48 hours; older news is caught up per parcel). */
const FIRST_LOOK_MS = 2 * HOUR_MS;
const LOOK_BACK_MS = 47 * HOUR_MS;

/** An adapter that can list what changed in a period (PostNL's `updatedshipments`). */
interface ChangedShipments {
  updatedShipments(from: Date, to: Date, now: Date): Promise<TrackingUpdate[]>;
}

function listsChanges(adapter: CarrierAdapter): adapter is CarrierAdapter & ChangedShipments {
  return typeof (adapter as Partial<ChangedShipments>).updatedShipments === 'function';
}

export interface PollReport {
  connections: number;
  parcels: number;
  applied: number;
  /** Carrier calls that failed (the carrier down, a parcel it does not know): tried next round. */
  failed: number;
}

/**
 * The tracking round: asks carriers without webhooks (PostNL) what became of the open parcels
 * (not delivered or cancelled, booked in the last 30 days), and catches up on parcels of the other
 * carriers without news for a day. Updates are applied as a webhook's are, with source `poll`.
 */
export async function pollTracking(ctx: AppContext, options: { perRound?: number } = {}): Promise<PollReport> {
  const report: PollReport = { connections: 0, parcels: 0, applied: 0, failed: 0 };
  const connections = await ctx.db.selectFrom('carrier_connections').select('id').where('enabled', '=', true).execute();
  for (const { id } of connections) {
    const connection = await ctx.carriers.connection(id);
    if (!connection) continue;
    report.connections++;
    const r = await pollConnection(ctx, connection, options.perRound ?? PER_ROUND);
    report.parcels += r.parcels;
    report.applied += r.applied;
    report.failed += r.failed;
  }
  return report;
}

async function pollConnection(
  ctx: AppContext,
  connection: { id: string; carrier: CarrierAdapter['name']; adapter: CarrierAdapter },
  perRound: number,
): Promise<Omit<PollReport, 'connections'>> {
  const now = ctx.now();
  const webhooks = connection.adapter.capabilities.webhooks;
  const report = { parcels: 0, applied: 0, failed: 0 };
  const apply = async (updates: TrackingUpdate[]) => {
    const r = await inUnit(ctx, { actor: systemActor }, (unit) =>
      applyTrackingUpdates(unit, { connectionId: connection.id, source: 'poll', updates }),
    );
    report.applied += r.applied;
  };
  if (!webhooks && listsChanges(connection.adapter)) {
    try {
      const changed = await changedSince(ctx, connection.id, connection.adapter, now);
      await apply(changed.updates);
      // Only once applied: a failure asks for the same period again next round.
      await ctx.db
        .updateTable('carrier_connections')
        .set({ polled_until: changed.until })
        .where('id', '=', connection.id)
        .execute();
    } catch {
      report.failed++;
    }
  }
  const parcels = await parcelsToAsk(ctx, connection, now, perRound);
  // Marked asked whatever the answers: the next round asks the parcels asked longest ago first, so
  // a few hundred quiet parcels (or ones the carrier no longer knows) never hold up the rest.
  if (parcels.length > 0)
    await ctx.db
      .updateTable('shipment_parcels')
      .set({ polled_at: now })
      .where(
        'id',
        'in',
        parcels.map((p) => p.id),
      )
      .execute();
  for (const parcel of parcels) {
    report.parcels++;
    try {
      await apply(await connection.adapter.track(parcel.tracking_number as string, parcel.carrier_code));
    } catch {
      report.failed++;
    }
  }
  return report;
}

/** The open parcels of a connection to ask about this round, those asked longest ago (or never) first. */
function parcelsToAsk(ctx: AppContext, connection: { id: string; adapter: CarrierAdapter }, now: Date, perRound: number) {
  const stale = new Date(now.getTime() - CATCH_UP_AFTER_MS);
  let open = ctx.db
    .selectFrom('shipment_parcels as p')
    .innerJoin('shipments as s', 's.id', 'p.shipment_id')
    .select(['p.id', 'p.tracking_number', 'p.carrier_code'])
    .where('s.connection_id', '=', connection.id)
    .where('p.tracking_number', 'is not', null)
    .where('s.booked_at', '>=', new Date(now.getTime() - OPEN_FOR_MS))
    .where((eb) => eb.or([eb('p.tracking_state', 'is', null), eb('p.tracking_state', 'not in', ['delivered', 'cancelled'])]));
  // Carriers that send webhooks (or list what changed) are asked only about parcels they have been
  // quiet about for a day since their last news, or since booking when there was none yet.
  if (connection.adapter.capabilities.webhooks || listsChanges(connection.adapter))
    open = open.where((eb) => eb(eb.fn.coalesce('p.tracking_at', 's.booked_at'), '<', stale));
  return open
    .orderBy('p.polled_at', (ob) => ob.asc().nullsFirst())
    .orderBy('p.id')
    .limit(perRound)
    .execute();
}

/** What the carrier says changed since the connection was last polled (the adapter splits the
 * span into the windows its API allows), and up to when. */
async function changedSince(
  ctx: AppContext,
  connectionId: string,
  adapter: ChangedShipments,
  now: Date,
): Promise<{ updates: TrackingUpdate[]; until: Date }> {
  const row = await ctx.db
    .selectFrom('carrier_connections')
    .select('polled_until')
    .where('id', '=', connectionId)
    .executeTakeFirstOrThrow();
  const from = new Date(Math.max(row.polled_until?.getTime() ?? now.getTime() - FIRST_LOOK_MS, now.getTime() - LOOK_BACK_MS));
  if (from >= now) return { updates: [], until: now };
  return { updates: await adapter.updatedShipments(from, now, now), until: now };
}
