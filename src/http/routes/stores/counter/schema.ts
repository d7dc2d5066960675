import { z } from 'zod';

/** Requests and responses of the store counter and the till (POS). */
export const storeParams = z.object({ id: z.string() });
