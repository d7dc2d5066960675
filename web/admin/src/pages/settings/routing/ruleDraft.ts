import type { CarrierMethod } from '../../../../../../src/domain/carriers.js';
import type { RoutingRule, RoutingRuleBody } from './routingModel.js';

/** A routing rule as the form edits it: lists as the form holds them, every destination field. */
export interface RuleDraft {
  name: string;
  enabled: boolean;
  countries: string;
  categoryIds: string[];
  reasonCodes: string[];
  methods: CarrierMethod[];
  defect: 'any' | 'yes' | 'no';
  kind: RoutingRule['destination']['kind'];
  warehouseId: string;
  partner: { name: string; line1: string; postcode: string; city: string; country: string; email: string };
  serviceChoice: RoutingRule['serviceChoice'];
}

export function draftOf(rule: RoutingRule | null, defaultWarehouse: string): RuleDraft {
  const c = rule?.conditions ?? {};
  const d = rule?.destination;
  const partner = d && (d.kind === 'vendor' || d.kind === 'repair_partner') ? d : null;
  return {
    name: rule?.name ?? '',
    enabled: rule?.enabled ?? true,
    countries: (c.countries ?? []).join(', '),
    categoryIds: c.categoryIds ?? [],
    reasonCodes: c.reasonCodes ?? [],
    methods: c.methods ?? [],
    defect: c.defect === undefined ? 'any' : c.defect ? 'yes' : 'no',
    kind: d?.kind ?? 'warehouse',
    warehouseId: d?.kind === 'warehouse' ? d.warehouseId : defaultWarehouse,
    partner: {
      name: partner?.name ?? '',
      line1: partner?.address.line1 ?? '',
      postcode: partner?.address.postcode ?? '',
      city: partner?.address.city ?? '',
      country: partner?.address.country ?? '',
      email: partner?.email ?? '',
    },
    serviceChoice: rule?.serviceChoice ?? 'configured',
  };
}

/** The body the API takes: empty lists left out (they mean any). */
export function bodyOf(draft: RuleDraft): RoutingRuleBody {
  const countries = draft.countries
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const p = draft.partner;
  return {
    name: draft.name,
    enabled: draft.enabled,
    conditions: {
      ...(countries.length ? { countries } : {}),
      ...(draft.categoryIds.length ? { categoryIds: draft.categoryIds } : {}),
      ...(draft.reasonCodes.length ? { reasonCodes: draft.reasonCodes } : {}),
      ...(draft.methods.length ? { methods: draft.methods } : {}),
      ...(draft.defect === 'any' ? {} : { defect: draft.defect === 'yes' }),
    },
    destination:
      draft.kind === 'warehouse'
        ? { kind: 'warehouse', warehouseId: draft.warehouseId }
        : draft.kind === 'nearest_warehouse'
          ? { kind: 'nearest_warehouse' }
          : {
              kind: draft.kind,
              name: p.name,
              address: { line1: p.line1, postcode: p.postcode, city: p.city, country: p.country.toUpperCase() },
              ...(p.email ? { email: p.email } : {}),
            },
    serviceChoice: draft.serviceChoice,
  };
}
