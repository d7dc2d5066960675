import { notFound } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { type CarrierCredentials, CarrierError } from '../carriers/port.js';

export interface ConnectionCheck {
  ok: boolean;
  /** The account the carrier named on success; what went wrong otherwise. */
  message: string | null;
  checkedAt: Date;
}

/** Asks the carrier whether a stored connection's credentials work (a cheap authenticated call)
 * and keeps the answer on the connection, so the settings show the last check. */
export async function testCarrierConnection(ctx: AppContext, meta: CommandMeta, connectionId: string): Promise<ConnectionCheck> {
  const row = await ctx.db
    .selectFrom('carrier_connections')
    .select(['id', 'carrier', 'credentials'])
    .where('id', '=', connectionId)
    .executeTakeFirst();
  if (!row) throw notFound('Carrier connection', connectionId);
  // The check is a network call: it runs before the unit, which only stores its outcome.
  const outcome = await check(ctx, row.carrier, row.credentials);
  return inUnit(ctx, meta, async (unit) => {
    await unit.tx
      .updateTable('carrier_connections')
      .set({ checked_at: unit.now, check_ok: outcome.ok, check_message: outcome.message })
      .where('id', '=', connectionId)
      .execute();
    return { ...outcome, checkedAt: unit.now };
  });
}

async function check(
  ctx: AppContext,
  carrier: Parameters<AppContext['carriers']['build']>[0],
  sealed: string,
): Promise<{ ok: boolean; message: string | null }> {
  let credentials: CarrierCredentials;
  try {
    credentials = ctx.carriers.box.open<CarrierCredentials>(sealed);
  } catch {
    return { ok: false, message: 'The stored credentials cannot be read with this installation’s key: enter them again' };
  }
  try {
    // Built afresh from what is stored right now (also for a switched-off connection), so the
    // check proves exactly the credentials just saved.
    const { account } = await ctx.carriers.build(carrier, credentials).testConnection();
    return { ok: true, message: account ? withoutSecrets(account, credentials) : null };
  } catch (err) {
    const message = err instanceof CarrierError ? err.message : 'The carrier answered in a way Retour does not understand';
    return { ok: false, message: withoutSecrets(message, credentials) };
  }
}

/** Adapters keep credentials out of their messages; should a carrier echo one back, it is still
 * never stored or shown. */
function withoutSecrets(text: string, credentials: CarrierCredentials): string {
  let safe = text;
  for (const [field, value] of Object.entries(credentials)) {
    if (field !== 'baseUrl' && typeof value === 'string' && value.length >= 4) safe = safe.split(value).join('[hidden]');
  }
  return safe.slice(0, 500);
}
