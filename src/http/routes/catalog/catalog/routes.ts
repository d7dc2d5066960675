import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createReason } from '../../../../app/admin/createReason.js';
import { listChannels, listReasons, listWarehouses } from '../../../../app/admin/settingsLists.js';
import { updateReason } from '../../../../app/admin/updateReason.js';
import { getProductDetail, listProducts } from '../../../../app/catalog/catalogQueries.js';
import { createChannel } from '../../../../app/catalog/createChannel.js';
import { createWarehouse } from '../../../../app/catalog/createWarehouse.js';
import { getCustomerDetail, listCustomers } from '../../../../app/catalog/customers.js';
import { updateWarehouse } from '../../../../app/catalog/updateWarehouse.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams } from '../../common.js';
import {
  channelList,
  createChannelBody,
  createdChannel,
  createdReason,
  createdWarehouse,
  createReasonBody,
  createWarehouseBody,
  customerDetail,
  customerPage,
  customersQuery,
  product,
  productPage,
  productsQuery,
  reason,
  reasonList,
  updateReasonBody,
  updateWarehouseBody,
  warehouse,
  warehouseList,
} from './schema.js';

/** Reference data: customers, products, reasons, warehouses and channels. */
export function catalogRoutes(app: FastifyInstance, ctx: AppContext) {
  customerAndProductRoutes(app, ctx);
  reasonRoutes(app, ctx);
  warehouseRoutes(app, ctx);
  channelRoutes(app, ctx);
}

function customerAndProductRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/customers', {
    schema: {
      tags: ['customers'],
      summary: 'Search customers by e-mail or name',
      querystring: customersQuery,
      response: { 200: customerPage },
    },
    config: { access: staff('customers.read') },
    handler: (req) => listCustomers(ctx.db, req.query),
  });
  r.get('/api/v1/customers/:id', {
    schema: {
      tags: ['customers'],
      summary: 'A customer with order and return counts',
      params: idParams,
      response: { 200: customerDetail },
    },
    config: { access: staff('customers.read') },
    handler: (req) => getCustomerDetail(ctx.db, req.params.id),
  });

  r.get('/api/v1/products', {
    schema: { tags: ['products'], summary: 'Products with variants', querystring: productsQuery, response: { 200: productPage } },
    config: { access: staff('catalog.read') },
    handler: (req) => listProducts(ctx.db, req.query),
  });
  r.get('/api/v1/products/:id', {
    schema: {
      tags: ['products'],
      summary: 'A product with its variants and return flags',
      params: idParams,
      response: { 200: product },
    },
    config: { access: staff('catalog.read') },
    handler: (req) => getProductDetail(ctx.db, req.params.id),
  });
}

function reasonRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reasons'];
  r.get('/api/v1/reasons', {
    schema: { tags, summary: 'The reason catalogue (nested by parentCode)', response: { 200: reasonList } },
    config: { access: staff('reasons.read') },
    handler: () => listReasons(ctx.db),
  });
  r.post('/api/v1/reasons', {
    schema: { tags, summary: 'Add a reason', body: createReasonBody, response: { 201: createdReason } },
    config: { access: staff('reasons.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createReason(ctx, meta, req.body)),
  });
  r.patch('/api/v1/reasons/:id', {
    schema: {
      tags,
      summary: 'Change a reason (only the fields given); deactivate rather than delete',
      params: idParams,
      body: updateReasonBody,
      response: { 200: reason },
    },
    config: { access: staff('reasons.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => updateReason(ctx, meta, { ...req.body, reasonId: req.params.id })),
  });
}

function warehouseRoutes(app: FastifyInstance, ctx: AppContext) {
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

function channelRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['channels'];
  r.get('/api/v1/channels', {
    schema: { tags, summary: 'Sales channels', response: { 200: channelList } },
    config: { access: staff('orders.read') },
    handler: () => listChannels(ctx.db),
  });
  r.post('/api/v1/channels', {
    schema: { tags, summary: 'Add a sales channel', body: createChannelBody, response: { 201: createdChannel } },
    config: { access: staff('warehouses.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createChannel(ctx, meta, req.body)),
  });
}
