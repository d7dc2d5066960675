import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../../app/kernel/context.js';
import type { ShopperTokens } from '../../../../app/kernel/shopperTokens.js';
import type { PaymentGateway } from '../../../../app/money/payments/gateway.js';
import type { PhotoStore } from '../../../../app/returns/photoStore.js';
import { shopperDocumentRoutes } from './documentRoutes.js';
import { shopperEvaluationRoutes } from './evaluationRoutes.js';
import { shopperLookupRoutes, shopperOrderRoutes } from './orderRoutes.js';
import { shopperPhotoRoutes } from './photoRoutes.js';
import { shopperReturnActionRoutes, shopperReturnRoutes } from './returnRoutes.js';

/** What a shopper can do with the token from an order lookup: only their own order and returns. */
export function shopperRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  tokens: ShopperTokens,
  lookupLimit: number,
  photos: PhotoStore,
  _payments: PaymentGateway,
) {
  shopperLookupRoutes(app, ctx, tokens, lookupLimit);
  shopperOrderRoutes(app, ctx);
  shopperEvaluationRoutes(app, ctx);
  shopperPhotoRoutes(app, ctx, photos);
  shopperReturnRoutes(app, ctx, tokens);
  shopperReturnActionRoutes(app, ctx);
  shopperDocumentRoutes(app, ctx);
}
