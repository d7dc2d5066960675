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
/** The code staff give reference data (a reason, a warehouse, a sales channel): stable, lower case. */
export const referenceCode = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lowercase letters, digits, _ . -');
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })).optional(),
  })
  .describe('RFC 9457 problem details with a stable code');

/** What a response schema says leaves the server, as the client reads it (JSON: dates as strings).
 * The web apps type their API answers with it (`Wire<typeof someResponse>`). */
export type Wire<T extends z.ZodType> = z.input<T>;

/** A moment in a response: handlers answer a Date (or an ISO string read from JSON), the client
 * reads an ISO 8601 string. */
export const instant = z.codec(z.iso.datetime({ offset: true }), z.union([z.date(), z.iso.datetime({ offset: true })]), {
  decode: (text) => text,
  encode: (value) => (typeof value === 'string' ? value : value.toISOString()),
});

/** A calendar day (YYYY-MM-DD) in a response. */
export const day = z.iso.date();

/** A success answer that is not JSON (a PDF, a CSV file, an event stream): the OpenAPI document
 * names its media type; the handler sends the bytes itself. */
export function fileResponse(mediaType: string, description: string) {
  return { description, content: { [mediaType]: { schema: z.string().describe(description) } } };
}

/** The answer of a route that answers nothing (204). */
export const noContent = z.null().describe('No content');

/** A page of a list, as the list routes answer it: the items and the cursor of the next page. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  });

/** A whole list (no paging), as `{ items }`. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
