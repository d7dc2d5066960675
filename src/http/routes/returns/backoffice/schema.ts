import { z } from 'zod';
import { DISPOSITIONS, GRADES } from '../../../../domain/returnLine.js';
import { RETURN_STATUSES } from '../../../../domain/returnStatus.js';
import { idParams, instant, itemsOf, type Wire } from '../../common.js';
import { checklistItem } from '../inspection/schema.js';
import { listReturnsQuery, returnNote } from '../returns/schema.js';

export const countReturnsQuery = listReturnsQuery.omit({ cursor: true, limit: true, sort: true });
export const scanQuery = z.strictObject({ code: z.string().trim().min(1).max(200) });
export const lineParams = z.strictObject({ id: idParams.shape.id, lineId: idParams.shape.id });
export const photoParams = z.strictObject({ id: idParams.shape.id, variant: z.enum(['image', 'thumbnail']) });

export const bulkBody = z.strictObject({
  action: z.enum(['approve', 'reject']),
  returnIds: z.array(z.string().min(1).max(64)).min(1).max(100),
  reason: z.string().trim().max(500).nullish().describe('Required to reject; recorded with every line decided'),
});
export const savedViewBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  filters: z.record(z.string().min(1).max(40), z.string().max(1000)).refine((f) => Object.keys(f).length <= 30),
  shared: z.boolean().optional(),
});
export const noteBody = z.strictObject({ body: z.string().trim().min(1).max(5000) });

/** How many returns match the filters, per status (the status filter itself left out). */
export const returnCounts = z.object({
  byStatus: z.record(z.enum(RETURN_STATUSES), z.number()),
  onHold: z.number(),
  refundOverdue: z.number().describe('Past their refund-by date with money still owed'),
  total: z.number(),
});

export const scanMatches = z.object({
  code: z.string().describe('The code as scanned, trimmed'),
  items: z
    .array(z.object({ id: z.string(), number: z.string(), status: z.enum(RETURN_STATUSES), orderNumber: z.string() }))
    .describe('Returns still awaiting goods first'),
});

export const bulkOutcome = z.object({
  action: z.enum(['approve', 'reject']),
  decided: z.number(),
  skipped: z.number(),
  results: z.array(
    z.union([
      z.object({
        returnId: z.string(),
        ok: z.literal(true),
        status: z.enum(RETURN_STATUSES),
        lines: z.number().describe('Lines decided'),
      }),
      z.object({ returnId: z.string(), ok: z.literal(false), code: z.string(), message: z.string() }),
    ]),
  ),
});

export const savedView = z.object({
  id: z.string(),
  name: z.string(),
  filters: z.record(z.string(), z.string()).describe("The queue's filters as query parameters"),
  shared: z.boolean(),
  mine: z.boolean().describe('Saved by the caller (only they may remove it)'),
});
export const savedViewList = itemsOf(savedView);
export const savedViewDeleted = z.object({ deleted: z.literal(true) });

export const returnNoteList = itemsOf(returnNote);
export const addedNote = z.object({ id: z.string(), kind: z.enum(['internal', 'shopper']), createdAt: instant });

/** What the inspection station shows per line: the category's checklist and, for every grade,
 * the disposition the rules suggest and the value it would recover. */
export const inspectionSetup = z.object({
  returnId: z.string(),
  warehouseId: z.string().nullable().describe("Where restocked goods go by default: the return's store, else the default"),
  warehouses: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.enum(['warehouse', 'store']) })),
  lines: z.array(
    z.object({
      returnLineId: z.string(),
      category: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
      variantId: z.string().nullable(),
      checklist: z.array(checklistItem),
      suggestions: z.array(
        z.object({
          grade: z.enum(GRADES),
          disposition: z.enum(DISPOSITIONS).nullable(),
          recoveryBp: z.number().nullable().describe('Share of the paid price recovered, 0–10000'),
        }),
      ),
    }),
  ),
});

/** A photo as stored: the image (JPEG) and a thumbnail are made from what was sent. */
export const uploadedPhoto = z.object({ id: z.string(), width: z.number(), height: z.number(), bytes: z.number() });

/** A stored photo: the image as JPEG, its thumbnail as WebP. */
export const photoFile = {
  description: 'The image (JPEG) or its thumbnail (WebP)',
  content: {
    'image/jpeg': { schema: z.string().describe('The image') },
    'image/webp': { schema: z.string().describe('The thumbnail') },
  },
};

export type ReturnCounts = Wire<typeof returnCounts>;
export type ScanMatches = Wire<typeof scanMatches>;
export type BulkOutcome = Wire<typeof bulkOutcome>;
export type SavedView = Wire<typeof savedView>;
export type SavedViewList = Wire<typeof savedViewList>;
export type InspectionSetup = Wire<typeof inspectionSetup>;
export type UploadedPhoto = Wire<typeof uploadedPhoto>;
