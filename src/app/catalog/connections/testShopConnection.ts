import { notFound } from '../../../domain/errors.js';
import { SHOP_PLATFORM_NAMES, type ShopPlatform } from '../../../domain/shopPlatforms.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { type ShopCredentials, ShopError } from './port.js';
import { openCredentials } from './shopConnectionQueries.js';

export interface ShopConnectionCheckResult {
  ok: boolean;
  /** The shop the platform named (and the key's scopes) on success; what went wrong otherwise. */
  message: string | null;
  checkedAt: Date;
}

/** Asks the platform whether a stored connection's credentials work (one cheap call) and keeps the
 * answer on the connection, so the settings show the last check. */
export async function testShopConnection(
  ctx: AppContext,
  meta: CommandMeta,
  connectionId: string,
): Promise<ShopConnectionCheckResult> {
  const row = await ctx.db
    .selectFrom('shop_connections')
    .select(['id', 'platform', 'credentials'])
    .where('id', '=', connectionId)
    .executeTakeFirst();
  if (!row) throw notFound('Connection', connectionId);
  // The check is a network call: it runs before the unit, which only stores its outcome.
  const outcome = await check(ctx, row.platform, row.credentials);
  return inUnit(ctx, meta, async (unit) => {
    await unit.tx
      .updateTable('shop_connections')
      .set({ checked_at: unit.now, check_ok: outcome.ok, check_message: outcome.message })
      .where('id', '=', connectionId)
      .execute();
    return { ...outcome, checkedAt: unit.now };
  });
}

async function check(ctx: AppContext, platform: ShopPlatform, sealed: string): Promise<{ ok: boolean; message: string | null }> {
  const credentials = openCredentials(ctx, sealed);
  if (!credentials) {
    return { ok: false, message: 'The stored credentials cannot be read with this installation’s key: enter them again' };
  }
  const name = SHOP_PLATFORM_NAMES[platform];
  try {
    // Built afresh from what is stored right now (also for a switched-off connection), so the
    // check proves exactly the credentials just saved.
    const { shopName, scopes } = await ctx.shops.build(platform, credentials).check();
    const said = [shopName, scopes.length > 0 ? `scopes: ${scopes.join(', ')}` : null].filter(Boolean).join(' · ');
    return { ok: true, message: said ? withoutSecrets(said, credentials) : null };
  } catch (err) {
    return { ok: false, message: withoutSecrets(failure(name, err), credentials) };
  }
}

/** The failure in plain words, the platform's own message after it. */
function failure(name: string, err: unknown): string {
  if (!(err instanceof ShopError)) return `${name} answered in a way Retour does not understand`;
  if (err.kind === 'auth') return `${name} refused the credentials (wrong key, or a scope is missing): ${err.message}`;
  if (err.kind === 'transient') return `${name} could not be reached or is busy; try again later: ${err.message}`;
  if (err.kind === 'unsupported') return `${name} cannot be checked: ${err.message}`;
  return `${name} said no: ${err.message}`;
}

/** Adapters keep credentials out of their messages; should a platform echo one back, it is still
 * never stored or shown. */
function withoutSecrets(text: string, credentials: ShopCredentials): string {
  let safe = text;
  for (const field of ['apiKey', 'apiSecret', 'webhookSecret'] as const) {
    const value = credentials[field];
    if (value && value.length >= 4) safe = safe.split(value).join('[hidden]');
  }
  return safe.slice(0, 500);
}
