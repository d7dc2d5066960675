import type { FastifyRequest } from 'fastify';
import type { RequestClient } from '../../../../app/risk/clientHash.js';

/** The header the portal sends its random device id in (kept in the browser's localStorage). */
export const DEVICE_HEADER = 'x-retour-device';

/** The device id and IP a portal request came from, raw: the risk context hashes them before they
 * are compared or kept. A device id longer than any the portal makes is ignored, not trusted. */
export function portalClient(req: FastifyRequest): RequestClient {
  const header = req.headers[DEVICE_HEADER];
  const device = typeof header === 'string' && header.trim().length > 0 && header.length <= 128 ? header.trim() : null;
  return { device, ip: req.ip || null };
}

/** How a sighting that could not be kept is reported: the request goes on. */
export const reportSightingFailure = (req: FastifyRequest) => (error: unknown) =>
  req.log.warn({ err: error }, 'portal sighting not recorded');
