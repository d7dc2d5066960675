import { z } from 'zod';
import { instant, type Wire } from '../../common.js';

/** One of the signed-in staff member's own live sessions. */
export const ownSession = z.object({
  id: z.string(),
  createdAt: instant.describe('When it was signed in'),
  lastSeenAt: instant.nullable().describe('When it was last used (noted at most once a minute)'),
  expiresAt: instant,
  device: z.string().describe('Browser and system, from its user-agent ("Firefox on macOS")'),
  current: z.boolean().describe('The session this request came with'),
});
export const ownSessions = z.object({ items: z.array(ownSession) });
export const sessionParams = z.object({ id: z.string().min(1).max(64) });
export const sessionsEnded = z.object({ ended: z.number().int().describe('How many sessions were ended') });

export type OwnSession = Wire<typeof ownSession>;
export type OwnSessions = Wire<typeof ownSessions>;
