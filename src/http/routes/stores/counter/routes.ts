import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../../app/kernel/context.js';

/** The store counter and the till: returns taken back in person. */
export function storeCounterRoutes(_app: FastifyInstance, _ctx: AppContext) {}
