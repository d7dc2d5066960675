import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { RetourError } from '../domain/errors.js';
import { publicAccess } from './access.js';

/** Where `vite build` puts the shopper portal and the back office (see web/{portal,admin}/vite.config.ts). */
export const PORTAL_DIR = resolve(fileURLToPath(new URL('../../dist/portal', import.meta.url)));
export const ADMIN_DIR = resolve(fileURLToPath(new URL('../../dist/admin', import.meta.url)));

/** Serves a built single-page app under a prefix: its files, and index.html for every other path
 * so a reload of a deep link still lands in the app. The app itself decides who sees what; the
 * API behind it checks every call. */
async function registerSpa(app: FastifyInstance, prefix: string, dir: string, name: string, code: string) {
  const built = () => existsSync(join(dir, 'index.html'));
  const notBuilt = () => new RetourError('not_found', code, `The ${name} has not been built: run \`npm run build\``);
  app.get(prefix, { config: { access: publicAccess } }, (_req, reply) => reply.redirect(`${prefix}/`));
  app.get(`${prefix}/*`, { config: { access: publicAccess } }, (req, reply) => {
    if (!built()) throw notBuilt();
    const path = (req.params as { '*': string })['*'];
    const file = resolve(dir, path);
    if (file.startsWith(`${dir}${sep}`) && statSync(file, { throwIfNoEntry: false })?.isFile()) {
      // Hashed asset names never change: cache them for a year. Other files (the favicon) keep
      // their name across builds, so they are checked again each time (a 304 when unchanged).
      const hashed = path.startsWith('assets/');
      return reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache').sendFile(path, dir);
    }
    // index.html must always be fresh: it names the current build's assets.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', dir);
  });
}

/** The shopper portal under /returns/ and the back office under /admin/. */
export async function registerPortal(app: FastifyInstance, dir = PORTAL_DIR, adminDir = ADMIN_DIR) {
  // The build writes a brotli and a gzip copy beside each text file (web/precompress.ts): the one
  // the browser accepts is sent, with Vary: Accept-Encoding. The routes set Cache-Control.
  await app.register(fastifyStatic, { root: [dir, adminDir], serve: false, preCompressed: true, cacheControl: false });
  app.get('/', { config: { access: publicAccess } }, (_req, reply) => reply.redirect('/returns/'));
  await registerSpa(app, '/returns', dir, 'shopper portal', 'PORTAL_NOT_BUILT');
  await registerSpa(app, '/admin', adminDir, 'back office', 'ADMIN_NOT_BUILT');
}
