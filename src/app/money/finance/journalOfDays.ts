import { addDays, startOfLocalDay } from '../../../domain/calendar.js';
import { RetourError } from '../../../domain/errors.js';
import { getShopSettingsCached } from '../../admin/shopSettings.js';
import type { AppContext } from '../../kernel/context.js';
import { financeJournal, type JournalLine } from './financeJournal.js';

const DAY_MS = 86_400_000;

/** The journal of the shop's local days `from` to `to` (both included, YYYY-MM-DD): days as the
 * bookkeeping sees them. A range that runs backwards or spans more than a year is refused. */
export async function journalOfDays(ctx: AppContext, days: { from: string; to: string }): Promise<JournalLine[]> {
  const { timezone } = await getShopSettingsCached(ctx.caches, ctx.db);
  const from = startOfLocalDay(days.from, timezone);
  const to = startOfLocalDay(addDays(days.to, 1), timezone);
  if (to.getTime() <= from.getTime() || to.getTime() - from.getTime() > 366 * DAY_MS) {
    throw new RetourError('invalid', 'INVALID_RANGE', 'The range must run forward and span at most a year', [
      { path: 'query.to', message: 'on or after from, within a year' },
    ]);
  }
  return financeJournal(ctx.db, { from, to });
}
