import type { RetourDb } from '../../db/connection.js';
import type { Address } from '../../db/schema.js';
import { RetourError } from '../../domain/errors.js';
import type { Actor } from '../kernel/context.js';

/** The store whose counter (or till) takes a return back. */
export interface CounterStore {
  id: string;
  code: string;
  name: string;
  address: Address;
  openingHours: string | null;
}

/** The store a staff user or an API key works at, as set when it was made; null for none. */
export async function assignedStoreOf(db: RetourDb, actor: Actor): Promise<string | null> {
  if (!actor.id) return null;
  if (actor.type === 'staff') {
    const row = await db.selectFrom('staff_users').select('store_id').where('id', '=', actor.id).executeTakeFirst();
    return row?.store_id ?? null;
  }
  if (actor.type === 'api_key') {
    const row = await db.selectFrom('api_keys').select('store_id').where('id', '=', actor.id).executeTakeFirst();
    return row?.store_id ?? null;
  }
  return null;
}

/** Loads a store by id, refusing anything that is not a warehouse of kind `store`. */
export async function loadStore(db: RetourDb, storeId: string, path = 'storeId'): Promise<CounterStore> {
  const row = await db
    .selectFrom('warehouses')
    .select(['id', 'code', 'name', 'address', 'kind', 'opening_hours'])
    .where('id', '=', storeId)
    .executeTakeFirst();
  if (row?.kind !== 'store') {
    throw new RetourError('invalid', 'NOT_A_STORE', `${storeId} is not one of the shop's stores`, [
      { path, message: 'choose a warehouse of kind store' },
    ]);
  }
  return { id: row.id, code: row.code, name: row.name, address: row.address, openingHours: row.opening_hours };
}

/**
 * Which store's counter the caller stands at. Staff and tills of the `store` role work at the one
 * store they were given and may name no other; one without a store cannot take returns back until
 * an admin gives it one. Others (an admin helping out) name the store they take the return in.
 */
export async function counterStoreOf(db: RetourDb, actor: Actor, requested?: string | null): Promise<CounterStore> {
  const assigned = await assignedStoreOf(db, actor);
  if (assigned) {
    if (requested && requested !== assigned) {
      throw new RetourError('forbidden', 'OTHER_STORE', 'This account takes returns back only at its own store', [
        { path: 'storeId', message: `works at ${assigned}` },
      ]);
    }
    return loadStore(db, assigned);
  }
  if (actor.role === 'store') {
    throw new RetourError(
      'forbidden',
      'NO_STORE_ASSIGNED',
      'This account works at no store yet: an admin chooses its store in Settings → Staff (or API keys)',
    );
  }
  if (!requested) {
    throw new RetourError('invalid', 'STORE_REQUIRED', 'Say at which store the return is taken back', [
      { path: 'storeId', message: 'required' },
    ]);
  }
  return loadStore(db, requested);
}

/** The stores an admin may stand at (a store user sees only their own). */
export async function listStores(db: RetourDb): Promise<CounterStore[]> {
  const rows = await db
    .selectFrom('warehouses')
    .select(['id', 'code', 'name', 'address', 'opening_hours'])
    .where('kind', '=', 'store')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, address: r.address, openingHours: r.opening_hours }));
}
