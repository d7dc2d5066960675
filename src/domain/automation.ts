import { z } from 'zod';
import { AUTOMATION_TRIGGERS } from './automationTriggers.js';
import { RETURN_METHODS } from './policy/vocabulary.js';
import { RISK_SIGNAL_CODES } from './risk/signals.js';

/**
 * Automation rules: when an event about a return happens and the rule's conditions hold, the
 * rule's actions are done, on the record as done by that rule. Pure: matching only; the app layer
 * runs the actions through the same commands staff use.
 */
export { AUTOMATION_TRIGGERS, type AutomationTrigger } from './automationTriggers.js';

const tag = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');

export const automationAction = z.discriminatedUnion('type', [
  // Approve every line still waiting for a decision (a return under review).
  z.strictObject({ type: z.literal('approve') }),
  // Put the return on hold for a person to look at, whatever the policy decided.
  z.strictObject({ type: z.literal('review') }),
  // Start the money for approved lines now (the trusted shopper's refund at the first scan).
  z.strictObject({ type: z.literal('refund') }),
  // Money waits until the goods are received, whatever the policy's timing (docs/fraud.md). There
  // is no action that refuses or rejects: a score, or a rule on it, only sends to a person.
  z.strictObject({ type: z.literal('refund_after_receipt') }),
  z.strictObject({ type: z.literal('tag'), tag }),
  z.strictObject({ type: z.literal('notify'), message: z.string().trim().min(1).max(300) }),
]);
export type AutomationAction = z.infer<typeof automationAction>;

const codes = z.array(z.string().trim().min(1).max(64)).max(50);
export const automationConditions = z
  .strictObject({
    reasons: codes.optional(),
    segments: codes.optional(),
    channels: codes.optional(),
    methods: z.array(z.enum(RETURN_METHODS)).max(RETURN_METHODS.length).optional(),
    /** Value of the returned units, minor units. */
    minValue: z.number().int().min(0).optional(),
    maxValue: z.number().int().min(0).optional(),
    minRisk: z.number().int().min(0).max(100).optional(),
    maxRisk: z.number().int().min(0).max(100).optional(),
    /** Risk signal codes: any of them fired on the return (docs/fraud.md). */
    signals: z.array(z.enum(RISK_SIGNAL_CODES)).min(1).max(RISK_SIGNAL_CODES.length).optional(),
  })
  .refine((c) => c.minValue === undefined || c.maxValue === undefined || c.minValue <= c.maxValue, {
    message: 'minValue is above maxValue',
    path: ['minValue'],
  })
  .refine((c) => c.minRisk === undefined || c.maxRisk === undefined || c.minRisk <= c.maxRisk, {
    message: 'minRisk is above maxRisk',
    path: ['minRisk'],
  });
export type AutomationConditions = z.infer<typeof automationConditions>;

export const automationRuleInput = z.strictObject({
  name: z.string().trim().min(1).max(120),
  enabled: z.boolean(),
  trigger: z.enum(AUTOMATION_TRIGGERS),
  conditions: automationConditions,
  actions: z.array(automationAction).min(1).max(10),
});
export type AutomationRuleInput = z.infer<typeof automationRuleInput>;

export interface AutomationRule extends AutomationRuleInput {
  id: string;
}

/** What the conditions look at, read from the return when its event is handled. */
export interface AutomationFacts {
  reasons: string[];
  segment: string;
  channel: string;
  method: string | null;
  value: number;
  risk: number;
  /** Codes of the risk signals that fired on the return (strength at or above threshold); none
   * when the return was never scored. */
  signals?: readonly string[];
}

/** A rule's conditions hold when every one that is set does; a rule without any always matches. */
export function conditionsHold(c: AutomationConditions, f: AutomationFacts): boolean {
  if (c.reasons?.length && !f.reasons.some((r) => c.reasons?.includes(r))) return false;
  if (c.segments?.length && !c.segments.includes(f.segment)) return false;
  if (c.channels?.length && !c.channels.includes(f.channel)) return false;
  if (c.methods?.length && !(f.method && (c.methods as readonly string[]).includes(f.method))) return false;
  if (c.minValue !== undefined && f.value < c.minValue) return false;
  if (c.maxValue !== undefined && f.value > c.maxValue) return false;
  if (c.minRisk !== undefined && f.risk < c.minRisk) return false;
  if (c.maxRisk !== undefined && f.risk > c.maxRisk) return false;
  if (c.signals?.length && !(f.signals ?? []).some((code) => c.signals?.includes(code as (typeof c.signals)[number])))
    return false;
  return true;
}

/** The enabled rules for this event whose conditions hold, in their order. */
export function matchingRules(rules: readonly AutomationRule[], trigger: string, facts: AutomationFacts): AutomationRule[] {
  return rules.filter((r) => r.enabled && r.trigger === trigger && conditionsHold(r.conditions, facts));
}

/** The rules a new installation starts with: each one a shop is likely to want, editable. */
export const DEFAULT_AUTOMATION_RULES: AutomationRuleInput[] = [
  {
    name: 'High-risk returns go to a person',
    enabled: true,
    trigger: 'return.requested',
    conditions: { minRisk: 60 },
    actions: [{ type: 'review' }, { type: 'notify', message: 'High risk score: check before it ships back' }],
  },
  {
    name: 'Refund trusted shoppers at the first carrier scan',
    enabled: true,
    trigger: 'return.in_transit',
    conditions: { segments: ['vip', 'employee'], maxRisk: 30 },
    actions: [{ type: 'refund' }],
  },
  {
    name: 'Tag returns worth more than €250',
    enabled: true,
    trigger: 'return.requested',
    conditions: { minValue: 25000 },
    actions: [{ type: 'tag', tag: 'high-value' }],
  },
];
