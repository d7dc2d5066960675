import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../domain/errors.js';

/** A list of what belongs to one return (its settlements, exchange orders, repairs), as `{ items }`:
 * an unknown return is a 404, not an empty list that reads as "none yet". */
export async function itemsOfReturn<T>(
  db: Kysely<Database>,
  returnId: string,
  load: (db: Kysely<Database>, returnId: string) => Promise<T[]>,
): Promise<{ items: T[] }> {
  const exists = await db.selectFrom('returns').select('id').where('id', '=', returnId).executeTakeFirst();
  if (!exists) throw notFound('Return', returnId);
  return { items: await load(db, returnId) };
}
