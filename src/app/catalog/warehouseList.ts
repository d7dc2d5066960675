import type { Kysely } from 'kysely';
import type { Address, Database } from '../../db/schema.js';
import type { AppCaches } from '../kernel/context.js';
import { TimedValue } from '../kernel/timedValue.js';

/** Warehouses and stores change a few times a year but every parcel at the receiving station reads
 * them: kept for a few seconds, dropped at once by the commands that change them. */
const LIFETIME_MS = 5_000;

/** A warehouse as the receiving station picks where restocked goods go, and as a return label
 * addresses a parcel when the shop set no return address. */
export interface WarehouseEntry {
  id: string;
  code: string;
  name: string;
  kind: 'warehouse' | 'store';
  is_default: boolean;
  address: Address;
  created_at: Date;
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
    reader
      .selectFrom('warehouses')
      .select(['id', 'code', 'name', 'kind', 'is_default', 'address', 'created_at'])
      .orderBy('code')
      .execute(),
  );
}

/** The default warehouse, else the oldest one; none before the first is made. */
export function defaultWarehouse(warehouses: readonly WarehouseEntry[]): WarehouseEntry | undefined {
  let chosen: WarehouseEntry | undefined;
  for (const w of warehouses) {
    if (!chosen || (w.is_default && !chosen.is_default)) chosen = w;
    else if (w.is_default === chosen.is_default && w.created_at < chosen.created_at) chosen = w;
  }
  return chosen;
}

/** Drops the kept list after a warehouse was added or changed. */
export async function forgetWarehouses(caches: AppCaches): Promise<void> {
  await caches.warehouses.forget();
}
