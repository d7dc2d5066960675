import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { RetourError } from '../domain/errors.js';
import { publicAccess } from './access.js';

/** Where `vite build` puts the shopper portal (see web/portal/vite.config.ts). */
export const PORTAL_DIR = resolve(fileURLToPath(new URL('../../dist/portal', import.meta.url)));

/** Serves the shopper portal under /returns/: its built files, and index.html for every other
 * path so a reload of a deep link still lands in the app. */
export async function registerPortal(app: FastifyInstance, dir = PORTAL_DIR) {
  await app.register(fastifyStatic, { root: dir, serve: false });
  const built = () => existsSync(join(dir, 'index.html'));
  const notBuilt = () =>
    new RetourError('not_found', 'PORTAL_NOT_BUILT', 'The shopper portal has not been built: run `npm run build`');

  app.get('/', { config: { access: publicAccess } }, (_req, reply) => reply.redirect('/returns/'));
  app.get('/returns', { config: { access: publicAccess } }, (_req, reply) => reply.redirect('/returns/'));
  app.get('/returns/*', { config: { access: publicAccess } }, (req, reply) => {
    if (!built()) throw notBuilt();
    const path = (req.params as { '*': string })['*'];
    // Hashed asset names never change: cache them for a year; index.html must always be fresh.
    const file = resolve(dir, path);
    if (path.startsWith('assets/') && file.startsWith(`${dir}${sep}`) && existsSync(file)) {
      return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(path);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
