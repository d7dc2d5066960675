import type { z } from 'zod';
import type { AnalyticsFilters } from '../../../app/analytics/analyticsTypes.js';
import { analyticsScope } from '../../../app/analytics/factFilters.js';
import type { AppContext } from '../../../app/kernel/context.js';
import { periodDays } from '../../../domain/analytics/intervals.js';
import { RetourError } from '../../../domain/errors.js';
import type { filterQuery } from './schema.js';

/** The longest period asked at once: three years (a leap day included). */
export const MAX_PERIOD_DAYS = 3 * 365 + 1;

type FilterQuery = z.infer<z.ZodObject<typeof filterQuery>>;

/**
 * The filters of a request, completed as every report completes them (src/app/analytics/factFilters.ts:
 * the last 90 days up to today in the shop's time zone, the shop's currency); a period longer than
 * three years is refused here too, with the field at fault, since no dashboard reads that much at once.
 */
export async function filtersOf(ctx: AppContext, q: FilterQuery): Promise<AnalyticsFilters> {
  const filters = await analyticsScope(ctx, {
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.currency ? { currency: q.currency } : {}),
    ...(q.channel ? { channelId: q.channel } : {}),
    ...(q.country ? { country: q.country } : {}),
    ...(q.category ? { categoryId: q.category } : {}),
    ...(q.product ? { productId: q.product } : {}),
    ...(q.segment ? { segment: q.segment } : {}),
    ...(q.warehouse ? { warehouseId: q.warehouse } : {}),
  }).catch((err: unknown) => {
    // Fields at fault are named as the request has them: query parameters.
    if (err instanceof RetourError)
      throw new RetourError(
        err.kind,
        err.code,
        err.message,
        err.fields.map((f) => ({ ...f, path: `query.${f.path}` })),
      );
    throw err;
  });
  if (periodDays(filters.from, filters.to) > MAX_PERIOD_DAYS) {
    const message = `a period is at most ${MAX_PERIOD_DAYS} days (three years)`;
    throw new RetourError('invalid', 'ANALYTICS_PERIOD_INVALID', message, [{ path: 'query.from', message }]);
  }
  return filters;
}
