import { staleFacts } from './facts/staleFacts.js';

/** Analytics follows every change to the facts' sources by marking what went stale (see
 * src/app/analytics/facts/staleFacts.ts); a job refreshes it. */
export const analyticsSubscribers = { fanOut: [staleFacts] };
