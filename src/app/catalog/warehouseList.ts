import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AppCaches } from '../kernel/context.js';
import { TimedValue } from '../kernel/timedValue.js';

/** Warehouses and stores change a few times a year but every parcel at the receiving station reads
 * them: kept for a few seconds, dropped at once by the commands that change them. */
const LIFETIME_MS = 5_000;

/** A warehouse as the receiving station picks where restocked goods go. */
export interface WarehouseEntry {
  id: string;
  code: string;
  name: string;
  kind: 'warehouse' | 'store';
  is_default: boolean;
}

declare module '../kernel/context.js' {
  interface AppCaches {
    /** Every warehouse and store, by code. */
    warehouses: TimedValue<WarehouseEntry[]>;
  }
}

export const warehousesCache = () => new TimedValue<WarehouseEntry[]>(LIFETIME_MS);

/** Every warehouse and store ordered by code, read through `reader` (a PGlite transaction holds the
 * only connection) and kept in `caches`. Warehouses are never deleted, so a kept one still exists. */
export function listWarehousesCached(caches: AppCaches, reader: Kysely<Database>): Promise<WarehouseEntry[]> {
  return caches.warehouses.get(() =>
    reader.selectFrom('warehouses').select(['id', 'code', 'name', 'kind', 'is_default']).orderBy('code').execute(),
  );
}

/** Drops the kept list after a warehouse was added or changed. */
export async function forgetWarehouses(caches: AppCaches): Promise<void> {
  await caches.warehouses.forget();
}
