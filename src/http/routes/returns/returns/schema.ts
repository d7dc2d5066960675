import { z } from 'zod';
import { RETURN_SORTS } from '../../../../app/returns/listReturns.js';
import { RETURN_METHODS } from '../../../../app/returns/requestReturn.js';
import { DISPOSITIONS, GRADES, RESOLUTIONS, RETURN_STATUSES } from '../../../../domain/returnLifecycle.js';
import { RISK_LEVELS } from '../../../../domain/risk.js';
import { cursorQuery, isoDateTime, limitQuery, reasonText } from '../../common.js';

const lineId = z.string().min(1).max(64);

/** A comma-separated list in the query string. */
const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .max(1000)
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(item).max(50));
const lineList = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(200);

export const returnLineRequest = z.strictObject({
  orderLineId: z.string().min(1).max(64),
  quantity: z.number().int().min(1).max(10_000),
  reasonCode: z.string().min(1).max(64).nullish().describe('Required, except in a withdrawal (no reason is needed)'),
  comment: z.string().max(2000).nullish(),
  resolution: z.enum(RESOLUTIONS).default('refund'),
  exchangeVariantId: z.string().min(1).max(64).nullish().describe('For an exchange: the variant to get instead'),
  photoIds: z
    .array(z.string().min(1).max(64))
    .max(10)
    .nullish()
    .describe('Photos uploaded beforehand (POST /api/v1/shopper/photos)'),
  defect: z
    .boolean()
    .optional()
    .describe(
      'A claim under the legal guarantee: the item is defective (within two years of delivery, also after the return window). The comment says what is wrong (required); resolution repair, replacement or refund; without a reason code the defect reason of the shop is used',
    ),
});

export const createReturnBody = z.strictObject({
  orderId: z.string().min(1).max(64),
  method: z.enum(RETURN_METHODS).nullish(),
  /** The shopper withdraws from the contract (EU right of withdrawal): no reason needed, refund. */
  withdrawal: z.boolean().optional(),
  pickupSlot: z
    .strictObject({ start: isoDateTime, end: isoDateTime })
    .nullish()
    .describe('For a pickup: one of the slots from GET /api/v1/shopper/pickup-slots'),
  storeId: z.string().min(1).max(64).nullish().describe('For a return in a store: the store'),
  lines: lineList(returnLineRequest),
});

export const listReturnsQuery = z.strictObject({
  status: z
    .string()
    .max(300)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(RETURN_STATUSES)))
    .optional(),
  onHold: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  orderId: z.string().max(64).optional(),
  customerId: z.string().max(64).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  createdFrom: isoDateTime.optional(),
  createdTo: isoDateTime.optional(),
  reason: csv(z.string().min(1).max(64)).optional().describe('Reason codes, comma-separated; a parent matches its children'),
  channel: csv(z.string().min(1).max(64)).optional().describe('Channel codes, comma-separated'),
  method: csv(z.enum(RETURN_METHODS)).optional(),
  source: csv(z.string().min(1).max(32)).optional().describe('Where the return was opened: portal, agent, api…'),
  // The value is a bigint amount; a whole number stops at what a JavaScript number holds exactly.
  minValue: z.coerce.number().int().min(0).optional().describe('Value of the returned units at least (minor units)'),
  maxValue: z.coerce.number().int().min(0).optional(),
  risk: csv(z.enum(RISK_LEVELS)).optional().describe('Risk levels, comma-separated'),
  minAgeDays: z.coerce.number().int().min(0).max(3650).optional().describe('Opened at least this many days ago'),
  refundOverdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only returns past their refund-by date (withdrawal notice + 14 days) with money still owed'),
  sort: z.enum(RETURN_SORTS).optional(),
  cursor: cursorQuery,
  limit: limitQuery,
});

export const countReturnsQuery = listReturnsQuery.omit({ cursor: true, limit: true, sort: true });

export const bulkBody = z.strictObject({
  action: z.enum(['approve', 'reject']),
  returnIds: z.array(z.string().min(1).max(64)).min(1).max(100),
  reason: z.string().trim().max(500).nullish().describe('Required to reject; recorded with every line decided'),
});

export const approveBody = z.strictObject({
  lines: lineList(
    z.strictObject({
      returnLineId: lineId,
      reason: z.string().max(500).nullish(),
      resolution: z.enum(RESOLUTIONS).nullish(),
      justification: z
        .string()
        .trim()
        .max(1000)
        .nullish()
        .describe('Why a resolution the policy did not allow is granted (required then)'),
    }),
  ),
});
export const rejectBody = z.strictObject({ lines: lineList(z.strictObject({ returnLineId: lineId, reason: reasonText })) });
export const optionalReasonBody = z.strictObject({ reason: z.string().trim().max(500).nullish() }).nullish();
export const holdBody = z.strictObject({ reason: reasonText });
export const inTransitBody = z.strictObject({ trackingNumber: z.string().trim().min(1).max(100).nullish() }).nullish();
export const receiveBody = z.strictObject({
  lines: lineList(
    z.strictObject({
      returnLineId: lineId,
      quantity: z.number().int().min(0).max(10_000),
      wrongItem: z.boolean().optional(),
      note: z.string().max(2000).nullish(),
    }),
  ),
  extras: z
    .array(z.strictObject({ description: z.string().trim().min(1).max(500), quantity: z.number().int().min(1).max(1000) }))
    .max(50)
    .optional()
    .describe('Items in the parcel that are not part of the return'),
});
export const inspectBody = z.strictObject({
  warehouseId: z
    .string()
    .min(1)
    .max(64)
    .nullish()
    .describe("Where restocked goods go; by default the return's store, else the default warehouse"),
  lines: lineList(
    z.strictObject({
      returnLineId: lineId,
      grade: z.enum(GRADES),
      disposition: z.enum(DISPOSITIONS).nullish().describe('Left out: what the disposition rules suggest'),
      checklist: z.record(z.string().min(1).max(64), z.boolean()).nullish().describe('Checklist answers by item code'),
      note: z.string().max(2000).nullish(),
    }),
  ),
});
export const settlementBody = z.strictObject({
  kind: z.enum(['refund', 'store_credit', 'exchange', 'goodwill']),
  reference: z.string().max(200).nullish(),
  note: z.string().max(2000).nullish(),
  lines: lineList(z.strictObject({ returnLineId: lineId, amount: z.number().int().min(0).max(100_000_000) })),
});
export const resolveBody = z.strictObject({ returnless: z.boolean().optional() }).nullish();
export const emptyBody = z.strictObject({}).nullish();
