import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getProductDetail, listProducts } from '../../../../app/catalog/catalogQueries.js';
import { addVariant } from '../../../../app/catalog/products/addVariant.js';
import { createCategory } from '../../../../app/catalog/products/createCategory.js';
import { createProduct } from '../../../../app/catalog/products/createProduct.js';
import { deleteProduct } from '../../../../app/catalog/products/deleteProduct.js';
import { removeVariant } from '../../../../app/catalog/products/removeVariant.js';
import { reorderVariants } from '../../../../app/catalog/products/reorderVariants.js';
import { updateCategory } from '../../../../app/catalog/products/updateCategory.js';
import { updateProduct } from '../../../../app/catalog/products/updateProduct.js';
import { updateVariant } from '../../../../app/catalog/products/updateVariant.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams } from '../../common.js';
import { productImageRoutes } from './imageRoutes.js';
import * as s from './schema.js';

/** The products the shop sells, with their variants and return flags; the shop's own products
 * are edited here, those a shop connection owns on their platform. */
export function productRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['products'];
  const manage = staff('catalog.manage');
  r.get('/api/v1/products', {
    schema: { tags, summary: 'Products with variants', querystring: s.productsQuery, response: { 200: s.productPage } },
    config: { access: staff('catalog.read') },
    handler: (req) => listProducts(ctx.db, req.query),
  });
  r.get('/api/v1/products/:id', {
    schema: { tags, summary: 'A product with its variants and return flags', params: idParams, response: { 200: s.product } },
    config: { access: staff('catalog.read') },
    handler: (req) => getProductDetail(ctx.db, req.params.id),
  });
  r.post('/api/v1/products', {
    schema: {
      tags,
      summary: 'Add a product, with its variants in order',
      body: s.createProductBody,
      response: { 201: s.product },
    },
    config: { access: manage },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createProduct(ctx, meta, req.body)),
  });
  r.patch('/api/v1/products/:id', {
    schema: {
      tags,
      summary: 'Change a product (only the fields given); refused for a product a connection owns',
      params: idParams,
      body: s.updateProductBody,
      response: { 200: s.product },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => updateProduct(ctx, meta, { ...req.body, productId: req.params.id })),
  });
  r.delete('/api/v1/products/:id', {
    schema: {
      tags,
      summary: 'Delete a product nothing was sold, stocked, returned or exchanged from',
      params: idParams,
      body: s.deleteBody,
      response: { 200: s.deletedProduct },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 200, async (meta) => {
        await deleteProduct(ctx, meta, { productId: req.params.id });
        return { id: req.params.id, deleted: true as const };
      }),
  });
  variantRoutes(app, ctx);
  categoryRoutes(app, ctx);
  productImageRoutes(app, ctx);
}

function variantRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['products'];
  const manage = staff('catalog.manage');
  r.post('/api/v1/products/:id/variants', {
    schema: {
      tags,
      summary: 'Add a variant after the others',
      params: idParams,
      body: s.variantBody,
      response: { 201: s.product },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) => addVariant(ctx, meta, { ...req.body, productId: req.params.id })),
  });
  r.patch('/api/v1/products/:id/variants/:variantId', {
    schema: {
      tags,
      summary: 'Change a variant (only the fields given)',
      params: s.variantParams,
      body: s.updateVariantBody,
      response: { 200: s.product },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        updateVariant(ctx, meta, { ...req.body, productId: req.params.id, variantId: req.params.variantId }),
      ),
  });
  r.delete('/api/v1/products/:id/variants/:variantId', {
    schema: {
      tags,
      summary: 'Remove a variant nothing refers to',
      params: s.variantParams,
      body: s.deleteBody,
      response: { 200: s.product },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        removeVariant(ctx, meta, { productId: req.params.id, variantId: req.params.variantId }),
      ),
  });
  r.put('/api/v1/products/:id/variant-order', {
    schema: {
      tags,
      summary: "Put the product's variants in this order",
      params: idParams,
      body: s.variantOrderBody,
      response: { 200: s.product },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => reorderVariants(ctx, meta, { ...req.body, productId: req.params.id })),
  });
}

function categoryRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['products'];
  const manage = staff('catalog.manage');
  r.post('/api/v1/categories', {
    schema: { tags, summary: 'Add a product category', body: s.createCategoryBody, response: { 201: s.savedCategory } },
    config: { access: manage },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createCategory(ctx, meta, req.body)),
  });
  r.patch('/api/v1/categories/:id', {
    schema: {
      tags,
      summary: 'Rename a category or move it under another (never under itself)',
      params: idParams,
      body: s.updateCategoryBody,
      response: { 200: s.savedCategory },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => updateCategory(ctx, meta, { ...req.body, categoryId: req.params.id })),
  });
}
