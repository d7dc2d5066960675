import { sql } from 'kysely';
import type { RetourDb } from '../../../db/connection.js';
import { ACCOUNT_KEYS, type AccountCodes, accountsFor, DEFAULT_ACCOUNTS, type Movement } from '../../../domain/journal.js';

export interface JournalLine {
  date: string;
  movementId: string;
  movement: string;
  debitAccount: string;
  creditAccount: string;
  /** Minor units, always positive: the accounts say which way it goes. */
  amount: number;
  currency: string;
  returnNumber: string | null;
  orderNumber: string | null;
  customerId: string | null;
  provider: string | null;
  reference: string | null;
  note: string | null;
}

/** The shop's account codes, the defaults filling what it did not set. */
export async function financeAccounts(db: RetourDb): Promise<AccountCodes> {
  const row = await db
    .selectFrom('shop_settings')
    .select('finance_accounts')
    .where('id', '=', 'default')
    .executeTakeFirstOrThrow();
  const set = row.finance_accounts ?? {};
  return Object.fromEntries(ACCOUNT_KEYS.map((k) => [k, set[k] ?? DEFAULT_ACCOUNTS[k]])) as AccountCodes;
}

type Range = { from: Date; to: Date };

/**
 * One line per money movement in [from, to): refunds that went through (by provider or bank
 * transfer), every store-credit entry, and what shoppers paid in for exchanges. Store credit
 * issued for a return appears as its ledger entries, not again as a settlement. Three queries,
 * ordered by time.
 */
export async function financeJournal(db: RetourDb, range: Range): Promise<JournalLine[]> {
  const codes = await financeAccounts(db);
  const refunds = await refundRows(db, range);
  const entries = await storeCreditRows(db, range);
  const exchangePayments = await exchangePaymentRows(db, range);
  const lines: JournalLine[] = [
    ...refunds.map((s) => refundLine(s, codes)),
    ...exchangePayments.flatMap((x) => exchangePaymentLines(x, range, codes)),
    ...entries.map((e) => storeCreditLine(e, codes)),
  ];
  return lines.sort((a, b) => a.date.localeCompare(b.date) || a.movementId.localeCompare(b.movementId));
}

/** Refunds that went through, by provider or bank transfer. */
function refundRows(db: RetourDb, range: Range) {
  return (
    db
      .selectFrom('settlements as s')
      .innerJoin('returns as r', 'r.id', 's.return_id')
      .innerJoin('orders as o', 'o.id', 'r.order_id')
      .select([
        's.id',
        's.provider',
        's.amount',
        's.currency',
        's.reference',
        's.note',
        's.kind',
        sql<Date>`coalesce(s.succeeded_at, s.created_at)`.as('at'),
        'r.number',
        'o.order_number',
        'r.customer_id',
      ])
      .where('s.status', '=', 'succeeded')
      .where('s.kind', '!=', 'store_credit')
      // Money given as store credit (goodwill, an exchange's surplus) is in the ledger entries below.
      .where('s.provider', '!=', 'ledger')
      .where('s.amount', '>', 0)
      .where(sql<Date>`coalesce(s.succeeded_at, s.created_at)`, '>=', range.from)
      .where(sql<Date>`coalesce(s.succeeded_at, s.created_at)`, '<', range.to)
      .execute()
  );
}

function storeCreditRows(db: RetourDb, range: Range) {
  return db
    .selectFrom('store_credit_entries as e')
    .innerJoin('store_credit_accounts as a', 'a.id', 'e.account_id')
    .leftJoin('returns as r', 'r.id', 'e.return_id')
    .leftJoin('orders as o', 'o.id', 'r.order_id')
    .leftJoin('store_credit_entries as undone', 'undone.id', 'e.reverses_id')
    .select([
      'e.id',
      'e.kind',
      'e.amount',
      'e.reference',
      'e.note',
      'e.created_at as at',
      'e.return_id',
      'a.currency',
      'a.customer_id',
      'a.code',
      'r.number',
      'o.order_number',
      'undone.kind as undone_kind',
      'undone.amount as undone_amount',
      'undone.return_id as undone_return_id',
    ])
    .where('e.created_at', '>=', range.from)
    .where('e.created_at', '<', range.to)
    .where('e.amount', '!=', 0)
    .execute();
}

/** What shoppers paid in for exchanges: a price difference, or the charge for an item kept. */
function exchangePaymentRows(db: RetourDb, range: Range) {
  return db
    .selectFrom('exchange_orders as x')
    .innerJoin('returns as r', 'r.id', 'x.return_id')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .select([
      'x.id',
      'x.number as exchange_number',
      'x.currency',
      'x.price_difference',
      'x.payment_provider',
      'x.payment_link_id',
      'x.payment_via',
      'x.payment_status',
      'x.payment_reference',
      'x.paid_at',
      'x.charge_amount',
      'x.charge_status',
      'x.charged_at',
      'r.number',
      'o.order_number',
      'r.customer_id',
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('x.payment_status', '=', 'paid'), eb('x.paid_at', '>=', range.from), eb('x.paid_at', '<', range.to)]),
        eb.and([eb('x.charge_status', '=', 'paid'), eb('x.charged_at', '>=', range.from), eb('x.charged_at', '<', range.to)]),
      ]),
    )
    .execute();
}

