import type { RetourDb } from '../../db/connection.js';
import { DISPOSITIONS, GRADES } from '../../domain/returnLine.js';
import type { Actor } from '../kernel/context.js';
import { assignedStoreOf, type CounterStore, counterStoreOf, listStores } from './counterStore.js';

/** What the counter screen needs before the first scan: its store (or, for someone who works at no
 * one store, the stores to choose from), the shop's return reasons, grades and dispositions. */
export async function counterSetup(db: RetourDb, actor: Actor) {
  const assigned = await assignedStoreOf(db, actor);
  // A store user without a store is refused here with a problem the screen shows.
  const own: CounterStore | null = assigned || actor.role === 'store' ? await counterStoreOf(db, actor) : null;
  const stores = own ? [own] : await listStores(db);
  const reasons = await db
    .selectFrom('reasons')
    .select(['code', 'labels'])
    .where('active', '=', true)
    .where('parent_id', 'is', null)
    .orderBy('position')
    .orderBy('code')
    .execute();
  return {
    store: own,
    stores,
    reasons: reasons.map((r) => ({ code: r.code, labels: r.labels })),
    grades: [...GRADES],
    dispositions: [...DISPOSITIONS],
  };
}
