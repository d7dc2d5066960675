import { z } from 'zod';
import { address, addressSchema } from '../../../../domain/address.js';
import { RETURN_STATUSES } from '../../../../domain/returnLifecycle.js';
import { CHANNEL_KINDS, WAREHOUSE_KINDS } from '../../../../domain/salesChannel.js';
import { cursorQuery, instant, limitQuery, pageOf, type Wire } from '../../common.js';

const code = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lowercase letters, digits, _ . -');
const created = z.object({ id: z.string() });

// Customers

export const customersQuery = z.strictObject({ q: z.string().max(200).optional(), cursor: cursorQuery, limit: limitQuery });

export const customer = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  country: z.string().nullable(),
  postcode: z.string().nullable(),
  segment: z.string().describe('Policy segment, e.g. regular, vip, employee'),
  tags: z.array(z.string()),
  createdAt: instant,
});
export const customerPage = pageOf(customer);

export const customerDetail = customer.extend({
  orderCount: z.number(),
  returnCount: z.number(),
  unitsOrdered: z.number(),
  unitsReturned: z.number().describe('Units asked back in returns that went ahead'),
  returnRate: z.number().describe('Share of the units bought that were asked back, 0–1'),
  valueReturned: z.number().describe('What the returned units were paid, in minor units'),
  orders: z
    .array(
      z.object({
        id: z.string(),
        orderNumber: z.string(),
        placedAt: instant,
        totalAmount: z.number(),
        currency: z.string(),
        lineCount: z.number(),
        units: z.number(),
      }),
    )
    .describe('The latest 100 orders'),
  returns: z
    .array(
      z.object({
        id: z.string(),
        number: z.string(),
        status: z.enum(RETURN_STATUSES),
        orderId: z.string(),
        orderNumber: z.string(),
        currency: z.string(),
        createdAt: instant,
        units: z.number(),
        value: z.number().describe('What the returned units were paid, in minor units'),
      }),
    )
    .describe('The latest 100 returns'),
});

// Products

export const productsQuery = z.strictObject({
  q: z.string().max(200).optional(),
  category: z.string().max(64).optional(),
  cursor: cursorQuery,
  limit: limitQuery,
});

export const variant = z.object({
  id: z.string(),
  sku: z.string(),
  ean: z.string().nullable(),
  title: z.string(),
  options: z.record(z.string(), z.string()).describe('e.g. { "size": "M" }'),
  priceAmount: z.number(),
  currency: z.string(),
});

export const product = z.object({
  id: z.string(),
  handle: z.string(),
  title: z.string(),
  brand: z.string().nullable(),
  category: z.string().nullable().describe('The category code'),
  tags: z.array(z.string()),
  flags: z.object({
    finalSale: z.boolean(),
    exchangeOnly: z.boolean(),
    personalised: z.boolean(),
    hygieneSealed: z.boolean(),
    perishable: z.boolean(),
    sealedMedia: z.boolean(),
  }),
  variants: z.array(variant),
});
export const productPage = pageOf(product);

// Reasons

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
export const createdReason = created;

// Warehouses and sales channels

const warehouseName = z.string().trim().min(1).max(200);
const warehouseKind = z.enum(WAREHOUSE_KINDS).describe('A store takes returns over the counter');
const openingHours = z.string().trim().max(500);

export const createWarehouseBody = z.strictObject({
  code,
  name: warehouseName,
  address: addressSchema,
  isDefault: z.boolean().optional(),
  kind: warehouseKind.optional(),
  openingHours: openingHours.nullish(),
});
export const updateWarehouseBody = z.strictObject({
  name: warehouseName.optional(),
  address: addressSchema.optional(),
  isDefault: z.boolean().optional().describe('Only true: move the default here from the current one'),
  kind: warehouseKind.optional(),
  openingHours: openingHours.nullish(),
});

export const warehouse = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: warehouseKind,
  address,
  openingHours: z.string().nullable(),
  isDefault: z.boolean().describe('Unrouted returns go to the default warehouse'),
});
export const warehouseList = z.array(warehouse);
export const createdWarehouse = created;

export const createChannelBody = z.strictObject({
  code,
  name: z.string().trim().min(1).max(200),
  kind: z.enum(CHANNEL_KINDS),
});
export const channel = z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.enum(CHANNEL_KINDS) });
export const channelList = z.array(channel);
export const createdChannel = created;

export type Customer = Wire<typeof customer>;
export type CustomerPage = Wire<typeof customerPage>;
export type CustomerDetail = Wire<typeof customerDetail>;
export type Product = Wire<typeof product>;
export type ProductPage = Wire<typeof productPage>;
export type Reason = Wire<typeof reason>;
export type Warehouse = Wire<typeof warehouse>;
export type Channel = Wire<typeof channel>;
export type ReasonInput = z.input<typeof createReasonBody>;
export type ReasonPatch = z.input<typeof updateReasonBody>;
