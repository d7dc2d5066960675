import { z } from 'zod';
import { fileResponse } from '../../common.js';

export const streamQuery = z.strictObject({
  returnId: z.string().trim().min(1).max(64).optional().describe('Only the events of this return'),
});

/** What each message of the stream carries as its data (JSON). */
export const liveEventData = z.object({
  id: z.string(),
  type: z.string().describe('The change, e.g. return.approved'),
  returnId: z.string().nullable(),
  actorType: z.string(),
  occurredAt: z.string(),
});

export const eventStream = fileResponse(
  'text/event-stream',
  'Server-sent events; each message has the event id as its id and the event as its data',
);

export type LiveEventData = z.input<typeof liveEventData>;
