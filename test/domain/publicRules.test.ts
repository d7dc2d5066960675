import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from '../../src/domain/policy/document.js';
import { publicRules } from '../../src/domain/policy/publicRules.js';

const doc = parsePolicyDocument({
  defaults: { window: { days: 30 } },
  rules: [
    {
      id: 'sale',
      name: 'Sale items: store credit only',
      translations: {
        nl: { name: 'Uitverkoop: alleen tegoed', description: 'Afgeprijsde artikelen ruil je voor tegoed.' },
        de: { name: 'Sale: nur Guthaben' },
      },
      when: { productTags: ['sale'] },
      effects: { resolutions: ['store_credit'] },
    },
    {
      id: 'holidays',
      name: 'Holiday orders: until 31 January',
      when: { orderedBetween: { from: '2025-11-15', to: '2025-12-31' } },
      effects: { window: { days: 45 } },
    },
    {
      id: 'next-holidays',
      name: 'Next holidays',
      when: { orderedBetween: { from: '2026-11-15', to: '2026-12-31' } },
      effects: {},
    },
    { id: 'hidden', name: 'Internal', public: false, when: {}, effects: {} },
    { id: 'off', name: 'Switched off', enabled: false, when: {}, effects: {} },
  ],
});

describe('the public rules of a policy page', () => {
  it('speaks the shopper’s language, then the shop’s default, then the rule’s own text', () => {
    const page = (locale: 'nl' | 'en' | 'de' | 'fr', defaultLocale = 'nl') =>
      publicRules(doc.rules, { locale, defaultLocale, today: '2025-12-01' })[0];
    expect(page('nl')).toEqual({ name: 'Uitverkoop: alleen tegoed', description: 'Afgeprijsde artikelen ruil je voor tegoed.' });
    expect(page('de')).toEqual({ name: 'Sale: nur Guthaben', description: null });
    expect(page('fr')).toEqual(page('nl'));
    expect(page('fr', 'en')).toEqual({ name: 'Sale items: store credit only', description: null });
  });

  it('leaves out rules whose dates have passed, internal rules and rules switched off', () => {
    const names = (today: string) => publicRules(doc.rules, { locale: 'en', defaultLocale: 'en', today }).map((r) => r.name);
    expect(names('2025-12-31')).toEqual(['Sale items: store credit only', 'Holiday orders: until 31 January', 'Next holidays']);
    expect(names('2026-01-01')).toEqual(['Sale items: store credit only', 'Next holidays']);
  });
});
