import { z } from 'zod';

/** Requests and responses of Settings → Connections: shop platforms and marketplaces. */
export const connectionParams = z.object({ id: z.string() });
