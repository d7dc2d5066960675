import { RetourError } from '../../domain/errors.js';
import { type AppContext, systemActor } from '../kernel/context.js';
import { expireReturn } from './expireReturn.js';

/** Days after the ship-by date before an approved return that never got going expires: a parcel
 * handed in on the last day may be scanned by the carrier a day or two later. */
export const EXPIRY_GRACE_DAYS = 2;

/**
 * Expires approved returns whose ship-by date (plus the grace) has passed without a carrier scan,
 * each in its own transaction through the same command staff use (an exchange's reserved stock
 * goes back with it). Returns on hold wait for staff. Rounds of 200 until none are left.
 */
export async function expireOverdueReturns(ctx: AppContext): Promise<{ expired: number; skipped: number }> {
  let expired = 0;
  let skipped = 0;
  const seen = new Set<string>();
  for (;;) {
    const cutoff = new Date(ctx.now().getTime() - EXPIRY_GRACE_DAYS * 86_400_000);
    const due = await ctx.db
      .selectFrom('returns')
      .select('id')
      .where('status', '=', 'approved')
      .where('on_hold', '=', false)
      .where('ship_by', '<', cutoff)
      .orderBy('ship_by')
      .limit(200)
      .execute();
    const fresh = due.filter((r) => !seen.has(r.id));
    if (fresh.length === 0) return { expired, skipped };
    for (const r of fresh) {
      seen.add(r.id);
      try {
        await expireReturn(ctx, { actor: systemActor }, { returnId: r.id });
        expired++;
      } catch (err) {
        // Moved on meanwhile (scanned, cancelled): nothing to expire.
        if (!(err instanceof RetourError)) throw err;
        skipped++;
      }
    }
  }
}
