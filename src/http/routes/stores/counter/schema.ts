import { z } from 'zod';
import { address } from '../../../../domain/address.js';
import { ACCEPTANCES, DISPOSITIONS, GRADES, RECEPTIONS, RESOLUTIONS } from '../../../../domain/returnLine.js';
import { RETURN_STATUSES } from '../../../../domain/returnStatus.js';
import { SETTLEMENT_KINDS, SETTLEMENT_STATUSES } from '../../../../domain/settlementStatus.js';
import { instant, type Wire } from '../../common.js';

/* Requests and responses of the store counter and the till (POS). */

const storeId = z.string().min(1).max(64);

export const counterStore = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  address,
  openingHours: z.string().nullable(),
});

export const counterSetup = z.object({
  store: counterStore.nullable().describe('The store this account works at; null for an account that works at no one store'),
  stores: z.array(counterStore).describe('The stores to choose from (only its own for a store account)'),
  reasons: z.array(z.object({ code: z.string(), labels: z.record(z.string(), z.string()) })),
  grades: z.array(z.enum(GRADES)),
  dispositions: z.array(z.enum(DISPOSITIONS)),
});

export const findQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1)
    .max(320)
    .describe("An order number, a return number, the shopper's e-mail address, or the portal's QR code of a return (RETOUR:…)"),
});

const counterOrder = z.object({
  id: z.string(),
  number: z.string(),
  placedAt: instant,
  email: z.string(),
  customerName: z.string(),
  currency: z.string(),
  lines: z.array(
    z.object({
      id: z.string(),
      sku: z.string(),
      title: z.string(),
      imageUrl: z.string().nullable(),
      quantity: z.number().int(),
      unitPaid: z.number().int().describe('What one unit was paid, in minor units'),
      returnable: z.number().int().describe('Units not yet in a return'),
    }),
  ),
  openReturns: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      status: z.enum(RETURN_STATUSES),
      method: z.string().nullable(),
      storeId: z.string().nullable(),
      lines: z.array(
        z.object({
          id: z.string(),
          orderLineId: z.string(),
          quantity: z.number().int(),
          acceptance: z.enum(ACCEPTANCES),
          reception: z.enum(RECEPTIONS),
          resolution: z.enum(RESOLUTIONS),
        }),
      ),
    }),
  ),
});

export const findAnswer = z.object({
  matchedBy: z.enum(['qr', 'email', 'number']),
  returnId: z.string().nullable().describe('The return a QR code or return number named, when the counter can take it back'),
  orders: z.array(counterOrder),
});

export const takeBackBody = z.strictObject({
  storeId: storeId.nullish().describe('Only for accounts that work at no one store (an admin): where the return is taken back'),
  orderId: z.string().min(1).max(64),
  returnId: z.string().min(1).max(64).nullish().describe('A return requested before (online) whose goods the shopper brings'),
  resolution: z
    .enum(['refund', 'store_credit'])
    .optional()
    .describe('For a new return: money back to the original payment (default) or as store credit'),
  lines: z
    .array(
      z.strictObject({
        orderLineId: z.string().min(1).max(64),
        quantity: z.number().int().min(1).max(10_000),
        reasonCode: z.string().min(1).max(64).nullish(),
        comment: z.string().max(2000).nullish(),
        grade: z.enum(GRADES),
        disposition: z.enum(DISPOSITIONS).nullish().describe("Left out: what the shop's disposition rules suggest"),
        note: z.string().max(2000).nullish(),
      }),
    )
    .min(1)
    .max(100),
});

export const receipt = z.object({
  returnId: z.string(),
  returnNumber: z.string(),
  orderNumber: z.string(),
  store: counterStore,
  takenAt: instant,
  email: z.string(),
  customerName: z.string(),
  currency: z.string(),
  lines: z.array(
    z.object({
      returnLineId: z.string(),
      sku: z.string(),
      title: z.string(),
      quantity: z.number().int(),
      grade: z.enum(GRADES).nullable(),
      disposition: z.enum(DISPOSITIONS).nullable(),
      resolution: z.enum(RESOLUTIONS),
      amount: z.number().int().describe('What goes back for the line, in minor units'),
    }),
  ),
  money: z.array(
    z.object({
      kind: z.enum(SETTLEMENT_KINDS),
      provider: z.string(),
      status: z.enum(SETTLEMENT_STATUSES),
      amount: z.number().int(),
    }),
  ),
  refunded: z.number().int().describe('To the original payment, in minor units'),
  storeCredit: z.object({ code: z.string(), amount: z.number().int() }).nullable(),
  pdfUrl: z.string().describe('The receipt as a PDF'),
});

export const takeBackAnswer = z.object({
  returnId: z.string(),
  outcome: z
    .enum(['taken_back', 'rejected', 'review'])
    .describe(
      'taken_back: goods in, graded, money started; rejected or review: the policy did not let it go ahead, the shopper keeps the goods',
    ),
  status: z.enum(RETURN_STATUSES),
  receipt,
});

export const receiptQuery = z.strictObject({ locale: z.enum(['en', 'nl']).optional() });

export type CounterSetupWire = Wire<typeof counterSetup>;
export type CounterFindWire = Wire<typeof findAnswer>;
export type CounterOrderWire = Wire<typeof counterOrder>;
export type TakeBackBody = Wire<typeof takeBackBody>;
export type TakeBackWire = Wire<typeof takeBackAnswer>;
export type ReceiptWire = Wire<typeof receipt>;
