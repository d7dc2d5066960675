import { z } from 'zod';
import { DISPOSITIONS, GRADES } from '../../../../domain/returnLine.js';
import { itemsOf, type Wire } from '../../common.js';

const categoryId = z.string().min(1).max(64).nullable().describe('null: every category');
const code = z.string().regex(/^[a-z0-9_]{1,64}$/, 'lower-case letters, digits and _');
const labels = z.record(z.string(), z.string()).describe('The text per language code');

export const dispositionRulesBody = z.strictObject({
  rules: z
    .array(
      z.strictObject({
        grade: z.enum(GRADES),
        categoryId,
        disposition: z.enum(DISPOSITIONS),
        recoveryBp: z.number().int().min(0).max(10_000).describe('Share of the paid price recovered, 0–10000'),
      }),
    )
    .min(1)
    .max(500),
});

export const checklistsBody = z.strictObject({
  checklists: z
    .array(
      z.strictObject({
        categoryId,
        items: z
          .array(
            z.strictObject({
              code,
              labels: z
                .record(z.string().regex(/^[a-z]{2}$/), z.string().trim().min(1).max(200))
                .refine((l) => Object.keys(l).length > 0, 'at least one label'),
            }),
          )
          .min(1)
          .max(30),
      }),
    )
    .min(1)
    .max(200),
});

export const category = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  code: z.string(),
  name: z.string(),
  connectionId: z.string().nullable().describe('The shop connection that brought it in: then it is read-only, renamed by sync'),
});
export const categoryList = itemsOf(category);

/** One item of an inspection checklist: what to check, in every language the shop has. */
export const checklistItem = z.object({ code: z.string(), labels });

export const inspectionSettings = z.object({
  rules: z.array(
    z.object({
      grade: z.enum(GRADES),
      categoryId: z.string().nullable(),
      categoryName: z.string().nullable(),
      disposition: z.enum(DISPOSITIONS),
      recoveryBp: z.number().describe('Share of the paid price recovered, 0–10000'),
    }),
  ),
  checklists: z.array(
    z.object({ categoryId: z.string().nullable(), categoryName: z.string().nullable(), items: z.array(checklistItem) }),
  ),
});

export const dispositionRulesReplaced = z.object({ rules: z.number().describe('How many rules there are now') });
export const checklistsReplaced = z.object({ checklists: z.number().describe('How many checklists there are now') });

export type Category = Wire<typeof category>;
export type CategoryList = Wire<typeof categoryList>;
export type DispositionRuleInput = z.input<typeof dispositionRulesBody>['rules'][number];
export type InspectionSettings = Wire<typeof inspectionSettings>;
export type ChecklistItem = Wire<typeof checklistItem>;
