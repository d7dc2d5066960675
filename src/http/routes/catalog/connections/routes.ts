import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../../app/kernel/context.js';

/** Shop platforms and marketplaces: connections, their sync, and the webhooks they send. */
export function connectionRoutes(_app: FastifyInstance, _ctx: AppContext) {}
