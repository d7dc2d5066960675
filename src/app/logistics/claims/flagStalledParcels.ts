import { sql } from 'kysely';
import { MOVING_STATES, stalledBefore } from '../../../domain/parcelClaims.js';
import { TERMINAL_STATUSES } from '../../../domain/returnStatus.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { flagParcels } from './flagParcels.js';

/** Parcels looked at per transaction: a backlog (the setting lowered) is worked through in batches. */
const BATCH = 200;

/** Returns that will never wait for a parcel again: their parcels drop out of the round for good. */
const OVER = [...TERMINAL_STATUSES, 'lost'] as const;

/**
 * Part of the tracking round: a parcel the carrier has (handed in, on its way, at a pickup point)
 * without tracking news for the shop's number of working days, whose return still waits for it, is
 * flagged as probably lost, once; staff are told. A parcel that moves again keeps its flag: a claim
 * may already be under way, and staff close it. Answers how many were flagged now.
 *
 * The parcels are read and locked in the unit that flags them, skipping those a tracking job holds:
 * the news that job commits may be that the parcel moved, and the lock re-checks the conditions on
 * what was committed, so a parcel is never flagged on news older than its own. Skipping (not
 * waiting) also means the round and a tracking job never wait on each other in a circle.
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
    const round = await inUnit(ctx, { actor: systemActor }, async (unit) => {
      const quiet = await unit.tx
        .selectFrom('shipment_parcels as p')
        .innerJoin('returns as r', 'r.id', 'p.return_id')
        .select(['p.id', 'p.tracking_state', 'p.tracking_at', 'r.status'])
        .where('p.flagged_at', 'is', null)
        .where('p.watch_ended_at', 'is', null)
        // Literal states, so a generic plan of the prepared statement still matches the partial index.
        .where(sql<boolean>`p.tracking_state in (${sql.join(MOVING_STATES.map((state) => sql.lit(state)))})`)
        .where('p.tracking_at', '<', before)
        // Goods that arrived, or a return on hold, wait for no parcel now (but may again): left for later.
        .where('r.status', 'in', ['approved', 'in_transit', ...OVER])
        .orderBy('p.tracking_at')
        .limit(BATCH)
        .forUpdate('p')
        .skipLocked()
        .execute();
      // A return that is over waits for no parcel again: its parcels leave the round's index.
      const over = quiet.filter((p) => (OVER as readonly string[]).includes(p.status)).map((p) => p.id);
      if (over.length > 0) {
        await unit.tx.updateTable('shipment_parcels').set({ watch_ended_at: unit.now }).where('id', 'in', over).execute();
      }
      const waiting = quiet.filter((p) => p.status === 'approved' || p.status === 'in_transit');
      const now = await flagParcels(
        unit,
        waiting.map((p) => ({
          parcelId: p.id,
          reason: 'stalled' as const,
          facts: {
            state: p.tracking_state,
            since: p.tracking_at?.toISOString() ?? null,
            workingDays: settings.stalled_parcel_days,
          },
        })),
      );
      return { seen: quiet.length, flagged: now };
    });
    flagged += round.flagged;
    // Every parcel of a full batch was flagged or left the round: the next batch holds others.
    if (round.seen < BATCH) return flagged;
  }
}
