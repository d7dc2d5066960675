import { z } from 'zod';
import { ERASURE_BLOCKED_MONEY_DUE, ERASURE_BLOCKED_OPEN_RETURNS } from '../../../domain/privacy/erasure.js';
import { instant, type Wire } from '../common.js';

export const erasureBody = z.strictObject({
  confirmEmail: z
    .string()
    .trim()
    .min(1)
    .max(320)
    .describe("The customer's e-mail address typed again: an erasure cannot be undone"),
});

const blockers = z.object({
  openReturns: z.array(z.string()).describe('Numbers of returns not yet in a final state'),
  pendingSettlements: z.array(z.string()).describe('Numbers of returns whose money is still on its way'),
});

export const erasureStatusAnswer = z.object({
  customerId: z.string(),
  customerIds: z.array(z.string()).describe('Every customer row of the person (same normalised e-mail): all are erased'),
  erasedAt: instant.nullable(),
  blockedBy: z
    .enum([ERASURE_BLOCKED_OPEN_RETURNS, ERASURE_BLOCKED_MONEY_DUE])
    .nullable()
    .describe('What stops an erasure now; null when it may go ahead'),
  blockers,
  holds: z
    .object({ orders: z.number(), returns: z.number(), photos: z.number(), emails: z.number() })
    .describe('How many of each an erasure would anonymise or remove'),
});

export const erasureAnswer = z.object({
  outcome: z.enum(['erased', 'already_erased']),
  erasureId: z.string(),
  customerIds: z.array(z.string()),
  erasedAt: instant,
  counts: z.record(z.string(), z.number()).describe('Rows erased or anonymised per table; no personal data'),
  filesPending: z.number().describe('Photo files not removed yet; the next request removes them'),
});

export type ErasureStatusAnswer = Wire<typeof erasureStatusAnswer>;
export type ErasureAnswer = Wire<typeof erasureAnswer>;
