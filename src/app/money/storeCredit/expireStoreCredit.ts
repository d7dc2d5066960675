import { expiringAmount } from '../../../domain/storeCredit.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { addEntry, lockAccount, movementsOf } from './ledger.js';

/**
 * The expiry job: every credit lot past its date that has not expired yet gets an expire entry for
 * what is left of it (what was spent of it is gone already). One account per transaction; a lot
 * expires once (a unique index on the entry it uses up), so two workers running it at once are safe.
 */
export async function expireStoreCredit(ctx: AppContext, options: { limit?: number } = {}) {
  const now = ctx.now();
  const due = await ctx.db
    .selectFrom('store_credit_entries as e')
    .select('e.account_id')
    .distinct()
    .where('e.expires_at', '<=', now)
    .where('e.amount', '>', 0)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('store_credit_entries as x').select('x.id').whereRef('x.reverses_id', '=', 'e.id'))),
    )
    .limit(options.limit ?? 1000)
    .execute();
  let expired = 0;
  let amount = 0;
  for (const { account_id } of due) {
    await inUnit(ctx, { actor: systemActor }, async (unit) => {
      const account = await lockAccount(unit.tx, account_id);
      const entries = await movementsOf(unit.tx, account.id);
      const lots = entries
        .filter((e) => e.expiresAt && e.expiresAt.getTime() <= unit.now.getTime() && e.amount > 0 && e.kind !== 'reverse')
        .sort((a, b) => (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0) || a.id.localeCompare(b.id));
      for (const lot of lots) {
        const left = expiringAmount(entries, lot);
        if (entries.some((e) => e.reversesId === lot.id)) continue;
        // Zero left is still written, so the lot is not looked at again.
        const id = await addEntry(unit.tx, account, { kind: 'expire', amount: -left, reversesId: lot.id }, systemActor, unit.now);
        entries.push({ id, kind: 'expire', amount: -left, expiresAt: null, reversesId: lot.id });
        if (left > 0) {
          expired++;
          amount += left;
          unit.record({
            type: 'store_credit.expired',
            subjectType: 'store_credit_account',
            subjectId: account.id,
            data: { customerId: account.customer_id, currency: account.currency, amount: left, lot: lot.id },
          });
        }
      }
    });
  }
  return { accounts: due.length, expired, amount };
}
