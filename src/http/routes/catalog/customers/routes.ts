import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getCustomerDetail, listCustomers } from '../../../../app/catalog/customers.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { staff } from '../../../access.js';
import { viewOf } from '../../../accessLogHook.js';
import { idParams } from '../../common.js';
import { customerDetail, customerPage, customersQuery } from './schema.js';

/** Customers: found by e-mail or name, each with their orders and returns. */
export function customerRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  r.get('/api/v1/customers', {
    schema: { tags, summary: 'Search customers by e-mail or name', querystring: customersQuery, response: { 200: customerPage } },
    config: { access: staff('customers.read') },
    handler: (req) => listCustomers(ctx.db, req.query),
  });
  r.get('/api/v1/customers/:id', {
    schema: { tags, summary: 'A customer with order and return counts', params: idParams, response: { 200: customerDetail } },
    config: { access: staff('customers.read'), accessLog: viewOf('customer') },
    handler: (req) => getCustomerDetail(ctx.db, req.params.id),
  });
}
