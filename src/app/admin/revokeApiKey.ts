import { notFound } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';

/** Revokes an API key; requests with it are refused from now on. */
export async function revokeApiKey(ctx: AppContext, meta: CommandMeta, input: { apiKeyId: string }) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const key = await tx.selectFrom('api_keys').select(['id', 'revoked_at']).where('id', '=', input.apiKeyId).executeTakeFirst();
    if (!key) throw notFound('Api key', input.apiKeyId);
    const revokedAt = key.revoked_at ?? now;
    if (!key.revoked_at) {
      await tx.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', key.id).execute();
      record({ type: 'api_key.revoked', subjectType: 'api_key', subjectId: key.id });
    }
    return { id: key.id, revokedAt: revokedAt.toISOString() };
  });
}
