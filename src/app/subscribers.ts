import { analyticsSubscribers } from './analytics/subscribers.js';
import { exchangeSubscribers } from './exchanges/subscribers.js';
import type { Subscribers } from './kernel/subscribers.js';
import { logisticsSubscribers } from './logistics/subscribers.js';
import { messagingSubscribers } from './messaging/subscribers.js';
import { moneySubscribers } from './money/subscribers.js';
import { marketplaceReturnSubscribers } from './platforms/marketplaceReturns/subscribers.js';
import { platformSubscribers } from './platforms/subscribers.js';
import { returnSubscribers } from './returns/subscribers.js';

/**
 * Every context's subscribers, the one list through which an event reaches what follows from it
 * (see src/app/kernel/subscribers.ts). In-unit subscribers run in the order listed: a return's
 * exchange orders before its repairs.
 */
export const appSubscribers: Subscribers = {
  inUnit: [...exchangeSubscribers.inUnit, ...returnSubscribers.inUnit],
  fanOut: [...messagingSubscribers.fanOut, ...analyticsSubscribers.fanOut],
  afterCommit: [
    ...moneySubscribers.afterCommit,
    ...exchangeSubscribers.afterCommit,
    ...logisticsSubscribers.afterCommit,
    ...platformSubscribers.afterCommit,
    ...marketplaceReturnSubscribers.afterCommit,
  ],
};
