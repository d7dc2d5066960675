/**
 * How one refund stands when a provider's day is laid beside Retour's settlements: the same on
 * both sides, made in Retour but not found at the provider, found with another amount, made at the
 * provider outside Retour, or still on its way.
 */
export const RECONCILIATION_OUTCOMES = ['matched', 'missing_at_provider', 'amount_mismatch', 'not_in_retour', 'pending'] as const;
export type ReconciliationOutcome = (typeof RECONCILIATION_OUTCOMES)[number];
