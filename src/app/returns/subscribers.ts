import { type InUnitSubscriber, returnIdsOf } from '../kernel/subscribers.js';
import { syncRepairs } from './repairs/repairs.js';

/** Whatever happened to a return, its repairs follow in the same unit: opened for a line granted
 * a repair, started once the item arrived, ended with the return. */
const repairsInStep: InUnitSubscriber = {
  name: 'returns.repairs-in-step',
  on: (e) => e.subjectType === 'return',
  handle: async (unit, events) => {
    for (const returnId of returnIdsOf(events)) await syncRepairs(unit, returnId);
  },
};

export const returnSubscribers = { inUnit: [repairsInStep] };
