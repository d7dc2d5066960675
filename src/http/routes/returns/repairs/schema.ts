import { z } from 'zod';
import { REPAIR_FALLBACKS, REPAIR_STATUSES } from '../../../../domain/repair.js';
import { instant, itemsOf, reasonText, type Wire } from '../../common.js';

export const shipBackBody = z
  .strictObject({
    trackingNumber: z.string().trim().min(1).max(100).nullish(),
    carrier: z.string().trim().min(1).max(100).nullish(),
    note: z.string().trim().max(2000).nullish().describe('What was repaired'),
  })
  .nullish();

export const failBody = z.strictObject({
  note: reasonText.describe('Why it could not be repaired'),
  fallback: z
    .enum(REPAIR_FALLBACKS)
    .describe('What the shopper gets instead: a replacement, or a refund when that is impossible too'),
});

/** A repair under the legal guarantee, from waiting for the item to sent back (or not repairable). */
export const repair = z.object({
  id: z.string(),
  number: z.string(),
  returnId: z.string(),
  returnLineId: z.string(),
  status: z.enum(REPAIR_STATUSES),
  note: z.string().nullable(),
  fallback: z.enum(REPAIR_FALLBACKS).nullable().describe('What the shopper got when it could not be repaired'),
  trackingNumber: z.string().nullable(),
  carrier: z.string().nullable(),
  createdAt: instant,
  startedAt: instant.nullable(),
  endedAt: instant.nullable(),
});
export const repairList = itemsOf(repair);

export type Repair = Wire<typeof repair>;
