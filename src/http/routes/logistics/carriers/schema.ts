import { z } from 'zod';
import { CARRIER_METHODS, CARRIERS, LABEL_FORMATS } from '../../../../domain/carriers.js';
import { instant, itemsOf, noBody, type Wire } from '../../common.js';

const CREDENTIAL_FIELDS = ['apiKey', 'apiSecret', 'webhookSecret', 'customerCode', 'customerNumber'] as const;
const credential = z.string().trim().min(1).max(5000);
const credentialFields = {
  apiKey: credential.optional().describe('Left out: keep the stored key'),
  apiSecret: credential.optional().describe('Sendcloud: the secret key (also signs its webhooks)'),
  webhookSecret: credential.nullish().describe('Shippo, Easyship: the secret webhooks are signed with; null removes it'),
  customerCode: credential.optional().describe('PostNL: the customer code (in barcodes)'),
  customerNumber: credential.optional().describe('PostNL: the customer number'),
};
const connectionName = z.string().trim().min(1).max(100);
const baseUrl = z
  .url({ protocol: /^https?$/ })
  .max(300)
  .nullish()
  .describe('Only to point at a test double of the API; null goes back to the real one');

export const createConnectionBody = z.strictObject({
  carrier: z.enum(CARRIERS),
  name: connectionName,
  ...credentialFields,
  baseUrl,
  enabled: z.boolean().optional(),
});
export const updateConnectionBody = z.strictObject({
  carrier: z.enum(CARRIERS).optional().describe('A connection keeps its carrier; given, it must be the same'),
  name: connectionName.optional(),
  ...credentialFields,
  baseUrl,
  enabled: z.boolean().optional(),
});
export const testConnectionBody = noBody;
export const deleteConnectionBody = noBody;
export const servicesQuery = z.strictObject({
  from: z
    .string()
    .regex(/^[A-Z]{2}$/, 'ISO country code, upper case')
    .describe("The shopper's country"),
  to: z
    .string()
    .regex(/^[A-Z]{2}$/, 'ISO country code, upper case')
    .describe("The warehouse's country"),
});

/** A connection as the API shows it: never a key, only the API key's last characters. */
export const carrierConnection = z.object({
  id: z.string(),
  carrier: z.enum(CARRIERS),
  name: z.string(),
  enabled: z.boolean(),
  keyHint: z.string().describe("The API key's last characters, to tell keys apart"),
  fields: z
    .array(z.object({ field: z.enum(CREDENTIAL_FIELDS), stored: z.boolean() }))
    .describe('The credential fields this carrier asks for, and whether each is stored'),
  readable: z.boolean().describe('false: sealed with another installation key; enter the credentials again'),
  baseUrl: z.string().nullable(),
  check: z
    .object({ at: instant, ok: z.boolean(), message: z.string().nullable() })
    .nullable()
    .describe('The last "test connection": the account on success, what went wrong otherwise'),
  webhookUrl: z.string().nullable().describe("The URL to paste into the carrier's webhook settings (carriers with webhooks)"),
  createdAt: instant,
  updatedAt: instant,
});
export const carrierConnectionList = itemsOf(carrierConnection);
export const connectionCheck = z.object({
  ok: z.boolean(),
  message: z.string().nullable(),
  checkedAt: instant,
});
export const deletedConnection = z.object({ id: z.string(), deleted: z.literal(true) });

export const carrierService = z.object({
  code: z.string(),
  name: z.string(),
  carrier: z.string().describe('The carrier that moves the parcel (for aggregators: postnl, dhl …)'),
  methods: z.array(z.enum(CARRIER_METHODS)),
  needsServicePoint: z.boolean(),
  fromCountries: z.array(z.string()),
});
export const carrierServiceList = itemsOf(carrierService);

export const carrierMethodRow = z.strictObject({
  connectionId: z.string().min(1).max(64),
  method: z
    .string()
    .max(20)
    .describe(`One of ${CARRIER_METHODS.join(', ')} that the connection's carrier offers`),
  country: z.string().max(10).describe("The shopper's country, ISO 3166-1 alpha-2 in upper case"),
  serviceCode: z.string().trim().min(1).max(200),
  serviceName: z.string().trim().min(1).max(200),
  needsServicePoint: z.boolean().optional(),
  labelFormat: z
    .string()
    .max(10)
    .optional()
    .describe(`${LABEL_FORMATS.join(' or ')}; zpl only where the carrier gives it`),
  position: z.number().int().min(0).max(10_000).optional(),
});
export const saveMethodsBody = z.strictObject({ methods: z.array(carrierMethodRow).max(500) });
export const carrierMethod = z.object({
  id: z.string(),
  connectionId: z.string(),
  carrier: z.enum(CARRIERS),
  connectionName: z.string(),
  method: z.enum(CARRIER_METHODS),
  country: z.string(),
  serviceCode: z.string(),
  serviceName: z.string(),
  needsServicePoint: z.boolean(),
  labelFormat: z.enum(LABEL_FORMATS),
  position: z.number(),
});
export const carrierMethodList = itemsOf(carrierMethod);

export type CarrierConnection = Wire<typeof carrierConnection>;
export type CarrierConnectionList = Wire<typeof carrierConnectionList>;
export type ConnectionCheck = Wire<typeof connectionCheck>;
export type CarrierServiceList = Wire<typeof carrierServiceList>;
export type CarrierMethod = Wire<typeof carrierMethod>;
export type CarrierMethodList = Wire<typeof carrierMethodList>;
export type CarrierMethodRow = z.input<typeof carrierMethodRow>;
