import { z } from 'zod';

/** The body of a route that reads none: no body (Fastify hands the validator null), or an empty
 * object. Anything else is refused, so no stray body reaches the hooks or the idempotency record
 * unchecked. */
export const noBody = z.strictObject({}).nullish().describe('No body');
export const idParams = z.object({ id: z.string().min(1).max(64) });
export const limitQuery = z.coerce.number().int().min(1).max(100).default(25);
export const cursorQuery = z.string().min(1).max(200).optional();
export const isoDateTime = z.iso.datetime({ offset: true });
export const reasonText = z.string().trim().min(1).max(500);
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })).optional(),
  })
  .describe('RFC 9457 problem details with a stable code');
