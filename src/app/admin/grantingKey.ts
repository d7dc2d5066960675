import type { StaffRole } from '../../domain/access.js';
import { type ApiKeyScopes, mayGrant } from '../../domain/apiKeyScopes.js';
import { RetourError } from '../../domain/errors.js';
import type { Actor } from '../kernel/context.js';
import type { Tx } from '../kernel/transaction.js';

type Wanted = Parameters<typeof mayGrant>[1];

/** Refuses (403 API_KEY_CANNOT_GRANT) a credential that a narrowed or expiring API key asks for
 * beyond itself (see mayGrant). Staff and unrestricted keys pass without a read. */
export async function checkKeyMayGrant(tx: Tx, actor: Actor, wanted: Wanted): Promise<void> {
  if (actor.type !== 'api_key' || !actor.id) return;
  const key = await tx
    .selectFrom('api_keys')
    .select(['role', 'scopes', 'expires_at'])
    .where('id', '=', actor.id)
    .executeTakeFirst();
  if (!key) return;
  const caller = { role: key.role as StaffRole, scopes: key.scopes as ApiKeyScopes, expiresAt: key.expires_at };
  if (!mayGrant(caller, wanted)) {
    throw new RetourError(
      'forbidden',
      'API_KEY_CANNOT_GRANT',
      wanted.kind === 'staff'
        ? 'A key with scopes or an expiry cannot make or change staff users'
        : 'A key with scopes or an expiry can make only keys that may do no more and last no longer than itself',
    );
  }
}
