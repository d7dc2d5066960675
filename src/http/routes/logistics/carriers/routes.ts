import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../../app/kernel/context.js';

/** Carrier connections and which service carries each return method per country (Settings → Carriers). */
export function carrierSettingsRoutes(_app: FastifyInstance, _ctx: AppContext) {}
