/** The events an automation rule can wait for (kept apart from the rule schema so the back office
 * can list them without the validation library). */
export const AUTOMATION_TRIGGERS = [
  'return.requested',
  'return.approved',
  'return.in_transit',
  'return.received',
  'return.inspected',
] as const;
export type AutomationTrigger = (typeof AUTOMATION_TRIGGERS)[number];
