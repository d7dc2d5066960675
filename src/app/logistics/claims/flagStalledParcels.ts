import { sql } from 'kysely';
import { MOVING_STATES, stalledBefore } from '../../../domain/parcelClaims.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { flagParcels } from './flagParcels.js';

/** Parcels flagged per transaction: a backlog (the setting lowered) is worked through in batches. */
const BATCH = 200;

/**
 * Part of the tracking round: a parcel the carrier has (handed in, on its way, at a pickup point)
 * without tracking news for the shop's number of working days, whose return still waits for it, is
 * flagged as probably lost, once; staff are told. A parcel that moves again keeps its flag: a claim
 * may already be under way, and staff close it. Answers how many were flagged now.
 */
export async function flagStalledParcels(ctx: AppContext): Promise<number> {
  const settings = await ctx.db
    .selectFrom('shop_settings')
    .select(['timezone', 'stalled_parcel_days'])
    .where('id', '=', 'default')
    .executeTakeFirstOrThrow();
  const before = stalledBefore(ctx.now(), settings.stalled_parcel_days, settings.timezone);
  let flagged = 0;
  for (;;) {
    const stalled = await ctx.db
      .selectFrom('shipment_parcels as p')
      .innerJoin('returns as r', 'r.id', 'p.return_id')
      .select(['p.id', 'p.tracking_state', 'p.tracking_at'])
      .where('p.flagged_at', 'is', null)
      // Literal states, so a generic plan of the prepared statement still matches the partial index.
      .where(sql<boolean>`p.tracking_state in (${sql.join(MOVING_STATES.map((state) => sql.lit(state)))})`)
      .where('p.tracking_at', '<', before)
      // Goods that arrived, or a return called off, wait for no parcel.
      .where('r.status', 'in', ['approved', 'in_transit'])
      .orderBy('p.tracking_at')
      .limit(BATCH)
      .execute();
    if (stalled.length === 0) return flagged;
    const now = await inUnit(ctx, { actor: systemActor }, (unit) =>
      flagParcels(
        unit,
        stalled.map((p) => ({
          parcelId: p.id,
          reason: 'stalled' as const,
          facts: {
            state: p.tracking_state,
            since: p.tracking_at?.toISOString() ?? null,
            workingDays: settings.stalled_parcel_days,
          },
        })),
      ),
    );
    flagged += now;
    // Another process flagged this batch meanwhile: what is left is theirs to find.
    if (now === 0 || stalled.length < BATCH) return flagged;
  }
}
