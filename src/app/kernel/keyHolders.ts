import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { newId } from './ids.js';
import { LEASE_SECONDS } from './processLease.js';

const RENEW_EVERY_MS = (LEASE_SECONDS * 1000) / 3;

/** A live process and the encryption key ids it holds. */
export interface KeyHolder {
  holder: string;
  keyIds: string[];
}

/**
 * Records in the database which encryption keys this process holds (RETOUR_ENCRYPTION_KEY), at
 * start and on a heartbeat, like a ProcessLease: `retour rotate-key` then knows whether every live
 * process can open what it is about to re-seal. The row lives LEASE_SECONDS past its last renewal,
 * so a killed process stops counting soon. Returns what removes the row.
 */
export async function startKeyHeartbeat(db: RetourDb, keyIds: () => string[]): Promise<() => Promise<void>> {
  const id = newId('pek');
  const holder = `${hostname()}:${process.pid}`;
  const renew = async () => {
    const ids = JSON.stringify(keyIds());
    const expires = sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})`;
    await db
      .insertInto('process_encryption_keys')
      .values({ id, holder, key_ids: sql`${ids}::jsonb`, expires_at: expires })
      .onConflict((oc) => oc.column('id').doUpdateSet({ key_ids: sql`${ids}::jsonb`, expires_at: expires }))
      .execute();
  };
  await renew();
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    // A missed round is made good by the next one; meanwhile the row may lapse, which only lets
    // a rotation go ahead without this process's keys being known.
    renewing = renew().catch(() => {});
  }, RENEW_EVERY_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await renewing;
    await db.deleteFrom('process_encryption_keys').where('id', '=', id).execute();
  };
}

/** The live processes that do not hold the key `keyId`. */
export async function processesLackingKey(db: RetourDb, keyId: string): Promise<KeyHolder[]> {
  const rows = await db
    .selectFrom('process_encryption_keys')
    .select(['holder', 'key_ids'])
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('started_at')
    .execute();
  return rows.map((r) => ({ holder: r.holder, keyIds: r.key_ids })).filter((r) => !r.keyIds.includes(keyId));
}
