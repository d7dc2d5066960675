import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../../app/kernel/context.js';
import { shopperDocumentRoutes } from './documentRoutes.js';
import { shopperEvaluationRoutes } from './evaluationRoutes.js';
import { shopperLookupRoutes, shopperOrderRoutes } from './orderRoutes.js';
import { shopperPhotoRoutes } from './photoRoutes.js';
import { shopperReturnActionRoutes, shopperReturnRoutes } from './returnRoutes.js';

/** What a shopper can do with the token from an order lookup: only their own order and returns. */
export function shopperRoutes(app: FastifyInstance, ctx: AppContext, lookupLimit: number) {
  shopperLookupRoutes(app, ctx, lookupLimit);
  shopperOrderRoutes(app, ctx);
  shopperEvaluationRoutes(app, ctx);
  shopperPhotoRoutes(app, ctx);
  shopperReturnRoutes(app, ctx);
  shopperReturnActionRoutes(app, ctx);
  shopperDocumentRoutes(app, ctx);
}
