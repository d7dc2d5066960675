import type { StaffRole } from '../../domain/access.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { randomToken, sha256 } from '../kernel/tokens.js';
import { inUnit } from '../kernel/transaction.js';
import { checkStoreAssignment } from './storeAssignment.js';

/** Creates an API key for an integration. The full key is returned once and stored hashed;
 * its short prefix identifies it in lists and logs. */
export async function createApiKey(
  ctx: AppContext,
  meta: CommandMeta,
  input: { name: string; role: StaffRole; storeId?: string | null },
) {
  const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
  const secret = randomToken(32);
  const key = `rtr_${prefix}_${secret}`;
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    // A till's key works at its store only.
    const storeId = await checkStoreAssignment(tx, input.role, input.storeId);
    const id = newId('key');
    await tx
      .insertInto('api_keys')
      .values({
        id,
        name: input.name,
        prefix,
        key_hash: sha256(key),
        role: input.role,
        store_id: storeId,
        created_by: meta.actor.type === 'staff' ? meta.actor.id : null,
        created_at: now,
      })
      .execute();
    record({
      type: 'api_key.created',
      subjectType: 'api_key',
      subjectId: id,
      data: { name: input.name, role: input.role, prefix, storeId },
    });
    return { id, name: input.name, role: input.role, storeId, prefix, key, createdAt: now.toISOString() };
  });
}
