import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { type ZodType, z } from 'zod';

type SerializerInput = { schema: unknown; method: string; url: string; httpStatus?: string };

/** A route's response schema, as Fastify hands it to the serializer compiler (a zod schema, or the
 * zod schema of one content type). */
function zodSchemaOf(maybe: unknown): ZodType {
  if (maybe instanceof z.ZodType) return maybe;
  const properties = (maybe as { properties?: unknown } | null)?.properties;
  if (properties instanceof z.ZodType) return properties;
  throw new Error(`a response schema must be a zod schema, got ${JSON.stringify(maybe)}`);
}

/** Where two JSON values differ (the first place found), or null when they are the same. */
export function jsonDifference(sent: unknown, declared: unknown, path = ''): string | null {
  if (Array.isArray(sent) || Array.isArray(declared)) {
    if (!Array.isArray(sent) || !Array.isArray(declared)) return path || '(root)';
    if (sent.length !== declared.length) return `${path}.length`;
    for (let i = 0; i < sent.length; i++) {
      const d = jsonDifference(sent[i], declared[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (sent && declared && typeof sent === 'object' && typeof declared === 'object') {
    const a = sent as Record<string, unknown>;
    const b = declared as Record<string, unknown>;
    for (const key of Object.keys(a)) {
      if (a[key] === undefined) continue;
      if (!(key in b)) return `${path}.${key} (not in the schema)`;
      const d = jsonDifference(a[key], b[key], `${path}.${key}`);
      if (d) return d;
    }
    for (const key of Object.keys(b)) if (!(key in a) && b[key] !== undefined) return `${path}.${key} (added by the schema)`;
    return null;
  }
  return Object.is(sent, declared) ? null : path || '(root)';
}

/**
 * Serializes a JSON response through the route's declared schema (zod `encode`: dates become ISO
 * strings, and nothing undeclared leaves the server). In strict mode (tests and development) a
 * response is also refused when the schema would change it — a field the schema does not declare,
 * or a value it rewrites — so a schema that drifts from what the handler answers fails loudly
 * instead of silently dropping data the web apps read.
 */
export function responseSerializerCompiler(options: { strict: boolean }) {
  return ({ schema, method, url }: SerializerInput) => {
    const zodSchema = zodSchemaOf(schema);
    return (data: unknown): string => {
      const result = z.safeEncode(zodSchema, data);
      if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
      const json = JSON.stringify(result.data);
      if (options.strict) {
        const difference = jsonDifference(JSON.parse(JSON.stringify(data) ?? 'null'), JSON.parse(json ?? 'null'));
        if (difference)
          throw new ResponseSerializationError(method, url, {
            cause: new z.ZodError([
              { code: 'custom', path: [], input: data, message: `the response does not match its schema at ${difference}` },
            ]),
          });
      }
      return json;
    };
  };
}
