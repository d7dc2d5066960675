import type { FastifyInstance } from 'fastify';
import { sendProblem } from './problem.js';

/** Unpaired UTF-16 surrogates: PostgreSQL's JSON columns refuse them and text columns mangle them. */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

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

/** Refuses NUL characters and unpaired surrogates anywhere in the path parameters, query or body
 * before any query sees them (PostgreSQL cannot store them), as a validation problem naming the
 * field. Runs after authentication, so a caller without access still gets 401/403 first. */
export function registerTextGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request, reply) => {
    const path =
      firstUnstorable(request.params, 'params.') ?? firstUnstorable(request.query, 'query.') ?? firstUnstorable(request.body, '');
    if (path === null) return;
    return sendProblem(reply, {
      status: 400,
      code: 'VALIDATION_FAILED',
      title: 'The request is not valid',
      instance: request.url,
      errors: [{ path, message: 'must not contain NUL characters or unpaired surrogates', code: 'invalid_text' }],
    });
  });
}
