import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_PHOTO_BYTES, PHOTO_TYPES } from '../integrations/photos/processPhoto.js';

/** How deep a JSON body may nest. The deepest body the API takes (a policy document's per-method
 * shipping fee inside a rule) nests seven levels; anything far deeper is an attack on every
 * recursive consumer down the line (validation, JSON columns), so it is refused at the door. */
export const MAX_JSON_DEPTH = 32;

/** Whether JSON text opens more than `max` objects or arrays inside each other. One pass over the
 * text, without parsing it, so the check itself cannot overflow the stack. Malformed text is left
 * to the parser to refuse. */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character, so an escaped quote does not end the string.
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The body exactly as it arrived, kept for the Idempotency-Key fingerprint. */
const rawBodies = new WeakMap<FastifyRequest, string | Buffer>();

/** The bytes of a request's body as sent (empty when it had none). */
export function rawBodyOf(request: FastifyRequest): string | Buffer {
  return rawBodies.get(request) ?? '';
}

/** The bodies the API reads: JSON (not nested deeper than MAX_JSON_DEPTH) and, for photos, the
 * image itself. Each keeps its raw bytes for the idempotency fingerprint. */
export function registerRequestBodies(app: FastifyInstance) {
  // The API speaks JSON only. Fastify also parses text/plain by default, which browsers may send
  // cross-site without a preflight; refusing it leaves one way in.
  app.removeContentTypeParser('text/plain');
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(
        Object.assign(new Error(`The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`), {
          statusCode: 400,
          code: 'BODY_TOO_DEEP',
        }),
        undefined,
      );
      return;
    }
    rawBodies.set(request, text);
    parseJson(request, text, done);
  });
  // Photos arrive as the image itself, not wrapped in a form: one upload, one file.
  app.addContentTypeParser([...PHOTO_TYPES], { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES + 1024 }, (request, body, done) => {
    rawBodies.set(request, body as Buffer);
    done(null, body);
  });
}
