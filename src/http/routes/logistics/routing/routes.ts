import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../../app/kernel/context.js';

/** Routing rules: where returns go and with which service. */
export function routingRuleRoutes(_app: FastifyInstance, _ctx: AppContext) {}
