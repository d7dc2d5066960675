import { z } from 'zod';
import type { Wire } from '../../common.js';

export const shopWebhookParams = z.object({
  token: z.string().min(1).max(64).describe("The secret part of the connection's webhook URL"),
});

export const shopWebhookReceived = z
  .object({
    received: z.literal(true),
    duplicate: z.boolean().describe('The platform sent this delivery before: it is not applied again'),
    topic: z.string().describe('What the delivery is about, as the platform named it'),
  })
  .describe('The delivery was verified and stored (or was a ping); a job applies it');
export type ShopWebhookReceived = Wire<typeof shopWebhookReceived>;
