import { RetourError } from '../../../domain/errors.js';
import { availableOf, requireCovered } from '../../../domain/storeCredit.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { addEntry, ensureAccount, heldAmount, movementsOf } from './ledger.js';

export interface AdjustStoreCreditInput {
  customerId: string;
  currency: string;
  /** Signed minor units: credit given (goodwill, a correction up) or taken back. */
  amount: number;
  /** issue: new credit (e.g. goodwill); adjust: a correction either way. */
  kind: 'issue' | 'adjust';
  note: string;
  expiresAt?: Date | null;
}

/** Staff give or correct credit by hand, always with a reason; the balance never goes below zero. */
export async function adjustStoreCredit(ctx: AppContext, meta: CommandMeta, input: AdjustStoreCreditInput) {
  return inUnit(ctx, meta, async (unit) => {
    const customer = await unit.tx.selectFrom('customers').select('id').where('id', '=', input.customerId).executeTakeFirst();
    if (!customer) throw new RetourError('not_found', 'CUSTOMER_NOT_FOUND', `Customer ${input.customerId} does not exist`);
    if (input.kind === 'issue' && input.amount <= 0) {
      throw new RetourError('invalid', 'VALIDATION_FAILED', 'Issued credit must be positive', [
        { path: 'amount', message: 'must be above 0 for kind issue' },
      ]);
    }
    const account = await ensureAccount(unit.tx, input.customerId, input.currency, unit.now);
    if (input.amount < 0) {
      const available = availableOf(await movementsOf(unit.tx, account.id), await heldAmount(unit.tx, account.id, unit.now));
      requireCovered(available, -input.amount);
    }
    const entryId = await addEntry(
      unit.tx,
      account,
      {
        kind: input.kind,
        amount: input.amount,
        note: input.note,
        expiresAt: input.amount > 0 ? (input.expiresAt ?? null) : null,
      },
      meta.actor,
      unit.now,
    );
    unit.record({
      type: input.kind === 'issue' ? 'store_credit.issued' : 'store_credit.adjusted',
      subjectType: 'store_credit_account',
      subjectId: account.id,
      reason: input.note,
      data: { customerId: input.customerId, currency: input.currency, amount: input.amount, entryId },
    });
    return { accountId: account.id, code: account.code, entryId };
  });
}
