import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { hasZodFastifySchemaValidationErrors, ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ErrorKind, type FieldIssue, RetourError } from '../domain/errors.js';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 422,
  conflict: 409,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  not_acceptable: 406,
  rate_limited: 429,
};

/** Body of an RFC 9457 problem response, with our stable `code` and the fields at fault. */
export type Problem = {
  type?: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: FieldIssue[];
} & Record<string, unknown>;

export function sendProblem(reply: FastifyReply, problem: Problem) {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({ type: problem.type ?? `https://retour.dev/problems/${problem.code.toLowerCase().replace(/_/g, '-')}`, ...problem });
}

const CONTEXT_PREFIX: Record<string, string> = { body: '', querystring: 'query.', params: 'params.', headers: 'headers.' };

/** Fastify's own errors for malformed requests, mapped to stable codes. */
const FASTIFY_CODES: Record<string, { status: number; code: string; title: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', title: 'The request body must be JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE', title: 'The request body is too large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'EMPTY_BODY', title: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'INVALID_CONTENT_LENGTH',
    title: 'Content-Length does not match the body',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', title: 'The body is not valid JSON' },
  FST_ERR_CTP_MALFORMED_JSON: { status: 400, code: 'MALFORMED_JSON', title: 'The body is not valid JSON' },
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_URL', title: 'The URL is not validly encoded' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'PARAM_TOO_LONG', title: 'A path parameter is too long' },
};

/** Errors Fastify raises before a route is found (a badly encoded URL, an over-long path
 * parameter) skip the error handler; Fastify's `frameworkErrors` option sends them here. */
export function frameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const known = FASTIFY_CODES[error.code];
  return sendProblem(
    reply,
    known
      ? { ...known, instance: request.url }
      : {
          status: error.statusCode ?? 500,
          code: error.code.replace(/^FST_ERR_/, ''),
          title: error.message,
          instance: request.url,
        },
  );
}

/** Every error leaves as problem+json; only a true bug becomes a 500, and it says nothing inside. */
export function registerProblemHandling(app: FastifyInstance, options: { explainResponseErrors?: boolean } = {}) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ResponseSerializationError) {
      // A handler answered what its route does not declare: a bug of ours, never the caller's.
      request.log.error({ err: error, cause: error.cause }, 'response does not match its schema');
      return sendProblem(reply, {
        status: 500,
        code: 'RESPONSE_SCHEMA_MISMATCH',
        title: 'Something went wrong on our side',
        instance: request.url,
        ...(options.explainResponseErrors ? { detail: describeCause(error.cause) } : {}),
      });
    }
    if (error instanceof RetourError) {
      return sendProblem(reply, {
        ...error.details,
        status: STATUS_BY_KIND[error.kind],
        code: error.code,
        title: error.message,
        instance: request.url,
        ...(error.fields.length ? { errors: error.fields } : {}),
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return sendProblem(reply, {
        status: 400,
        code: 'VALIDATION_FAILED',
        title: 'The request is not valid',
        instance: request.url,
        errors: validationIssues(error),
      });
    }
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return sendProblem(reply, {
        status: 400,
        code: 'MALFORMED_JSON',
        title: 'The body is not valid JSON',
        instance: request.url,
      });
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return sendProblem(reply, { ...known, instance: request.url });
    if (error.statusCode === 429) {
      return sendProblem(reply, {
        status: 429,
        code: 'RATE_LIMITED',
        title: 'Too many requests, try again later',
        instance: request.url,
      });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, {
        status: error.statusCode,
        code: (error.code ?? 'BAD_REQUEST').replace(/^FST_ERR_/, ''),
        title: error.message,
        instance: request.url,
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, {
      status: 500,
      code: 'INTERNAL_ERROR',
      title: 'Something went wrong on our side',
      instance: request.url,
    });
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      title: `No route ${request.method} ${request.url.split('?')[0]}`,
      instance: request.url,
    }),
  );
}

function describeCause(cause: unknown): string {
  if (cause instanceof z.ZodError) return z.prettifyError(cause);
  return cause instanceof Error ? cause.message : String(cause);
}

/** The fields at fault in a request its route's schema refused, as paths the caller sent. */
function validationIssues(error: FastifyError & { validation: FastifySchemaValidationError[]; validationContext?: string }) {
  const prefix = CONTEXT_PREFIX[error.validationContext ?? 'body'] ?? '';
  return error.validation.flatMap((v) => {
    const path = `${prefix}${v.instancePath.replace(/^\//, '').replace(/\//g, '.')}`.replace(/\.$/, '');
    // An unknown field is the field at fault: name it rather than its parent object.
    const keys = (v.params as { keys?: unknown })?.keys;
    if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      return keys.map((k) => ({
        path: path && !path.endsWith('.') ? `${path}.${k}` : `${path}${k}`,
        message: 'unknown field',
        code: v.keyword,
      }));
    }
    return [{ path, message: v.message ?? 'invalid', code: v.keyword }];
  });
}
