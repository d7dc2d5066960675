import { z } from 'zod';
import {
  AUTOMATION_TRIGGERS,
  automationAction,
  automationConditions,
  automationRuleInput,
} from '../../../../domain/automation.js';
import { instant, itemsOf, type Wire } from '../../common.js';

export const createRuleBody = automationRuleInput;
export const replaceRuleBody = automationRuleInput.extend({ position: z.number().int().min(1).max(10_000).optional() });

/** A rule as stored: what it waits for, the conditions that must hold and the actions it does. */
export const automationRule = z.object({
  id: z.string(),
  position: z.number().describe('Rules run in this order'),
  name: z.string(),
  enabled: z.boolean(),
  trigger: z.enum(AUTOMATION_TRIGGERS),
  conditions: automationConditions,
  actions: z.array(automationAction),
  updatedAt: instant,
});
export const automationRuleList = itemsOf(automationRule);

export const deletedRule = z.object({
  id: z.string(),
  deleted: z.boolean().describe('The rule never ran and is gone'),
  disabled: z.boolean().describe('The rule has run: it is kept, switched off'),
});
export const replayedAutomation = z.object({ eventId: z.string(), queued: z.literal(true) });

export type AutomationRuleView = Wire<typeof automationRule>;
export type AutomationRuleList = Wire<typeof automationRuleList>;
