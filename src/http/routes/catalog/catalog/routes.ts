import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createReason } from '../../../../app/admin/createReason.js';
import { listChannels, listReasons, listWarehouses } from '../../../../app/admin/settingsLists.js';
import { updateReason } from '../../../../app/admin/updateReason.js';
import { getProductDetail, listProducts } from '../../../../app/catalog/catalogQueries.js';
import { createChannel } from '../../../../app/catalog/createChannel.js';
import { createWarehouse } from '../../../../app/catalog/createWarehouse.js';
import { getCustomerDetail, listCustomers } from '../../../../app/catalog/customers.js';
import { addressSchema } from '../../../../app/catalog/importOrders.js';
import { updateWarehouse } from '../../../../app/catalog/updateWarehouse.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { cursorQuery, idParams, limitQuery } from '../../common.js';

const code = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lowercase letters, digits, _ . -');
const reasonLabels = z
  .record(z.string().regex(/^[a-z]{2}$/), z.string().min(1).max(200))
  .refine((l) => Object.keys(l).length > 0, 'at least one label');
const reasonPosition = z.number().int().min(0).max(10_000);
const warehouseName = z.string().trim().min(1).max(200);
const warehouseKind = z.enum(['warehouse', 'store']).describe('A store takes returns over the counter');
const openingHours = z.string().trim().max(500);

/** Reference data: customers, products, reasons, warehouses and channels. */
export function catalogRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/customers', {
    schema: {
      tags: ['customers'],
      summary: 'Search customers by e-mail or name',
      querystring: z.strictObject({ q: z.string().max(200).optional(), cursor: cursorQuery, limit: limitQuery }),
    },
    config: { access: staff('customers.read') },
    handler: (req) => listCustomers(ctx.db, req.query),
  });
  r.get('/api/v1/customers/:id', {
    schema: { tags: ['customers'], summary: 'A customer with order and return counts', params: idParams },
    config: { access: staff('customers.read') },
    handler: (req) => getCustomerDetail(ctx.db, req.params.id),
  });

  r.get('/api/v1/products', {
    schema: {
      tags: ['products'],
      summary: 'Products with variants',
      querystring: z.strictObject({
        q: z.string().max(200).optional(),
        category: z.string().max(64).optional(),
        cursor: cursorQuery,
        limit: limitQuery,
      }),
    },
    config: { access: staff('catalog.read') },
    handler: (req) => listProducts(ctx.db, req.query),
  });
  r.get('/api/v1/products/:id', {
    schema: { tags: ['products'], summary: 'A product with its variants and return flags', params: idParams },
    config: { access: staff('catalog.read') },
    handler: (req) => getProductDetail(ctx.db, req.params.id),
  });

  r.get('/api/v1/reasons', {
    schema: { tags: ['reasons'], summary: 'The reason catalogue (nested by parentCode)' },
    config: { access: staff('reasons.read') },
    handler: () => listReasons(ctx.db),
  });
  r.post('/api/v1/reasons', {
    schema: {
      tags: ['reasons'],
      summary: 'Add a reason',
      body: z.strictObject({
        code,
        parentCode: code.nullish(),
        labels: reasonLabels,
        controllable: z.boolean(),
        requiresPhoto: z.boolean().optional(),
        defect: z
          .boolean()
          .optional()
          .describe('The shopper reports a defect: the legal guarantee applies after the return window'),
        position: reasonPosition.optional(),
      }),
    },
    config: { access: staff('reasons.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createReason(ctx, meta, req.body)),
  });
  r.patch('/api/v1/reasons/:id', {
    schema: {
      tags: ['reasons'],
      summary: 'Change a reason (only the fields given); deactivate rather than delete',
      params: idParams,
      body: z.strictObject({
        labels: reasonLabels.optional().describe('Replaces all labels'),
        parentCode: code.nullish().describe('null moves the reason to the top level'),
        controllable: z.boolean().optional(),
        requiresPhoto: z.boolean().optional(),
        defect: z.boolean().optional(),
        active: z.boolean().optional().describe('Inactive reasons are no longer offered to shoppers'),
        position: reasonPosition.optional(),
      }),
    },
    config: { access: staff('reasons.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => updateReason(ctx, meta, { ...req.body, reasonId: req.params.id })),
  });

  r.get('/api/v1/warehouses', {
    schema: { tags: ['warehouses'], summary: 'Warehouses' },
    config: { access: staff('warehouses.read') },
    handler: () => listWarehouses(ctx.db),
  });
  r.post('/api/v1/warehouses', {
    schema: {
      tags: ['warehouses'],
      summary: 'Add a warehouse',
      body: z.strictObject({
        code,
        name: warehouseName,
        address: addressSchema,
        isDefault: z.boolean().optional(),
        kind: warehouseKind.optional(),
        openingHours: openingHours.nullish(),
      }),
    },
    config: { access: staff('warehouses.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createWarehouse(ctx, meta, req.body)),
  });
  r.patch('/api/v1/warehouses/:id', {
    schema: {
      tags: ['warehouses'],
      summary: 'Change a warehouse (only the fields given); making one the default unsets the others',
      params: idParams,
      body: z.strictObject({
        name: warehouseName.optional(),
        address: addressSchema.optional(),
        isDefault: z.boolean().optional().describe('Only true: move the default here from the current one'),
        kind: warehouseKind.optional(),
        openingHours: openingHours.nullish(),
      }),
    },
    config: { access: staff('warehouses.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        updateWarehouse(ctx, meta, {
          ...req.body,
          warehouseId: req.params.id,
          openingHours: req.body.openingHours === undefined ? undefined : (req.body.openingHours ?? null),
        }),
      ),
  });

  r.get('/api/v1/channels', {
    schema: { tags: ['channels'], summary: 'Sales channels' },
    config: { access: staff('orders.read') },
    handler: () => listChannels(ctx.db),
  });
  r.post('/api/v1/channels', {
    schema: {
      tags: ['channels'],
      summary: 'Add a sales channel',
      body: z.strictObject({
        code,
        name: z.string().trim().min(1).max(200),
        kind: z.enum(['webshop', 'marketplace', 'store', 'pos', 'other']),
      }),
    },
    config: { access: staff('warehouses.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createChannel(ctx, meta, req.body)),
  });
}
