import type { CarrierMethod, CarrierName, LabelFormat } from './carriers.js';

/**
 * Where a return goes and with which carrier service, decided like the policy: rules in order, the
 * first that takes the return wins, and the answer says which rule decided, which rules did not and
 * why, and which services (at which rates) were compared.
 */

/** Which returns a routing rule takes; an empty or missing list means any. */
export interface RoutingConditions {
  countries?: string[];
  categoryIds?: string[];
  reasonCodes?: string[];
  methods?: CarrierMethod[];
  /** Only returns with a line reported as a defect (true) or only without (false). */
  defect?: boolean;
}

export interface DestinationAddress {
  line1: string;
  line2?: string;
  postcode: string;
  city: string;
  country: string;
}

/** Where a routing rule sends returns. */
export type RoutingDestination =
  | { kind: 'warehouse'; warehouseId: string }
  /** The warehouse in the shopper's country, else the default one (shops with hubs in several countries). */
  | { kind: 'nearest_warehouse' }
  | { kind: 'vendor' | 'repair_partner'; name: string; address: DestinationAddress; email?: string | null };

export const SERVICE_CHOICES = ['configured', 'cheapest'] as const;
export type ServiceChoice = (typeof SERVICE_CHOICES)[number];

export interface RoutingRule {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  conditions: RoutingConditions;
  destination: RoutingDestination;
  serviceChoice: ServiceChoice;
}

/** What routing knows of a return. */
export interface RoutingFacts {
  /** The shopper's country (ISO-2). */
  country: string;
  method: CarrierMethod;
  categoryIds: string[];
  reasonCodes: string[];
  /** Some line reports a defect (a defect reason, or a repair or replacement asked for). */
  defect: boolean;
}

/** Why a rule did not take the return, the first condition it failed. */
export function ruleMismatch(conditions: RoutingConditions, facts: RoutingFacts): string | null {
  const any = (list: readonly string[] | undefined) => !list || list.length === 0;
  if (!any(conditions.countries) && !conditions.countries?.includes(facts.country))
    return `country ${facts.country} is not one of ${conditions.countries?.join(', ')}`;
  if (!any(conditions.methods) && !conditions.methods?.includes(facts.method))
    return `method ${facts.method} is not one of ${conditions.methods?.join(', ')}`;
  if (!any(conditions.categoryIds) && !facts.categoryIds.some((c) => conditions.categoryIds?.includes(c)))
    return 'no line is in one of its categories';
  if (!any(conditions.reasonCodes) && !facts.reasonCodes.some((r) => conditions.reasonCodes?.includes(r)))
    return 'no line has one of its reasons';
  if (conditions.defect !== undefined && conditions.defect !== facts.defect)
    return conditions.defect ? 'no line reports a defect' : 'a line reports a defect';
  return null;
}

/** The first enabled rule (by position) that takes the return, and why each before it did not. */
export function matchRule(
  rules: readonly RoutingRule[],
  facts: RoutingFacts,
): { rule: RoutingRule | null; skipped: { id: string; name: string; reason: string }[] } {
  const skipped: { id: string; name: string; reason: string }[] = [];
  const ordered = [...rules].filter((r) => r.enabled).sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  for (const rule of ordered) {
    const reason = ruleMismatch(rule.conditions, facts);
    if (reason === null) return { rule, skipped };
    skipped.push({ id: rule.id, name: rule.name, reason });
  }
  return { rule: null, skipped };
}

export interface WarehouseChoice {
  id: string;
  country: string;
  isDefault: boolean;
}

/** The warehouse in the shopper's country (the default one among several there), else the shop's
 * default warehouse, else the first. */
export function nearestWarehouse<W extends WarehouseChoice>(warehouses: readonly W[], country: string): W | null {
  const rank = (w: W) => (w.country === country ? 0 : 2) + (w.isDefault ? 0 : 1);
  return [...warehouses].sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

/** A carrier service the shop mapped to the return's method for the shopper's country. */
export interface ServiceCandidate {
  connectionId: string;
  carrier: CarrierName;
  serviceCode: string;
  serviceName: string;
  labelFormat: LabelFormat;
  needsServicePoint: boolean;
  position: number;
  /** The carrier's quote, when rates were compared and the carrier gave one. */
  rate: { amount: number; currency: string } | null;
  /** Why no rate (the carrier has no price API, or it did not answer). */
  rateNote?: string | null;
}

/** The service to book: the first configured (by position), or the cheapest quoted when the rule
 * says so — services without a quote come after every quoted one, in configured order. */
export function pickService(candidates: readonly ServiceCandidate[], choice: ServiceChoice): ServiceCandidate | null {
  const configured = [...candidates].sort((a, b) => a.position - b.position);
  if (choice === 'configured') return configured[0] ?? null;
  const quoted = configured.filter((c) => c.rate !== null).sort((a, b) => (a.rate?.amount ?? 0) - (b.rate?.amount ?? 0));
  return quoted[0] ?? configured[0] ?? null;
}

/** What routing decided and why, kept on the return and shown to staff. */
export interface RoutingExplanation {
  rule: { id: string; name: string } | null;
  skipped: { id: string; name: string; reason: string }[];
  destination: { kind: RoutingDestination['kind'] | 'default'; name: string; warehouseId: string | null; country: string };
  serviceChoice: ServiceChoice;
  candidates: {
    connectionId: string;
    carrier: CarrierName;
    service: string;
    serviceName: string;
    amount: number | null;
    currency: string | null;
    note: string | null;
    chosen: boolean;
  }[];
  /** No carrier service is mapped for the method and country: Retour's own label is used. */
  fallback: boolean;
  decidedAt: string;
}
