import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';

export interface ClaimSettings {
  /** Working days without tracking news after which a parcel the carrier has is flagged as lost. */
  stalledParcelDays: number;
}

export async function claimSettings(db: Kysely<Database>): Promise<ClaimSettings> {
  const row = await db
    .selectFrom('shop_settings')
    .select('stalled_parcel_days')
    .where('id', '=', 'default')
    .executeTakeFirstOrThrow();
  return { stalledParcelDays: row.stalled_parcel_days };
}

/** Sets when a quiet parcel counts as lost; the change is a settings event, from what to what. */
export async function updateClaimSettings(ctx: AppContext, meta: CommandMeta, input: ClaimSettings): Promise<ClaimSettings> {
  // The answer is built in the unit, so a replay under the Idempotency-Key answers the same body.
  return inUnit(ctx, meta, async (unit) => {
    const before = await claimSettings(unit.tx);
    if (before.stalledParcelDays === input.stalledParcelDays) return before;
    await unit.tx
      .updateTable('shop_settings')
      .set({ stalled_parcel_days: input.stalledParcelDays, updated_at: unit.now })
      .where('id', '=', 'default')
      .execute();
    unit.record({
      type: 'settings.updated',
      subjectType: 'shop',
      subjectId: 'default',
      data: { changed: { stalledParcelDays: { from: before.stalledParcelDays, to: input.stalledParcelDays } } },
    });
    return { stalledParcelDays: input.stalledParcelDays };
  });
}
