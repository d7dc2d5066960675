import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../../app/kernel/context.js';

/** What a shopper picks to send a return: methods on offer in their country, drop-off points, pickup slots. */
export function dropOffRoutes(_app: FastifyInstance, _ctx: AppContext) {}
