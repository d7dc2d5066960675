import { notFound } from '../../../domain/errors.js';
import type { AppContext } from '../../kernel/context.js';
import type { CarrierCredentials } from '../carriers/port.js';
import { type ConnectionRow, presentConnection } from './connectionView.js';

const COLUMNS = [
  'id',
  'carrier',
  'name',
  'enabled',
  'credentials',
  'key_hint',
  'checked_at',
  'check_ok',
  'check_message',
  'created_at',
  'updated_at',
] as const;

/** Every carrier connection, oldest first; keys only as a hint. `webhookBase` is this
 * installation's public address. */
export async function listCarrierConnections(ctx: AppContext, input: { webhookBase: string | null }) {
  const rows = await ctx.db.selectFrom('carrier_connections').select(COLUMNS).orderBy('created_at').orderBy('id').execute();
  return { items: rows.map((row) => present(ctx, row, input.webhookBase)) };
}

/** One carrier connection. */
export async function carrierConnection(ctx: AppContext, input: { connectionId: string; webhookBase: string | null }) {
  const row = await ctx.db
    .selectFrom('carrier_connections')
    .select(COLUMNS)
    .where('id', '=', input.connectionId)
    .executeTakeFirst();
  if (!row) throw notFound('Carrier connection', input.connectionId);
  return present(ctx, row, input.webhookBase);
}

function present(ctx: AppContext, row: ConnectionRow & { credentials: string }, webhookBase: string | null) {
  let credentials: CarrierCredentials | null = null;
  try {
    credentials = ctx.carriers.box.open<CarrierCredentials>(row.credentials);
  } catch {
    // Sealed with another key: shown, marked unreadable, to be entered again.
  }
  return presentConnection(row, credentials, webhookBase);
}
