import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Below this a compressed body saves less than its headers and the work cost. */
export const COMPRESS_MIN_BYTES = 1024;

/** JSON (application/json, problem+json and other +json types) shrinks to a fraction; PDFs,
 * images and the event stream are compressed already or must flow unbuffered, so they are left alone. */
const COMPRESSIBLE = /^application\/(?:[\w.-]+\+)?json\b/i;

type Encoding = 'br' | 'gzip';

/** The encoding to answer with, from an Accept-Encoding header: brotli when accepted (smaller),
 * else gzip, else none. A coding with q=0 is refused; `*` stands for any not named. */
export function chooseEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const quality = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    if (name) quality.set(name, Number.isFinite(value) ? value : 0);
  }
  const accepts = (coding: Encoding) => (quality.get(coding) ?? quality.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return null;
}

/** The bytes a payload takes on the wire, or null for one that is not a body to compress (a
 * stream, nothing). A string of fewer than a third of the threshold's characters cannot reach it
 * (UTF-8 takes at most three bytes a character): it is answered without being measured. */
function payloadBytes(payload: unknown): number | null {
  if (typeof payload === 'string') return payload.length * 3 < COMPRESS_MIN_BYTES ? payload.length : Buffer.byteLength(payload);
  return Buffer.isBuffer(payload) ? payload.length : null;
}

async function compress(bytes: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })
    : gzipAsync(bytes, { level: 6 });
}

/** Compresses JSON responses of at least COMPRESS_MIN_BYTES in the encoding the client accepts.
 * Registered after the idempotency hook, so the stored response is the plain JSON. Fast levels:
 * this runs per response (the web apps' files are compressed once, at build). */
export function registerCompression(app: FastifyInstance) {
  // A callback hook: the many small answers pass on at once, without a promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    const size = payloadBytes(payload);
    if (
      size === null ||
      size < COMPRESS_MIN_BYTES ||
      reply.hasHeader('content-encoding') ||
      !COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))
    ) {
      done(null, payload);
      return;
    }
    // Whether compressed or not, this answer depends on Accept-Encoding: caches must keep them apart.
    const vary = String(reply.getHeader('vary') ?? '');
    if (!/\baccept-encoding\b|\*/i.test(vary)) reply.header('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    if (!encoding) {
      done(null, payload);
      return;
    }
    compress(typeof payload === 'string' ? Buffer.from(payload) : (payload as Buffer), encoding).then((compressed) => {
      reply.header('content-encoding', encoding);
      reply.removeHeader('content-length');
      done(null, compressed);
    }, done);
  });
}
