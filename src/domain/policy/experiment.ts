/** Assigning shoppers to the arms of a policy experiment. */

/** The control arm keeps the active policy; the variant arm gets the version tried. */
export const POLICY_ARMS = ['control', 'variant'] as const;
export type PolicyArm = (typeof POLICY_ARMS)[number];

/** An experiment runs until staff stop it (optionally making the variant the active policy). */
export const EXPERIMENT_STATUSES = ['running', 'stopped'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

/** 32-bit FNV-1a: small, fast and the same everywhere (server, web, tests). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The arm a customer is in, decided by the experiment and customer id alone: the same customer
 * always sees the same policy during an experiment, and another experiment reshuffles.
 * `variantShareBp` is the variant's share in basis points (2,500 = 25%). */
export function assignArm(experimentId: string, customerId: string, variantShareBp: number): PolicyArm {
  return fnv1a(`${experimentId}:${customerId}`) % 10_000 < variantShareBp ? 'variant' : 'control';
}
