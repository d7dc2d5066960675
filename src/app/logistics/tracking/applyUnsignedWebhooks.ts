import type { TrackingUpdate } from '../../../domain/tracking.js';
import type { AppContext } from '../../kernel/context.js';
import { systemActor } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { type CarrierAdapter, CarrierError } from '../carriers/port.js';
import { applyTrackingUpdates, type TrackingApplyReport } from './applyTrackingUpdates.js';

/** Deliveries read per batch; each names a parcel or two, and each parcel costs a carrier call. */
const BATCH = 100;

type Totals = TrackingApplyReport & { deliveries: number };
type Answer = { updates: TrackingUpdate[] } | { error: CarrierError };

/**
 * Applies the stored deliveries of a connection whose webhook signature does not cover the body
 * (Easyship): anyone who saw one signed delivery could send any states with its token, and a
 * forged "delivered" would move the return and pay a refund. So a delivery only names the parcels
 * to ask about: the carrier is asked for each one's tracking (over HTTP, outside any transaction)
 * and its answer is applied, with source `poll` since that is where the states came from. A parcel
 * the carrier cannot be reached about keeps its deliveries for the tracking round's next try; one it
 * does not know is recorded as the delivery's error.
 */
export async function applyUnsignedWebhooks(
  ctx: AppContext,
  connection: { id: string; adapter: CarrierAdapter },
  total: Totals,
): Promise<void> {
  // Deliveries are read after the last one seen, so those left for later (or taken by another
  // worker) are not read again in this run.
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    let query = ctx.db
      .selectFrom('carrier_webhooks')
      .select(['id', 'updates', 'received_at'])
      .where('connection_id', '=', connection.id)
      .where('applied_at', 'is', null);
    if (after) {
      const { at, id } = after;
      query = query.where((eb) => eb.or([eb('received_at', '>', at), eb.and([eb('received_at', '=', at), eb('id', '>', id)])]));
    }
    const rows = await query.orderBy('received_at').orderBy('id').limit(BATCH).execute();
    const last = rows.at(-1);
    if (!last) return;
    after = { at: last.received_at, id: last.id };
    const ours = await openParcels(ctx, connection.id, [...new Set(rows.flatMap((r) => r.updates.map((u) => u.trackingNumber)))]);
    const answers = new Map<string, Answer>();
    for (const [number, carrier] of ours) answers.set(number, await ask(connection.adapter, number, carrier));
    await applyAnswers(ctx, connection.id, rows, answers, total);
    if (rows.length < BATCH) return;
  }
}

/** Of the tracking numbers named, those of this connection's parcels not delivered yet, each with
 * the carrier its booking named (what `track` may want). */
async function openParcels(ctx: AppContext, connectionId: string, numbers: string[]): Promise<Map<string, string | null>> {
  if (numbers.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('shipment_parcels as p')
    .innerJoin('shipments as s', 's.id', 'p.shipment_id')
    .select(['p.tracking_number', 'p.carrier_code'])
    .distinct()
    .where('s.connection_id', '=', connectionId)
    .where('p.tracking_number', 'in', numbers)
    .where('p.delivered_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.tracking_number as string, r.carrier_code]));
}

async function ask(adapter: CarrierAdapter, trackingNumber: string, carrier: string | null): Promise<Answer> {
  try {
    return { updates: await adapter.track(trackingNumber, carrier) };
  } catch (err) {
    if (err instanceof CarrierError) return { error: err };
    throw err;
  }
}

/** In one unit: takes the deliveries no other worker holds, applies what the carrier said about
 * their parcels, and marks them applied, except those naming a parcel the carrier could not be
 * reached about. */
async function applyAnswers(
  ctx: AppContext,
  connectionId: string,
  rows: { id: string }[],
  answers: Map<string, Answer>,
  total: Totals,
): Promise<void> {
  await inUnit(ctx, { actor: systemActor }, async (unit) => {
    const taken = await unit.tx
      .selectFrom('carrier_webhooks')
      .select(['id', 'updates'])
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .where('applied_at', 'is', null)
      .orderBy('id')
      .forUpdate()
      .skipLocked()
      .execute();
    const done: { id: string; error: string | null }[] = [];
    const updates = new Map<string, TrackingUpdate[]>();
    for (const row of taken) {
      const named = [...new Set(row.updates.map((u) => u.trackingNumber))];
      const said = named.flatMap((n) => answers.get(n) ?? []);
      if (said.some((a) => 'error' in a && a.error.kind === 'transient')) continue;
      const errors = said.flatMap((a) => ('error' in a ? [a.error.message] : []));
      done.push({ id: row.id, error: errors.length > 0 ? errors.join('; ').slice(0, 500) : null });
      for (const n of named) {
        const answer = answers.get(n);
        if (answer && 'updates' in answer) updates.set(n, answer.updates);
        else if (!answer) total.ignored += row.updates.filter((u) => u.trackingNumber === n).length;
      }
    }
    const report = await applyTrackingUpdates(unit, { connectionId, source: 'poll', updates: [...updates.values()].flat() });
    for (const key of ['applied', 'duplicates', 'ignored', 'inTransit', 'delivered'] as const) total[key] += report[key];
    for (const d of done)
      await unit.tx
        .updateTable('carrier_webhooks')
        .set({ applied_at: unit.now, error: d.error })
        .where('id', '=', d.id)
        .execute();
    total.deliveries += done.length;
  });
}
