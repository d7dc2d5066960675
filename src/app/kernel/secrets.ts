import { randomBytes } from 'node:crypto';
import type { RetourDb } from '../../db/connection.js';

/** Returns a named secret, creating it once for the whole installation. Every process sharing
 * the database reads the same value, so tokens signed by one are accepted by the others. */
export async function getOrCreateSecret(db: RetourDb, name: string): Promise<string> {
  await db
    .insertInto('app_secrets')
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
