import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../../app/kernel/context.js';

/** Carriers' tracking webhooks, tracking histories and what the warehouse expects to arrive. */
export function trackingRoutes(_app: FastifyInstance, _ctx: AppContext) {}
