import { RetourError } from '../../../domain/errors.js';
import { availableOf, balanceOf, requireCovered } from '../../../domain/storeCredit.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit, type Unit } from '../../kernel/transaction.js';
import { type AccountRow, addEntry, heldAmount, lockAccount, lockAccountByCode, movementsOf } from './ledger.js';

/** How long a checkout's hold keeps credit aside unless it says otherwise. */
const DEFAULT_HOLD_MINUTES = 30;

export interface RedeemInput {
  code: string;
  amount: number;
  currency: string;
  /** The shop's order or checkout id: shown in the ledger and the finance export. */
  reference: string;
}

function requireCurrency(account: AccountRow, currency: string) {
  if (account.currency !== currency) {
    throw new RetourError('invalid', 'CURRENCY_MISMATCH', `This credit is in ${account.currency}`, [
      { path: 'currency', message: `must be ${account.currency}` },
    ]);
  }
}

async function available(unit: Unit, account: AccountRow) {
  return availableOf(await movementsOf(unit.tx, account.id), await heldAmount(unit.tx, account.id, unit.now));
}

function redeemed(unit: Unit, account: AccountRow, data: Record<string, unknown>) {
  unit.record({
    type: 'store_credit.redeemed',
    subjectType: 'store_credit_account',
    subjectId: account.id,
    data: { customerId: account.customer_id, currency: account.currency, ...data },
  });
}

/** Spends credit at once (a checkout without a hold step). */
export async function redeemStoreCredit(ctx: AppContext, meta: CommandMeta, input: RedeemInput) {
  return inUnit(ctx, meta, async (unit) => {
    const account = await lockAccountByCode(unit.tx, input.code);
    requireCurrency(account, input.currency);
    requireCovered(await available(unit, account), input.amount);
    const entryId = await addEntry(
      unit.tx,
      account,
      { kind: 'redeem', amount: -input.amount, reference: input.reference },
      meta.actor,
      unit.now,
    );
    redeemed(unit, account, { amount: input.amount, entryId, reference: input.reference });
    return {
      entryId,
      code: account.code,
      currency: account.currency,
      amount: input.amount,
      available: await available(unit, account),
    };
  });
}

/** Keeps credit aside while the shopper pays the rest; captured when the order is placed. */
export async function holdStoreCredit(ctx: AppContext, meta: CommandMeta, input: RedeemInput & { expiresInMinutes?: number }) {
  return inUnit(ctx, meta, async (unit) => {
    const account = await lockAccountByCode(unit.tx, input.code);
    requireCurrency(account, input.currency);
    requireCovered(await available(unit, account), input.amount);
    const id = newId('sch');
    const expiresAt = new Date(unit.now.getTime() + (input.expiresInMinutes ?? DEFAULT_HOLD_MINUTES) * 60_000);
    await unit.tx
      .insertInto('store_credit_holds')
      .values({
        id,
        account_id: account.id,
        amount: input.amount,
        status: 'held',
        reference: input.reference,
        expires_at: expiresAt,
        created_at: unit.now,
      })
      .execute();
    unit.record({
      type: 'store_credit.held',
      subjectType: 'store_credit_account',
      subjectId: account.id,
      data: { holdId: id, amount: input.amount, reference: input.reference, expiresAt: expiresAt.toISOString() },
    });
    return {
      holdId: id,
      status: 'held',
      amount: input.amount,
      currency: account.currency,
      expiresAt: expiresAt.toISOString(),
      available: await available(unit, account),
    };
  });
}

async function lockHold(unit: Unit, holdId: string) {
  const head = await unit.tx.selectFrom('store_credit_holds').select('account_id').where('id', '=', holdId).executeTakeFirst();
  if (!head) throw new RetourError('not_found', 'HOLD_NOT_FOUND', `Hold ${holdId} does not exist`);
  const account = await lockAccount(unit.tx, head.account_id);
  const hold = await unit.tx.selectFrom('store_credit_holds').selectAll().where('id', '=', holdId).executeTakeFirstOrThrow();
  return { account, hold };
}

/** Turns a hold into a redemption, for its amount or less. Capturing twice answers the first capture. */
export async function captureStoreCreditHold(ctx: AppContext, meta: CommandMeta, input: { holdId: string; amount?: number }) {
  return inUnit(ctx, meta, async (unit) => {
    const { account, hold } = await lockHold(unit, input.holdId);
    if (hold.status === 'captured') {
      const entry = await unit.tx
        .selectFrom('store_credit_entries')
        .select(['id', 'amount'])
        .where('hold_id', '=', hold.id)
        .executeTakeFirstOrThrow();
      return {
        holdId: hold.id,
        status: 'captured',
        entryId: entry.id,
        amount: -entry.amount,
        available: await available(unit, account),
      };
    }
    if (hold.status === 'released' || hold.expires_at.getTime() <= unit.now.getTime()) {
      throw new RetourError('conflict', 'HOLD_NOT_OPEN', `The hold is ${hold.status === 'released' ? 'released' : 'expired'}`);
    }
    const amount = input.amount ?? hold.amount;
    if (amount > hold.amount) {
      throw new RetourError('invalid', 'AMOUNT_EXCEEDS_HOLD', `At most ${hold.amount} can be captured`, [
        { path: 'amount', message: `must be at most ${hold.amount}` },
      ]);
    }
    // The hold's own amount was set aside; the balance covers it by construction.
    const balance = balanceOf(await movementsOf(unit.tx, account.id));
    requireCovered(balance, amount);
    const entryId = await addEntry(
      unit.tx,
      account,
      { kind: 'redeem', amount: -amount, holdId: hold.id, reference: hold.reference },
      meta.actor,
      unit.now,
    );
    await unit.tx
      .updateTable('store_credit_holds')
      .set({ status: 'captured', closed_at: unit.now })
      .where('id', '=', hold.id)
      .execute();
    redeemed(unit, account, { amount, entryId, holdId: hold.id, reference: hold.reference });
    return { holdId: hold.id, status: 'captured', entryId, amount, available: await available(unit, account) };
  });
}

/** Gives held credit back (the checkout was abandoned). Releasing twice is no error. */
export async function releaseStoreCreditHold(ctx: AppContext, meta: CommandMeta, input: { holdId: string }) {
  return inUnit(ctx, meta, async (unit) => {
    const { account, hold } = await lockHold(unit, input.holdId);
    if (hold.status === 'captured')
      throw new RetourError('conflict', 'HOLD_CAPTURED', 'The hold was captured; reverse the redemption instead');
    if (hold.status === 'held') {
      await unit.tx
        .updateTable('store_credit_holds')
        .set({ status: 'released', closed_at: unit.now })
        .where('id', '=', hold.id)
        .execute();
      unit.record({
        type: 'store_credit.released',
        subjectType: 'store_credit_account',
        subjectId: account.id,
        data: { holdId: hold.id, amount: hold.amount },
      });
    }
    return { holdId: hold.id, status: 'released', available: await available(unit, account) };
  });
}
