import { z } from 'zod';
import { instant, type Wire } from '../../common.js';

export const webhookParams = z.object({ connectionId: z.string().min(1).max(64) });

export const webhookReceived = z
  .object({
    received: z.literal(true),
    duplicate: z.boolean().describe('The carrier sent this delivery before: it is not applied again'),
    updates: z.number().int().describe('Tracking updates the delivery carried'),
  })
  .describe('The delivery was verified and stored; it is applied by a job');

export const inboundQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(60).default(14).describe('How many days ahead, from today'),
});

const counts = {
  atDock: z.number().int().describe('Delivered by the carrier, not received yet'),
  inTransit: z.number().int().describe('Scanned on the way: expected the next working day after the last scan'),
  handedIn: z.number().int().describe('Handed in at a point, not moving yet'),
  labelCreated: z.number().int().describe("Label made, not scanned yet: expected after the return's ship-by date"),
};

export const inboundForecast = z.object({
  from: z.iso.date().describe("Today, in the shop's time zone"),
  days: z.array(
    z.object({
      date: z.iso.date(),
      total: z.number().int(),
      warehouses: z.array(z.object({ warehouseId: z.string().nullable().describe('null: no routing chose one'), ...counts })),
    }),
  ),
});
export type InboundForecast = Wire<typeof inboundForecast>;

export const expectedQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(200) });

export const expectedList = z.object({
  items: z.array(
    z.object({
      returnId: z.string(),
      number: z.string(),
      status: z.string(),
      customerName: z.string().nullable(),
      carrierDeliveredAt: instant,
      destinationWarehouseId: z.string().nullable(),
      parcelCount: z.number().int(),
      trackingNumbers: z.array(z.string()),
    }),
  ),
});
export type ExpectedList = Wire<typeof expectedList>;
