import { z } from 'zod';

/** The schema of `data.json` in an access-request export. Its key names are part of the
 * contract: a new version adds keys or sections and bumps PRIVACY_EXPORT_VERSION, never renames.
 * Every row keeps its table's columns in camelCase (dates as ISO 8601 in UTC, money in minor units
 * beside a `currency`); the fields named here are the ones a reader may rely on. */

export const PRIVACY_EXPORT_FORMAT = 'retour.privacy-export';
/** 2: webhookRecipients; riskListEntries' reasonWithheld. */
export const PRIVACY_EXPORT_VERSION = 2;

const isoDate = z.iso.datetime({ offset: true });
const currency = z.string().regex(/^[A-Z]{3}$/);
const minor = z.number().int();
const row = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);
const withId = row({ id: z.string() });
/** A row with an amount in minor units and the currency it is in. */
const money = <T extends z.ZodRawShape>(shape: T) => row({ ...shape, currency });

export const privacyExportSections = z.object({
  customers: z.array(row({ id: z.string(), email: z.string(), createdAt: isoDate })),
  orders: z.array(money({ id: z.string(), orderNumber: z.string(), placedAt: isoDate, totalAmount: minor })),
  orderLines: z.array(
    money({ id: z.string(), orderId: z.string(), sku: z.string(), quantity: z.number().int(), paidAmount: minor }),
  ),
  returns: z.array(money({ id: z.string(), number: z.string(), status: z.string(), createdAt: isoDate })),
  returnLines: z.array(
    money({
      id: z.string(),
      returnId: z.string(),
      reasonCode: z.string().nullable(),
      reason: z.string().nullable(),
      settledAmount: minor,
    }),
  ),
  reasons: z.array(row({ id: z.string(), code: z.string() })),
  returnNotes: z.array(row({ id: z.string(), returnId: z.string(), kind: z.enum(['internal', 'shopper']), body: z.string() })),
  feedback: z.array(row({ returnId: z.string(), rating: z.number().int(), createdAt: isoDate })),
  photos: z.array(row({ id: z.string(), contentType: z.string(), createdAt: isoDate, file: z.string().nullable() })),
  emails: z.array(row({ id: z.string(), kind: z.string(), recipient: z.string().nullable(), createdAt: isoDate })),
  shipments: z.array(row({ id: z.string(), returnId: z.string(), carrier: z.string(), labelFile: z.string().nullable() })),
  shipmentParcels: z.array(row({ id: z.string(), returnId: z.string(), labelFile: z.string().nullable() })),
  trackingEvents: z.array(row({ id: z.string(), returnId: z.string(), state: z.string(), occurredAt: isoDate })),
  settlements: z.array(money({ id: z.string(), returnId: z.string(), kind: z.string(), status: z.string(), amount: minor })),
  storeCreditAccounts: z.array(money({ id: z.string(), code: z.string() })),
  storeCreditEntries: z.array(
    money({ id: z.string(), accountId: z.string(), kind: z.string(), amount: minor, createdAt: isoDate }),
  ),
  storeCreditHolds: z.array(money({ id: z.string(), accountId: z.string(), amount: minor })),
  exchangeOrders: z.array(money({ id: z.string(), returnId: z.string(), number: z.string(), status: z.string() })),
  exchangeOrderLines: z.array(money({ id: z.string(), exchangeOrderId: z.string(), unitPrice: minor })),
  repairs: z.array(withId),
  parcelClaims: z.array(money({ id: z.string(), returnId: z.string(), amountClaimed: minor })),
  counterReturns: z.array(withId),
  platformReturns: z.array(row({ returnId: z.string() })),
  policyExceptions: z.array(withId),
  riskAssessments: z.array(
    row({
      id: z.string(),
      returnId: z.string(),
      stage: z.string(),
      score: z.number().int(),
      decision: z.object({ review: z.boolean(), refundAfterReceipt: z.boolean() }),
      /** What the score was made of and led to, in the export's language (GDPR Art. 22). */
      explanation: z.string(),
      signals: z.array(row({ code: z.string(), points: z.number(), sentence: z.string() })),
    }),
  ),
  riskListEntries: z.array(
    row({
      id: z.string(),
      list: z.enum(['block', 'allow']),
      kind: z.string(),
      reason: z.string(),
      /** An entry on an address or card others may share: its text is left out (it may be about them). */
      reasonWithheld: z.boolean().optional(),
    }),
  ),
  portalSightings: z.array(row({ id: z.string(), at: isoDate, kind: z.string() })),
  events: z.array(row({ id: z.string(), type: z.string(), occurredAt: isoDate })),
  accessLog: z.array(row({ at: isoDate, actorType: z.string(), action: z.string(), actorName: z.string().nullable() })),
  /** The shop's systems (webhook endpoints) that received events about the person: description,
   * host, how many and when (GDPR Art. 15(1)(c)); the e-mails' recipients are in `emails`. */
  webhookRecipients: z.array(
    row({
      endpointId: z.string(),
      name: z.string().nullable(),
      host: z.string(),
      events: z.number().int(),
      lastDeliveredAt: isoDate,
    }),
  ),
});

export type PrivacyExportSections = z.infer<typeof privacyExportSections>;
export type PrivacyExportSection = keyof PrivacyExportSections;

export const privacyExportDocument = z.object({
  format: z.literal(PRIVACY_EXPORT_FORMAT),
  version: z.literal(PRIVACY_EXPORT_VERSION),
  generatedAt: isoDate,
  language: z.enum(['en', 'nl']),
  shop: z.object({ name: z.string() }),
  subject: z.object({
    customerIds: z.array(z.string()).min(1),
    emails: z.array(z.string()),
    /** Why these rows are one person: their e-mails have the same normal form. */
    matchedBy: z.literal('normalised e-mail'),
  }),
  sections: privacyExportSections,
  /** The files beside data.json in the bundle: photos and labels. */
  files: z.array(z.object({ path: z.string(), contentType: z.string(), bytes: z.number().int() })),
  leftOut: z.array(z.object({ table: z.string(), why: z.string() })),
});

export type PrivacyExportDocument = z.infer<typeof privacyExportDocument>;
