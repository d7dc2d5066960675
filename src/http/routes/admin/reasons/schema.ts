import { z } from 'zod';
import { referenceCode as code, type Wire } from '../../common.js';

const reasonLabels = z
  .record(z.string().regex(/^[a-z]{2}$/), z.string().min(1).max(200))
  .refine((l) => Object.keys(l).length > 0, 'at least one label');
const reasonPosition = z.number().int().min(0).max(10_000);

export const createReasonBody = z.strictObject({
  code,
  parentCode: code.nullish(),
  labels: reasonLabels,
  controllable: z.boolean(),
  requiresPhoto: z.boolean().optional(),
  defect: z.boolean().optional().describe('The shopper reports a defect: the legal guarantee applies after the return window'),
  position: reasonPosition.optional(),
});
export const updateReasonBody = z.strictObject({
  labels: reasonLabels.optional().describe('Replaces all labels'),
  parentCode: code.nullish().describe('null moves the reason to the top level'),
  controllable: z.boolean().optional(),
  requiresPhoto: z.boolean().optional(),
  defect: z.boolean().optional(),
  active: z.boolean().optional().describe('Inactive reasons are no longer offered to shoppers'),
  position: reasonPosition.optional(),
});

export const reason = z.object({
  id: z.string(),
  code: z.string(),
  parentCode: z.string().nullable(),
  labels: z.record(z.string(), z.string()).describe('The label per language'),
  controllable: z.boolean().describe('The shop could have prevented it (wrong description, late delivery, …)'),
  requiresPhoto: z.boolean(),
  defect: z.boolean(),
  active: z.boolean(),
  position: z.number(),
});
export const reasonList = z.array(reason);
export const createdReason = z.object({ id: z.string() });

export type Reason = Wire<typeof reason>;
export type ReasonInput = z.input<typeof createReasonBody>;
export type ReasonPatch = z.input<typeof updateReasonBody>;
