import type { AccountCodes } from '../../../domain/journal.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { financeAccounts } from './financeJournal.js';

/** Sets the ledger account codes the finance journal uses; the ones left out keep their value. */
export async function updateFinanceAccounts(ctx: AppContext, meta: CommandMeta, patch: Partial<AccountCodes>) {
  return inUnit(ctx, meta, async (unit) => {
    const before = await financeAccounts(unit.tx);
    const after = { ...before, ...patch };
    await unit.tx
      .updateTable('shop_settings')
      .set({ finance_accounts: JSON.stringify(after), updated_at: unit.now })
      .where('id', '=', 'default')
      .execute();
    unit.record({
      type: 'settings.finance_accounts_updated',
      subjectType: 'shop',
      subjectId: 'default',
      data: { before, after },
    });
    return after;
  });
}
