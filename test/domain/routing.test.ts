import { describe, expect, it } from 'vitest';
import { needsCustoms } from '../../src/domain/carriers.js';
import {
  matchRule,
  nearestWarehouse,
  pickService,
  type RoutingFacts,
  type RoutingRule,
  type ServiceCandidate,
} from '../../src/domain/routing.js';

const facts = (over: Partial<RoutingFacts> = {}): RoutingFacts => ({
  country: 'NL',
  method: 'qr',
  categoryIds: ['cat-shoes'],
  reasonCodes: ['too_small'],
  defect: false,
  ...over,
});

const rule = (id: string, position: number, over: Partial<RoutingRule> = {}): RoutingRule => ({
  id,
  name: `Rule ${id}`,
  position,
  enabled: true,
  conditions: {},
  destination: { kind: 'nearest_warehouse' },
  serviceChoice: 'configured',
  ...over,
});

describe('routing rules', () => {
  it('takes the first enabled rule in order whose conditions all hold, and says why the others did not', () => {
    const rules = [
      rule('c', 3),
      rule('a', 1, { conditions: { countries: ['DE', 'AT'] } }),
      rule('b', 2, { conditions: { defect: true } }),
      rule('off', 0, { enabled: false }),
    ];
    const { rule: chosen, skipped } = matchRule(rules, facts());
    expect(chosen?.id).toBe('c');
    expect(skipped).toEqual([
      { id: 'a', name: 'Rule a', reason: 'country NL is not one of DE, AT' },
      { id: 'b', name: 'Rule b', reason: 'no line reports a defect' },
    ]);
  });

  it('matches categories, reasons, methods and defects, and no rule at all when none takes the return', () => {
    const refurb = rule('refurb', 1, { conditions: { categoryIds: ['cat-phones'], methods: ['label', 'qr'] } });
    const repair = rule('repair', 2, { conditions: { defect: true, reasonCodes: ['broken'] } });
    expect(matchRule([refurb, repair], facts({ categoryIds: ['cat-phones', 'cat-shoes'] })).rule?.id).toBe('refurb');
    expect(matchRule([refurb, repair], facts({ categoryIds: ['cat-phones'], method: 'pickup' })).rule).toBeNull();
    expect(matchRule([refurb, repair], facts({ defect: true, reasonCodes: ['broken'] })).rule?.id).toBe('repair');
    expect(matchRule([refurb, repair], facts({ defect: true })).skipped.map((s) => s.reason)).toEqual([
      'no line is in one of its categories',
      'no line has one of its reasons',
    ]);
  });
});

describe('the service booked', () => {
  const candidate = (code: string, position: number, amount: number | null): ServiceCandidate => ({
    connectionId: 'car_1',
    carrier: 'sendcloud',
    serviceCode: code,
    serviceName: code,
    labelFormat: 'pdf',
    needsServicePoint: false,
    position,
    rate: amount === null ? null : { amount, currency: 'EUR' },
  });

  it('is the first configured, or the cheapest quoted with unquoted ones last', () => {
    const list = [candidate('dhl', 2, 450), candidate('postnl', 1, 695), candidate('dpd', 3, null)];
    expect(pickService(list, 'configured')?.serviceCode).toBe('postnl');
    expect(pickService(list, 'cheapest')?.serviceCode).toBe('dhl');
    expect(pickService([candidate('dpd', 3, null), candidate('ups', 1, null)], 'cheapest')?.serviceCode).toBe('ups');
    expect(pickService([], 'cheapest')).toBeNull();
  });
});

describe('where a return goes', () => {
  const hubs = [
    { id: 'nl', country: 'NL', isDefault: true },
    { id: 'de', country: 'DE', isDefault: false },
    { id: 'de2', country: 'DE', isDefault: false },
  ];
  it('is the warehouse in the shopper’s country, else the default one', () => {
    expect(nearestWarehouse(hubs, 'DE')?.id).toBe('de');
    expect(nearestWarehouse(hubs, 'BE')?.id).toBe('nl');
    expect(nearestWarehouse([], 'NL')).toBeNull();
  });

  it('crosses a customs border only between the EU customs union and elsewhere', () => {
    expect(needsCustoms('NL', 'DE')).toBe(false);
    expect(needsCustoms('CH', 'NL')).toBe(true);
    expect(needsCustoms('GB', 'NL')).toBe(true);
    expect(needsCustoms('NO', 'NO')).toBe(false);
    expect(needsCustoms('CH', 'GB')).toBe(true);
  });
});
