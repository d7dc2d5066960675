import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listWarehouses } from '../../../../app/admin/settingsLists.js';
import { createWarehouse } from '../../../../app/catalog/createWarehouse.js';
import { updateWarehouse } from '../../../../app/catalog/updateWarehouse.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams } from '../../common.js';
import { createdWarehouse, createWarehouseBody, updateWarehouseBody, warehouse, warehouseList } from './schema.js';

/** The warehouses and stores returns go to; one is the default. */
export function warehouseRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['warehouses'];
  r.get('/api/v1/warehouses', {
    schema: { tags, summary: 'Warehouses', response: { 200: warehouseList } },
    config: { access: staff('warehouses.read') },
    handler: () => listWarehouses(ctx.db),
  });
  r.post('/api/v1/warehouses', {
    schema: { tags, summary: 'Add a warehouse', body: createWarehouseBody, response: { 201: createdWarehouse } },
    config: { access: staff('warehouses.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createWarehouse(ctx, meta, req.body)),
  });
  r.patch('/api/v1/warehouses/:id', {
    schema: {
      tags,
      summary: 'Change a warehouse (only the fields given); making one the default unsets the others',
      params: idParams,
      body: updateWarehouseBody,
      response: { 200: warehouse },
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
}
