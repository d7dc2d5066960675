import type { Selectable } from 'kysely';
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import type { RiskListEntriesTable, RiskListKind } from '../../db/schema/risk.js';
import { notFound, RetourError } from '../../domain/errors.js';
import type { Actor, AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit, type Tx } from '../kernel/transaction.js';
import { listMatchesSql } from './listMatches.js';

/** The block and allow lists: who or what the shop blocks (it feeds the policy's `blocked`
 * segment) or trusts (its score is 0). Entries are never deleted: a removal is kept with who and
 * when, so what a decision rested on stays on the record. */

export type RiskList = 'block' | 'allow';
export type RiskAddress = { line1: string; postcode: string; country: string };

export interface RiskListEntry {
  id: string;
  list: RiskList;
  kind: RiskListKind;
  value: string;
  display: string;
  reason: string;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: Date;
  until: Date | null;
  removedAt: Date | null;
  removedBy: string | null;
  active: boolean;
}

export interface RiskListFilter {
  list?: RiskList;
  kind?: RiskListKind;
  active?: boolean;
}

export interface AddRiskListEntry {
  list: RiskList;
  kind: RiskListKind;
  value: string | RiskAddress;
  reason: string;
  until?: string;
}

type EntryRow = Selectable<RiskListEntriesTable>;

export function entryView(r: EntryRow, now: Date): RiskListEntry {
  return {
    id: r.id,
    list: r.list,
    kind: r.kind,
    value: r.value,
    display: r.display,
    reason: r.reason,
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    createdAt: r.created_at,
    until: r.until,
    removedAt: r.removed_at,
    removedBy: r.removed_by,
    active: r.removed_at === null && (r.until === null || r.until > now),
  };
}

/** An entry in force at `now`: not removed, not past its end. As SQL, for the queries that match. */
export function activeEntry(now: Date): Expression<SqlBool> {
  return sql<SqlBool>`(risk_list_entries.removed_at is null and (risk_list_entries.until is null or risk_list_entries.until > ${now}))`;
}

export async function listRiskEntries(db: RetourDb, now: Date, filter: RiskListFilter): Promise<RiskListEntry[]> {
  let q = db.selectFrom('risk_list_entries').selectAll();
  if (filter.list) q = q.where('list', '=', filter.list);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.active === true) q = q.where(activeEntry(now));
  if (filter.active === false) q = q.where((eb) => eb.not(activeEntry(now)));
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1000).execute();
  return rows.map((r) => entryView(r, now));
}

const invalidValue = (kind: RiskListKind) =>
  new RetourError('invalid', 'RISK_LIST_VALUE_INVALID', `The value is not a ${kind} that can be compared`, [
    { path: 'body.value', message: `not a ${kind} with a normal form` },
  ]);

/** The value's normal form, worked out by the same SQL functions the indexes and the linking use,
 * and what is shown to staff. */
async function normalForm(tx: Tx, kind: RiskListKind, value: string | RiskAddress): Promise<{ value: string; display: string }> {
  if (kind === 'address') {
    if (typeof value === 'string') throw invalidValue(kind);
    const row = await sql<{ v: string | null }>`select retour_normal_address(${JSON.stringify(value)}::jsonb) as v`.execute(tx);
    const normal = row.rows[0]?.v ?? null;
    if (!normal) throw invalidValue(kind);
    return { value: normal, display: `${value.line1}, ${value.postcode}, ${value.country.toUpperCase()}` };
  }
  if (typeof value !== 'string') throw invalidValue(kind);
  if (kind === 'customer') {
    const customer = await tx.selectFrom('customers').select('id').where('id', '=', value).executeTakeFirst();
    if (!customer) throw notFound('Customer', value);
    return { value, display: value };
  }
  const fn = { email: 'retour_normal_email', phone: 'retour_normal_phone', payment: 'retour_normal_fingerprint' }[kind];
  const row = await sql<{ v: string | null }>`select ${sql.raw(fn)}(${value}) as v`.execute(tx);
  const normal = row.rows[0]?.v ?? null;
  if (!normal) throw invalidValue(kind);
  return { value: normal, display: value };
}

async function actorName(tx: Tx, actor: Actor): Promise<string | null> {
  if (!actor.id) return null;
  if (actor.type === 'staff') {
    const s = await tx.selectFrom('staff_users').select('name').where('id', '=', actor.id).executeTakeFirst();
    return s?.name ?? null;
  }
  if (actor.type === 'api_key') {
    const k = await tx.selectFrom('api_keys').select('name').where('id', '=', actor.id).executeTakeFirst();
    return k?.name ?? null;
  }
  return null;
}

export async function addRiskListEntry(ctx: AppContext, meta: CommandMeta, input: AddRiskListEntry): Promise<RiskListEntry> {
  const id = newId('rle');
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const until = input.until ? new Date(input.until) : null;
    if (until && until <= now)
      throw new RetourError('invalid', 'VALIDATION_FAILED', 'The end date is in the past', [
        { path: 'body.until', message: 'must be in the future' },
      ]);
    const normal = await normalForm(tx, input.kind, input.value);
    // One active entry per list, kind and value; the lock keeps two staff adding it at once from both succeeding.
    await sql`select pg_advisory_xact_lock(hashtext(${`risk_list:${input.list}:${input.kind}:${normal.value}`}))`.execute(tx);
    const existing = await tx
      .selectFrom('risk_list_entries')
      .select('id')
      .where('list', '=', input.list)
      .where('kind', '=', input.kind)
      .where('value', '=', normal.value)
      .where(activeEntry(now))
      .executeTakeFirst();
    if (existing)
      throw new RetourError('conflict', 'RISK_LIST_DUPLICATE', `This ${input.kind} is already on the ${input.list} list`, [], {
        entryId: existing.id,
      });
    const row = {
      id,
      list: input.list,
      kind: input.kind,
      value: normal.value,
      display: normal.display,
      reason: input.reason,
      created_by: meta.actor.id,
      created_by_name: await actorName(tx, meta.actor),
      created_at: now,
      until,
      removed_at: null,
      removed_by: null,
    };
    await tx.insertInto('risk_list_entries').values(row).execute();
    record({
      subjectType: 'risk_list_entry',
      subjectId: id,
      type: 'risk.list_entry_added',
      reason: input.reason,
      data: { list: input.list, kind: input.kind, display: normal.display, until: until?.toISOString() ?? null },
    });
    return entryView(row, now);
  });
}

export async function removeRiskListEntry(ctx: AppContext, meta: CommandMeta, id: string): Promise<RiskListEntry> {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const row = await tx.selectFrom('risk_list_entries').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('Risk list entry', id);
    // Removing twice keeps the first removal on the record.
    if (row.removed_at) return entryView(row, now);
    await tx.updateTable('risk_list_entries').set({ removed_at: now, removed_by: meta.actor.id }).where('id', '=', id).execute();
    record({
      subjectType: 'risk_list_entry',
      subjectId: id,
      type: 'risk.list_entry_removed',
      data: { list: row.list, kind: row.kind, display: row.display },
    });
    return entryView({ ...row, removed_at: now, removed_by: meta.actor.id }, now);
  });
}

/** Whether an active block-list entry matches the customer whose id is `customerId` (a column of the
 * surrounding query): a subselect, so the policy's facts learn the `blocked` segment in the
 * statement that reads the customer, without a round trip of their own. */
export function blockListedSql(customerId: RawBuilder<string>, now: Date): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from (${listMatchesSql(sql<string[]>`array[${customerId}]::text[]`, now)}) m
    where m.list = 'block')`;
}
