import type { FastifyInstance } from 'fastify';
import type { RetourConfig } from '../config/env.js';

/**
 * The browser's half of the security of the shopper portal, the back office and the API: what a
 * page may load and run (Content-Security-Policy), that no other site frames it (clickjacking),
 * no content sniffing, no URL in a Referer to another site, a window of its own (COOP), and HTTPS
 * only once served over it (HSTS).
 */

/** What the built single-page apps need, and nothing else. Scripts and styles come only from
 * their own files (the built index.html has no inline script; React's style props go through
 * the CSSOM, which CSP does not restrict). Images may come from other hosts: the shop's logo and
 * product images imported from a platform sit on hosts of their own (a CDN); over https only
 * once Retour is served over https. */
function spaPolicy(https: boolean): string[] {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob: https:${https ? '' : ' http:'}`,
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
}

/** The shopper portal's policy. */
export const portalPolicy = (https: boolean) => [...spaPolicy(https), "frame-src 'none'"].join('; ');

/** The back office's: the same, and frames of its own address (the e-mail previews, which come
 * with their own policy, EMAIL_HTML_CSP). */
export const adminPolicy = (https: boolean) => [...spaPolicy(https), "frame-src 'self'"].join('; ');

/** An e-mail's HTML, shown in a back-office frame: a sandbox (no script, forms nor navigation, an
 * origin of its own), its inline styles (e-mails style with them; mail programs ignore style
 * sheets) and its images, nothing else; framed only by Retour's own pages. */
export const EMAIL_HTML_CSP =
  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'";

/** HTML the API answers itself (the page saying a label follows): styled inline, nothing more. */
export const DOCUMENT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Everything else (JSON, PDFs, images, the apps' script files): nothing may run or load. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Powerful features no page of Retour uses are off; the camera is left to its own pages (a
 * photo of a damaged item, taken at the receiving station or by the shopper). */
export const PERMISSIONS_POLICY = 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()';

/** One year, the HSTS preload lists' minimum. */
const HSTS = 'max-age=31536000';

function policyFor(url: string, contentType: string, pages: { portal: string; admin: string }): string | null {
  const path = url.split('?')[0] ?? '';
  // The API docs' UI (Swagger UI) is a page of its own, with its own scripts: it sets no policy here.
  if (path.startsWith('/api/docs')) return null;
  // A 304 has no type, yet its headers replace those the browser kept: the page's own policy then
  // goes by the path (the apps' pages have no extension, their files do).
  const html = contentType ? contentType.startsWith('text/html') : !/\.[a-z0-9]+$/i.test(path);
  if (!html) return API_CSP;
  if (path === '/returns' || path.startsWith('/returns/')) return pages.portal;
  if (path === '/admin' || path.startsWith('/admin/')) return pages.admin;
  return DOCUMENT_CSP;
}

/** Whether Retour is served over HTTPS, so browsers may be told to use nothing else. */
export function servedOverHttps(config: Pick<RetourConfig, 'secureCookies' | 'publicUrl'>): boolean {
  return config.secureCookies || (config.publicUrl ?? '').toLowerCase().startsWith('https://');
}

/** Adds the headers to every answer; a route that sets its own Content-Security-Policy keeps it. */
export function registerSecurityHeaders(app: FastifyInstance, config: Pick<RetourConfig, 'secureCookies' | 'publicUrl'>): void {
  const hsts = servedOverHttps(config);
  const pages = { portal: portalPolicy(hsts), admin: adminPolicy(hsts) };
  app.addHook('onSend', (request, reply, payload, done) => {
    const url = request.url;
    // Judged by the path: `/returns?lang=nl` is the portal as much as `/returns`.
    const path = url.split('?')[0] ?? '';
    reply.header('x-content-type-options', 'nosniff');
    // A page meant for a frame of the back office (an e-mail's HTML) says SAMEORIGIN itself.
    if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    // The portal's pages carry a shopper's token in the fragment (never sent), yet send no
    // Referer at all: a link out of a shopper's return says nothing of it.
    const portal = path === '/returns' || path.startsWith('/returns/') || path.startsWith('/api/v1/shopper');
    reply.header('referrer-policy', portal ? 'no-referrer' : 'strict-origin-when-cross-origin');
    if (hsts) reply.header('strict-transport-security', HSTS);
    if (!reply.hasHeader('content-security-policy')) {
      const policy = policyFor(url, String(reply.getHeader('content-type') ?? ''), pages);
      if (policy) reply.header('content-security-policy', policy);
    }
    done(null, payload);
  });
}
