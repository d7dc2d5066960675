import type { RetourDb } from '../../db/connection.js';
import { notFound } from '../../domain/errors.js';
import { settlementsOf } from '../commands/settlementRun.js';

/** A return's settlements, oldest first, with what each was made of. */
export async function listSettlements(db: RetourDb, returnId: string) {
  const exists = await db.selectFrom('returns').select('id').where('id', '=', returnId).executeTakeFirst();
  if (!exists) throw notFound('Return', returnId);
  return { items: await settlementsOf(db, returnId) };
}
