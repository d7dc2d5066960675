import { getShopSettings } from '../app/admin/shopSettings.js';
import { rebuildAnalytics } from '../app/analytics/facts/rebuildAnalytics.js';
import type { AppContext } from '../app/kernel/context.js';
import { ProgressBar } from './progress.js';

/** `retour analytics rebuild`: every analytics fact built again from the live tables, with a
 * progress bar (after a restore, an import done outside Retour, or to check the facts). */
export async function runAnalyticsCommand(ctx: AppContext, args: string[]): Promise<number> {
  if (args[0] !== 'rebuild') {
    console.error('Usage: retour analytics rebuild');
    return 2;
  }
  const { timezone } = await getShopSettings(ctx.db);
  const bar = new ProgressBar('Rebuilding analytics');
  const result = await rebuildAnalytics(ctx.db, {
    timeZone: timezone,
    onProgress: (p) => bar.update(p.done, p.total, p.step),
  });
  bar.done();
  console.log(
    `Rebuilt ${result.returnLines} return lines, ${result.salesDays} sales days, ${result.deliveryDays} delivery days ` +
      `and ${result.customers} customers in ${(result.ms / 1000).toFixed(1)} s`,
  );
  return 0;
}
