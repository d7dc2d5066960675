import type { StaffRole } from '../../domain/access.js';
import { type ApiKeyScopes, apiKeyExpired, apiKeyScopeIssues } from '../../domain/apiKeyScopes.js';
import { RetourError } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { randomToken, sha256 } from '../kernel/tokens.js';
import { inUnit } from '../kernel/transaction.js';
import { checkKeyMayGrant } from './grantingKey.js';
import { checkStoreAssignment } from './storeAssignment.js';

export interface CreateApiKeyInput {
  name: string;
  role: StaffRole;
  storeId?: string | null;
  /** Permission names the key may use, each one its role has; left out or null: all its role's. */
  scopes?: readonly string[] | null;
  /** When the key stops working (an ISO instant in the future); left out or null: never. */
  expiresAt?: string | null;
}

/** The scopes as stored: each named once, in the order given; refused when one is unknown or
 * beyond the role. */
function checkScopes(role: StaffRole, scopes: readonly string[] | null | undefined): string[] | null {
  if (scopes == null) return null;
  const issues = apiKeyScopeIssues(role, scopes);
  if (issues.length > 0) {
    throw new RetourError('invalid', 'API_KEY_SCOPE_INVALID', `A scope must be a permission the role ${role} has`, issues);
  }
  return [...new Set(scopes)];
}

function checkExpiry(expiresAt: string | null | undefined, now: Date): Date | null {
  if (expiresAt == null) return null;
  const at = new Date(expiresAt);
  if (apiKeyExpired(at, now)) {
    throw new RetourError('invalid', 'API_KEY_EXPIRY_PAST', 'A key must expire in the future', [
      { path: 'expiresAt', message: 'choose a moment after now, or leave it out for a key that never expires' },
    ]);
  }
  return at;
}

/** Creates an API key for an integration. The full key is returned once and stored hashed;
 * its short prefix identifies it in lists and logs. It may be narrowed to some of its role's
 * permissions (scopes) and may expire. */
export async function createApiKey(ctx: AppContext, meta: CommandMeta, input: CreateApiKeyInput) {
  const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
  const secret = randomToken(32);
  const key = `rtr_${prefix}_${secret}`;
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const scopes = checkScopes(input.role, input.scopes);
    const expiresAt = checkExpiry(input.expiresAt, now);
    await checkKeyMayGrant(tx, meta.actor, {
      kind: 'api_key',
      role: input.role,
      scopes: scopes as ApiKeyScopes,
      expiresAt,
    });
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
        scopes: scopes && JSON.stringify(scopes),
        expires_at: expiresAt,
        created_by: meta.actor.type === 'staff' ? meta.actor.id : null,
        created_at: now,
      })
      .execute();
    const expires = expiresAt?.toISOString() ?? null;
    record({
      type: 'api_key.created',
      subjectType: 'api_key',
      subjectId: id,
      data: { name: input.name, role: input.role, prefix, storeId, scopes, expiresAt: expires },
    });
    return {
      id,
      name: input.name,
      role: input.role,
      storeId,
      prefix,
      scopes,
      expiresAt: expires,
      key,
      createdAt: now.toISOString(),
    };
  });
}