function refundLine(s: Awaited<ReturnType<typeof refundRows>>[number], codes: AccountCodes): JournalLine {
  const { debit, credit } = accountsFor({ kind: 'refund', provider: s.provider }, codes);
  return {
    date: new Date(s.at).toISOString(),
    movementId: s.id,
    movement: s.kind === 'refund' ? `refund_${s.provider}` : s.kind,
    debitAccount: debit,
    creditAccount: credit,
    amount: s.amount,
    currency: s.currency,
    returnNumber: s.number,
    orderNumber: s.order_number,
    customerId: s.customer_id,
    provider: s.provider,
    reference: s.reference,
    note: s.note,
  };
}

function exchangePaymentLines(
  x: Awaited<ReturnType<typeof exchangePaymentRows>>[number],
  range: Range,
  codes: AccountCodes,
): JournalLine[] {
  const lines: JournalLine[] = [];
  const base = {
    currency: x.currency,
    returnNumber: x.number,
    orderNumber: x.order_number,
    customerId: x.customer_id,
  };
  const within = (d: Date | null) => d !== null && d >= range.from && d < range.to;
  if (x.payment_status === 'paid' && x.price_difference > 0 && within(x.paid_at)) {
    // Through the link's provider, or by hand (staff confirmed a transfer or a till payment).
    const provider = x.payment_via ?? (x.payment_link_id && x.payment_provider ? x.payment_provider : 'manual');
    const { debit, credit } = accountsFor({ kind: 'payment', provider }, codes);
    lines.push({
      ...base,
      date: (x.paid_at as Date).toISOString(),
      movementId: `${x.id}-difference`,
      movement: `exchange_payment_${provider}`,
      debitAccount: debit,
      creditAccount: credit,
      amount: x.price_difference,
      provider,
      reference: x.payment_reference,
      note: `price difference of exchange ${x.exchange_number}`,
    });
  }
  if (x.charge_status === 'paid' && (x.charge_amount ?? 0) > 0 && within(x.charged_at) && x.payment_provider) {
    const { debit, credit } = accountsFor({ kind: 'payment', provider: x.payment_provider }, codes);
    lines.push({
      ...base,
      date: (x.charged_at as Date).toISOString(),
      movementId: `${x.id}-charge`,
      movement: `exchange_charge_${x.payment_provider}`,
      debitAccount: debit,
      creditAccount: credit,
      amount: x.charge_amount ?? 0,
      provider: x.payment_provider,
      reference: null,
      note: `item of instant exchange ${x.exchange_number} not returned`,
    });
  }
  return lines;
}

function storeCreditLine(e: Awaited<ReturnType<typeof storeCreditRows>>[number], codes: AccountCodes): JournalLine {
  const movement: Movement =
    e.kind === 'reverse'
      ? {
          kind: 'credit',
          entry: 'reverse',
          amount: e.amount,
          reverses: {
            kind: 'credit',
            entry: (e.undone_kind ?? 'adjust') as 'issue',
            amount: e.undone_amount ?? -e.amount,
            fromReturn: Boolean(e.undone_return_id),
          },
        }
      : { kind: 'credit', entry: e.kind, amount: e.amount, fromReturn: Boolean(e.return_id) };
  const { debit, credit } = accountsFor(movement, codes);
  return {
    date: e.at.toISOString(),
    movementId: e.id,
    movement: `store_credit_${e.kind}`,
    debitAccount: debit,
    creditAccount: credit,
    amount: Math.abs(e.amount),
    currency: e.currency,
    returnNumber: e.number,
    orderNumber: e.order_number,
    customerId: e.customer_id,
    provider: null,
    reference: e.reference ?? e.code,
    note: e.note,
  };
}

export const JOURNAL_COLUMNS = [
  'date',
  'movement_id',
  'movement',
  'debit_account',
  'credit_account',
  'amount',
  'currency',
  'return_number',
  'order_number',
  'customer_id',
  'provider',
  'reference',
  'note',
] as const;

/** A journal line as CSV values; the amount as a decimal in the currency's units. */
export const journalValues = (l: JournalLine) => [
  l.date,
  l.movementId,
  l.movement,
  l.debitAccount,
  l.creditAccount,
  (l.amount / 100).toFixed(2),
  l.currency,
  l.returnNumber,
  l.orderNumber,
  l.customerId,
  l.provider,
  l.reference,
  l.note,
];
