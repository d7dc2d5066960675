import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { notFound } from '../../../domain/errors.js';
import {
  type CreditMovement,
  formatCreditCode,
  normaliseCreditCode,
  type StoreCreditEntryKind,
} from '../../../domain/storeCredit.js';
import type { Actor } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import type { Tx } from '../../kernel/transaction.js';

export type AccountRow = { id: string; customer_id: string; currency: string; code: string };

/** The customer's account in a currency, made (with a fresh code) the first time credit is
 * issued. Concurrent first issues meet on the unique constraint and both use the one account. */
export async function ensureAccount(tx: Tx, customerId: string, currency: string, now: Date): Promise<AccountRow> {
  const values = {
    id: newId('sca'),
    customer_id: customerId,
    currency,
    code: formatCreditCode(randomBytes(12)),
    created_at: now,
  };
  await tx
    .insertInto('store_credit_accounts')
    .values(values)
    .onConflict((oc) => oc.columns(['customer_id', 'currency']).doNothing())
    .execute();
  return lockAccount(
    tx,
    await tx
      .selectFrom('store_credit_accounts')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('currency', '=', currency)
      .executeTakeFirstOrThrow()
      .then((r) => r.id),
  );
}

/** Locks an account so its writes (and the balance checks before them) run one at a time. */
export async function lockAccount(tx: Tx, accountId: string): Promise<AccountRow> {
  const row = await tx
    .selectFrom('store_credit_accounts')
    .select(['id', 'customer_id', 'currency', 'code'])
    .where('id', '=', accountId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Store credit account', accountId);
  return row;
}

export async function lockAccountByCode(tx: Tx, code: string): Promise<AccountRow> {
  const row = await tx
    .selectFrom('store_credit_accounts')
    .select(['id', 'customer_id', 'currency', 'code'])
    .where('code', '=', normaliseCreditCode(code))
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Store credit code', code);
  return row;
}

/** Every entry of an account, as the domain rules read them. */
export async function movementsOf(tx: Tx, accountId: string): Promise<CreditMovement[]> {
  const rows = await tx
    .selectFrom('store_credit_entries')
    .select(['id', 'kind', 'amount', 'expires_at', 'reverses_id'])
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, amount: r.amount, expiresAt: r.expires_at, reversesId: r.reverses_id }));
}

/** What open holds keep aside (holds past their expiry count as released). */
export async function heldAmount(tx: Tx, accountId: string, now: Date): Promise<number> {
  const row = await tx
    .selectFrom('store_credit_holds')
    .select(sql<number>`coalesce(sum(amount), 0)`.as('held'))
    .where('account_id', '=', accountId)
    .where('status', '=', 'held')
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.held);
}

export interface NewEntry {
  kind: StoreCreditEntryKind;
  amount: number;
  expiresAt?: Date | null;
  returnId?: string | null;
  settlementId?: string | null;
  holdId?: string | null;
  reversesId?: string | null;
  reference?: string | null;
  note?: string | null;
}

export async function addEntry(tx: Tx, account: AccountRow, entry: NewEntry, actor: Actor, now: Date): Promise<string> {
  const id = newId('sce');
  await tx
    .insertInto('store_credit_entries')
    .values({
      id,
      account_id: account.id,
      kind: entry.kind,
      amount: entry.amount,
      expires_at: entry.expiresAt ?? null,
      return_id: entry.returnId ?? null,
      settlement_id: entry.settlementId ?? null,
      hold_id: entry.holdId ?? null,
      reverses_id: entry.reversesId ?? null,
      reference: entry.reference ?? null,
      note: entry.note ?? null,
      actor_type: actor.type,
      actor_id: actor.id,
      created_at: now,
    })
    .execute();
  return id;
}
