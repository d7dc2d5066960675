import { sql } from 'kysely';
import type { RetourDb } from '../../../db/connection.js';
import { RetourError } from '../../../domain/errors.js';
import { normaliseCreditCode, type StoreCreditHoldStatus } from '../../../domain/storeCredit.js';

const sum = (db: RetourDb) =>
  db
    .selectFrom('store_credit_accounts as a')
    .select([
      'a.id',
      'a.customer_id',
      'a.currency',
      'a.code',
      'a.created_at',
      (eb) =>
        eb
          .selectFrom('store_credit_entries')
          .select(sql<number>`coalesce(sum(amount), 0)`.as('n'))
          .whereRef('account_id', '=', 'a.id')
          .as('balance'),
    ]);

async function heldNow(db: RetourDb, accountIds: string[], now: Date) {
  if (accountIds.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('store_credit_holds')
    .select(['account_id', sql<number>`sum(amount)`.as('held')])
    .where('account_id', 'in', accountIds)
    .where('status', '=', 'held')
    .where('expires_at', '>', now)
    .groupBy('account_id')
    .execute();
  return new Map(rows.map((r) => [r.account_id, Number(r.held)]));
}

/** A hold past its time sets nothing aside any more, though no one has released it yet. */
const holdStatusAt = (hold: { status: StoreCreditHoldStatus; expires_at: Date }, now: Date): StoreCreditHoldStatus | 'expired' =>
  hold.status === 'held' && hold.expires_at <= now ? 'expired' : hold.status;

/** A customer's credit per currency: balance (sum of the entries), held, available, every entry. */
export async function customerStoreCredit(db: RetourDb, customerId: string, now: Date) {
  const customer = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new RetourError('not_found', 'CUSTOMER_NOT_FOUND', `Customer ${customerId} does not exist`);
  const accounts = await sum(db).where('a.customer_id', '=', customerId).orderBy('a.currency').execute();
  const ids = accounts.map((a) => a.id);
  const [held, entries, holds] = await Promise.all([
    heldNow(db, ids, now),
    ids.length
      ? db.selectFrom('store_credit_entries').selectAll().where('account_id', 'in', ids).orderBy('id', 'desc').execute()
      : Promise.resolve([]),
    ids.length
      ? db.selectFrom('store_credit_holds').selectAll().where('account_id', 'in', ids).orderBy('id', 'desc').limit(100).execute()
      : Promise.resolve([]),
  ]);
  return {
    items: accounts.map((a) => {
      const balance = Number(a.balance);
      const h = held.get(a.id) ?? 0;
      return {
        id: a.id,
        currency: a.currency,
        code: a.code,
        balance,
        held: h,
        available: balance - h,
        entries: entries
          .filter((e) => e.account_id === a.id)
          .map((e) => ({
            id: e.id,
            kind: e.kind,
            amount: e.amount,
            expiresAt: e.expires_at?.toISOString() ?? null,
            returnId: e.return_id,
            settlementId: e.settlement_id,
            holdId: e.hold_id,
            reversesId: e.reverses_id,
            reference: e.reference,
            note: e.note,
            actor: { type: e.actor_type, id: e.actor_id },
            createdAt: e.created_at.toISOString(),
          })),
        holds: holds
          .filter((x) => x.account_id === a.id)
          .map((x) => ({
            id: x.id,
            amount: x.amount,
            status: holdStatusAt(x, now),
            reference: x.reference,
            expiresAt: x.expires_at.toISOString(),
          })),
      };
    }),
  };
}

/** What a checkout sees for a code: the currency and what can be spent now. */
export async function storeCreditByCode(db: RetourDb, code: string, now: Date) {
  const account = await sum(db).where('a.code', '=', normaliseCreditCode(code)).executeTakeFirst();
  if (!account) throw new RetourError('not_found', 'STORE_CREDIT_CODE_NOT_FOUND', 'No store credit has this code');
  const held = (await heldNow(db, [account.id], now)).get(account.id) ?? 0;
  const balance = Number(account.balance);
  return { code: account.code, currency: account.currency, balance, held, available: balance - held };
}
