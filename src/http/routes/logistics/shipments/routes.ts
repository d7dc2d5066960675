import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../../app/kernel/context.js';

/** Return parcels booked with carriers: labels, QR codes, customs documents, voids and retries. */
export function shipmentRoutes(_app: FastifyInstance, _ctx: AppContext) {}
