import { z } from 'zod';
import { PAYMENT_PROVIDERS } from '../../../../domain/paymentProviders.js';
import { RETURN_STATUSES } from '../../../../domain/returnLifecycle.js';
import { ADJUSTMENT_KINDS, SETTLEMENT_KINDS, SETTLEMENT_STATUSES } from '../../../../domain/settlementStatus.js';
import { instant, itemsOf, reasonText, type Wire } from '../../common.js';

export const settleBody = z
  .strictObject({
    lineIds: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(200)
      .optional()
      .describe('Only these lines (default: every approved line waiting for money)'),
  })
  .nullish();
export const adjustmentBody = z.strictObject({
  kind: z.enum(ADJUSTMENT_KINDS),
  returnLineId: z.string().min(1).max(64).nullish().describe('Required for a partial refund'),
  amount: z.number().int().min(1).max(100_000_000),
  reason: reasonText,
  via: z.enum(['refund', 'store_credit']).default('refund'),
});
export const confirmBody = z.strictObject({
  reference: z.string().trim().min(1).max(200).describe("The bank transfer's reference"),
});
export const providerParams = z.object({ provider: z.enum(PAYMENT_PROVIDERS) });
export const providerBody = z.strictObject({
  apiKey: z.string().trim().min(8).max(200).optional().describe('Left out: keep the stored key'),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .max(300)
    .nullish()
    .describe('Only to point at a test double of the API'),
  enabled: z.boolean().optional(),
});

export const settlement = z.object({
  id: z.string(),
  kind: z.enum(SETTLEMENT_KINDS),
  provider: z.string().describe('The payment provider, or how the money went: ledger (store credit), manual (bank transfer)'),
  status: z.enum(SETTLEMENT_STATUSES),
  amount: z.number(),
  currency: z.string(),
  reference: z.string().nullable(),
  providerRefundId: z.string().nullable(),
  trigger: z.string().describe("What started it: staff, or the policy's moment (approval, first_scan, receipt, inspection)"),
  attempts: z.number(),
  lastError: z.string().nullable(),
  lines: z.array(z.object({ returnLineId: z.string(), amount: z.number() })),
  breakdown: z.record(z.string(), z.unknown()).nullable().describe('How the amount came about'),
  note: z.string().nullable(),
  createdAt: instant,
  succeededAt: instant.nullable(),
});
export const settlementList = itemsOf(settlement);

export const settleOutcome = z.object({
  returnId: z.string(),
  status: z.enum(RETURN_STATUSES).describe("The return's status after settling"),
  started: z.array(z.string()).describe('Settlements this call started; empty when another call had started them already'),
  settlements: z.array(settlement),
});

export const reconcileReport = z.object({
  checked: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  pending: z.number(),
});

export const paymentProvider = z.object({
  provider: z.enum(PAYMENT_PROVIDERS),
  configured: z.boolean(),
  enabled: z.boolean(),
  keyHint: z.string().nullable().describe('The last characters of the API key, to tell keys apart'),
  baseUrl: z.string().nullable(),
  updatedAt: instant.nullable(),
});
export const paymentProviderList = itemsOf(paymentProvider);

export type Settlement = Wire<typeof settlement>;
export type SettleOutcome = Wire<typeof settleOutcome>;
export type ReconcileReport = Wire<typeof reconcileReport>;
export type PaymentProvider = Wire<typeof paymentProvider>;
export type PaymentProviderList = Wire<typeof paymentProviderList>;
