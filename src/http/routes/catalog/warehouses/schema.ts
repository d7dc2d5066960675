import { z } from 'zod';
import { address, addressSchema } from '../../../../domain/address.js';
import { WAREHOUSE_KINDS } from '../../../../domain/salesChannel.js';
import { referenceCode as code, type Wire } from '../../common.js';

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
export const createdWarehouse = z.object({ id: z.string() });

export type Warehouse = Wire<typeof warehouse>;
