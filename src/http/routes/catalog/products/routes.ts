import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getProductDetail, listProducts } from '../../../../app/catalog/catalogQueries.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { staff } from '../../../access.js';
import { idParams } from '../../common.js';
import { product, productPage, productsQuery } from './schema.js';

/** The products the shop sells, with their variants and return flags. */
export function productRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['products'];
  r.get('/api/v1/products', {
    schema: { tags, summary: 'Products with variants', querystring: productsQuery, response: { 200: productPage } },
    config: { access: staff('catalog.read') },
    handler: (req) => listProducts(ctx.db, req.query),
  });
  r.get('/api/v1/products/:id', {
    schema: { tags, summary: 'A product with its variants and return flags', params: idParams, response: { 200: product } },
    config: { access: staff('catalog.read') },
    handler: (req) => getProductDetail(ctx.db, req.params.id),
  });
}
