import { notFound } from '../../../domain/errors.js';
import { availableOf, reversalOf } from '../../../domain/storeCredit.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { addEntry, heldAmount, lockAccount, movementsOf } from './ledger.js';

/** Undoes one entry (credit issued by mistake, a redemption the shop cancelled) by a counter-entry. */
export async function reverseStoreCreditEntry(ctx: AppContext, meta: CommandMeta, input: { entryId: string; note: string }) {
  return inUnit(ctx, meta, async (unit) => {
    const head = await unit.tx
      .selectFrom('store_credit_entries')
      .select('account_id')
      .where('id', '=', input.entryId)
      .executeTakeFirst();
    if (!head) throw notFound('Store credit entry', input.entryId);
    const account = await lockAccount(unit.tx, head.account_id);
    const entries = await movementsOf(unit.tx, account.id);
    const target = entries.find((e) => e.id === input.entryId);
    if (!target) throw notFound('Store credit entry', input.entryId);
    const amount = reversalOf(entries, target, availableOf(entries, await heldAmount(unit.tx, account.id, unit.now)));
    const entryId = await addEntry(
      unit.tx,
      account,
      { kind: 'reverse', amount, reversesId: target.id, note: input.note },
      meta.actor,
      unit.now,
    );
    unit.record({
      type: 'store_credit.reversed',
      subjectType: 'store_credit_account',
      subjectId: account.id,
      reason: input.note,
      data: { customerId: account.customer_id, currency: account.currency, amount, entryId, reverses: target.id },
    });
    return { accountId: account.id, entryId, amount };
  });
}
