import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.js';
import { rawBodyOf } from './requestBody.js';

/** Unpaired UTF-16 surrogates: PostgreSQL's JSON columns refuse them and text columns mangle them. */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What a URL must hold for its path parameters or query to hold a NUL or a surrogate: a
 * percent-escape, or the character itself (which the HTTP parser refuses; only an injected request
 * can carry it). */
const URL_MAY_HOLD_UNSTORABLE = /[%\0\ud800-\udfff]/;

/** What JSON text must hold for its parsed values to hold a NUL or a surrogate: the character
 * itself, or a `\u` escape (the only other way JSON writes one). Text without any of them — nearly
 * every body — cannot need the walk through its values. */
const JSON_MAY_HOLD_UNSTORABLE = /\\u|\0|[\ud800-\udfff]/;

function unstorable(text: string): boolean {
  return text.includes('\0') || UNPAIRED_SURROGATE.test(text);
}

/** The path of the first string (or key) in a parsed request part that PostgreSQL cannot store.
 * Iterative, so a deeply nested body cannot overflow the stack. */
function firstUnstorable(value: unknown, prefix: string): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (unstorable(current)) return `${prefix}${path}`.replace(/\.$/, '');
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key;
        if (unstorable(key)) return `${prefix}${childPath}`;
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}

/** Whether the parsed body may hold text PostgreSQL cannot store. A photo's bytes are not text; a
 * JSON body is looked at through its raw text first (one scan, no walk, no allocation). */
function bodyMayHoldUnstorable(request: FastifyRequest): boolean {
  const body = request.body;
  if (body === undefined || body === null || Buffer.isBuffer(body)) return false;
  const raw = rawBodyOf(request);
  return typeof raw !== 'string' || raw === '' || JSON_MAY_HOLD_UNSTORABLE.test(raw);
}

/** The first unstorable place in a request's path parameters, query or body, or null. */
function unstorablePath(request: FastifyRequest): string | null {
  if (URL_MAY_HOLD_UNSTORABLE.test(request.url)) {
    const path = firstUnstorable(request.params, 'params.') ?? firstUnstorable(request.query, 'query.');
    if (path !== null) return path;
  }
  return bodyMayHoldUnstorable(request) ? firstUnstorable(request.body, '') : null;
}

/** Refuses NUL characters and unpaired surrogates anywhere in the path parameters, query or body
 * before any query sees them (PostgreSQL cannot store them), as a validation problem naming the
 * field. Runs after authentication, so a caller without access still gets 401/403 first. */
export function registerTextGuard(app: FastifyInstance) {
  // A callback hook: nearly every request passes without a promise or a turn of the event loop.
  app.addHook('preValidation', (request, reply, done) => {
    const path = unstorablePath(request);
    if (path === null) {
      done();
      return;
    }
    sendProblem(reply, {
      status: 400,
      code: 'VALIDATION_FAILED',
      title: 'The request is not valid',
      instance: request.url,
      errors: [{ path, message: 'must not contain NUL characters or unpaired surrogates', code: 'invalid_text' }],
    });
  });
}
