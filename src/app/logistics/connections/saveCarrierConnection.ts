import { CARRIER_FIELDS, type CarrierName, type CredentialField } from '../../../domain/carriers.js';
import { type FieldIssue, notFound, RetourError } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { assertOutboundUrl } from '../../kernel/egress.js';
import { newId } from '../../kernel/ids.js';
import { inUnit } from '../../kernel/transaction.js';
import type { CarrierCredentials } from '../carriers/port.js';
import { presentConnection } from './connectionView.js';

export interface SaveCarrierConnectionInput {
  /** The connection to change; a new one is made when left out. */
  connectionId?: string;
  /** Needed for a new connection; a connection's carrier never changes. */
  carrier?: CarrierName;
  name?: string;
  /** The credential fields of CARRIER_FIELDS[carrier]: a value sets it, left out keeps the stored
   * one, null removes an optional one. */
  credentials?: Partial<Record<CredentialField, string | null>>;
  /** Only to point at a test double of the carrier's API; null goes back to the real one. */
  baseUrl?: string | null;
  enabled?: boolean;
  /** This installation's public address, for the webhook URL in the answer. */
  webhookBase: string | null;
}

// A webhook secret is only known once the webhook is made in the carrier's panel, which needs the
// connection's webhook URL first: so it may come later. Every other field is needed to book.
const OPTIONAL_FIELDS: readonly CredentialField[] = ['webhookSecret'];

/** Stores a carrier connection's credentials sealed, making it or changing it; the event says
 * which fields changed, never their values. */
export async function saveCarrierConnection(ctx: AppContext, meta: CommandMeta, input: SaveCarrierConnectionInput) {
  const { box } = ctx.carriers;
  await assertOutboundUrl(input.baseUrl, 'baseUrl');
  return inUnit(ctx, meta, async (unit) => {
    const existing = input.connectionId
      ? await unit.tx
          .selectFrom('carrier_connections')
          .selectAll()
          .where('id', '=', input.connectionId)
          .forUpdate()
          .executeTakeFirst()
      : undefined;
    if (input.connectionId && !existing) throw notFound('Carrier connection', input.connectionId);
    const carrier = existing?.carrier ?? input.carrier;
    if (!carrier) throw invalid('A carrier is needed for a new connection', [{ path: 'carrier', message: 'required' }]);
    if (existing && input.carrier && input.carrier !== existing.carrier) {
      throw new RetourError('invalid', 'CARRIER_CANNOT_CHANGE', 'A connection keeps its carrier: add a new connection', [
        { path: 'carrier', message: `this connection is ${existing.carrier}` },
      ]);
    }
    const name = input.name ?? existing?.name;
    if (!name) throw invalid('A name is needed for a new connection', [{ path: 'name', message: 'required' }]);

    const before = existing ? openStored(ctx, existing.credentials) : null;
    const credentials = mergeCredentials(carrier, before, input);
    const row = {
      carrier,
      name,
      enabled: input.enabled ?? existing?.enabled ?? true,
      credentials: box.seal(credentials),
      key_hint: credentials.apiKey.slice(-4),
      updated_by: meta.actor.id,
      updated_at: unit.now,
    };
    const id = existing?.id ?? newId('cc');
    if (existing) await unit.tx.updateTable('carrier_connections').set(row).where('id', '=', id).execute();
    else
      await unit.tx
        .insertInto('carrier_connections')
        .values({ ...row, id, created_at: unit.now })
        .execute();

    const changedFields = CARRIER_FIELDS[carrier].filter((f) => input.credentials?.[f] !== undefined);
    unit.record({
      type: 'settings.carrier_saved',
      subjectType: 'carrier_connection',
      subjectId: id,
      data: {
        carrier,
        name,
        enabled: row.enabled,
        created: !existing,
        changedFields,
        keyHint: row.key_hint,
        testDouble: credentials.baseUrl !== undefined,
      },
    });
    const saved = {
      ...row,
      id,
      created_at: existing?.created_at ?? unit.now,
      checked_at: existing?.checked_at ?? null,
      check_ok: existing?.check_ok ?? null,
      check_message: existing?.check_message ?? null,
    };
    return presentConnection(saved, credentials, input.webhookBase);
  });
}

/** The stored credentials, or none when they were sealed with another key (they are then
 * entered again in full). */
function openStored(ctx: AppContext, sealed: string): CarrierCredentials | null {
  try {
    return ctx.carriers.box.open<CarrierCredentials>(sealed);
  } catch {
    return null;
  }
}

/** The credentials to store: the given fields over the stored ones, each field the carrier needs
 * present, and none it does not use. A new API address takes no stored secret along: the next call
 * would send them to that host, so every field (and any optional one that was stored) is entered
 * again with it. */
function mergeCredentials(
  carrier: CarrierName,
  before: CarrierCredentials | null,
  input: SaveCarrierConnectionInput,
): CarrierCredentials {
  const fields = CARRIER_FIELDS[carrier];
  const issues: FieldIssue[] = [];
  const merged: Partial<Record<CredentialField, string>> = {};
  for (const [field, value] of Object.entries(input.credentials ?? {}) as [CredentialField, string | null | undefined][]) {
    if (value !== undefined && !fields.includes(field)) issues.push({ path: field, message: `${carrier} does not use it` });
  }
  const baseUrl = input.baseUrl === undefined ? before?.baseUrl : (input.baseUrl ?? undefined);
  const moved = before !== null && baseUrl !== before.baseUrl;
  const again: FieldIssue[] = [];
  for (const field of fields) {
    const given = input.credentials?.[field];
    if (moved && given === undefined) {
      if (before?.[field] || !OPTIONAL_FIELDS.includes(field))
        again.push({ path: field, message: 'enter it again: the API address changed', code: 'CREDENTIAL_NEEDED_AGAIN' });
      continue;
    }
    const value = given === undefined ? before?.[field] : given;
    if (value) merged[field] = value;
    else if (!OPTIONAL_FIELDS.includes(field)) issues.push({ path: field, message: 'required' });
  }
  if (again.length > 0)
    throw new RetourError(
      'invalid',
      'CREDENTIALS_NEEDED_AGAIN',
      'A new API address needs every credential entered again: the stored ones are not sent to another host',
      [...again, ...issues],
    );
  if (issues.length > 0) throw invalid(`The ${carrier} connection is missing or has wrong fields`, issues);
  return { ...merged, apiKey: merged.apiKey ?? '', ...(baseUrl ? { baseUrl } : {}) };
}

const invalid = (message: string, fields: FieldIssue[]) => new RetourError('invalid', 'VALIDATION_FAILED', message, fields);
