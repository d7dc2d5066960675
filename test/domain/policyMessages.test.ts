import { describe, expect, it } from 'vitest';
import { type CodeParams, VERDICT_CODES, type VerdictCode } from '../../src/domain/policy/codes.js';
import { explainCode, pickLocale, SHOPPER_LOCALES, type ShopperLocale } from '../../src/domain/policy/messages.js';

const CODES = Object.keys(VERDICT_CODES) as VerdictCode[];

const ALL_PARAMS: CodeParams = {
  deadline: '2026-03-16',
  days: 30,
  amount: 495,
  currency: 'EUR',
  percent: 15,
  limit: 2,
  returnable: 1,
  requested: 3,
};

/** Intl puts (narrow) no-break spaces in money, dates and percentages; compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

const FORMATTED: Record<ShopperLocale, Record<'deadline' | 'amount' | 'percent', string>> = {
  nl: { deadline: '16 maart 2026', amount: '€ 4,95', percent: '15%' },
  en: { deadline: '16 March 2026', amount: '€4.95', percent: '15%' },
  de: { deadline: '16. März 2026', amount: '4,95 €', percent: '15 %' },
  fr: { deadline: '16 mars 2026', amount: '4,95 €', percent: '15 %' },
};

/** Which params each code's sentence shows when every param is given. */
const USES: Partial<Record<VerdictCode, (keyof CodeParams)[]>> = {
  WINDOW_EXPIRED: ['deadline'],
  QUANTITY_EXCEEDS_RETURNABLE: ['requested', 'returnable'],
  WARRANTY_EXPIRED: ['deadline'],
  WARRANTY_CLAIM: ['deadline'],
  EXCHANGE_LIMIT_REACHED: ['limit'],
  RETURN_WINDOW: ['deadline'],
  EU_WITHDRAWAL_RIGHT: ['deadline'],
  RESTOCKING_FEE: ['amount', 'percent'],
  RETURN_SHIPPING_FEE: ['amount'],
  FEE_WAIVED: ['amount'],
  BONUS_CREDIT: ['amount'],
};

function expected(locale: ShopperLocale, key: keyof CodeParams): string {
  if (key === 'deadline' || key === 'amount' || key === 'percent') return FORMATTED[locale][key];
  return String(ALL_PARAMS[key]);
}

function expectClean(sentence: string) {
  expect(sentence.trim().length).toBeGreaterThan(10);
  expect(sentence).not.toMatch(/undefined|null|NaN|Infinity|Invalid|[{}]/);
  expect(sentence).toMatch(/[.!?]$/);
}

const PARAM_VARIANTS: [string, CodeParams | undefined][] = [
  ['no params', undefined],
  ['empty params', {}],
  ['all params', ALL_PARAMS],
  ['amount without currency', { amount: 495 }],
  ['only percent', { percent: 10 }],
  ['only days', { days: 14 }],
  ['only returnable', { returnable: 2 }],
  ['only requested', { requested: 4 }],
  [
    'unusable values',
    {
      deadline: 'next week',
      days: Number.NaN,
      amount: Number.POSITIVE_INFINITY,
      currency: 'not-a-currency',
      percent: Number.NaN,
      limit: -1,
      returnable: Number.NaN,
      requested: Number.NaN,
    },
  ],
  ['impossible date', { deadline: '2026-02-30', amount: 100, currency: 'XYZ' }],
];

describe('explainCode', () => {
  it('has a clean sentence for every code in every locale, whatever the params', () => {
    for (const code of CODES)
      for (const locale of SHOPPER_LOCALES)
        for (const [label, params] of PARAM_VARIANTS) {
          const sentence = explainCode(code, locale, params);
          expect(sentence, `${code} ${locale} ${label}`).toBeTypeOf('string');
          expectClean(sentence);
        }
  });

  it('has its own text for every code in VERDICT_CODES, in every locale', () => {
    const unknown = Object.fromEntries(
      SHOPPER_LOCALES.map((l) => [l, explainCode('NOT_A_REAL_CODE' as VerdictCode, l)] as const),
    ) as Record<ShopperLocale, string>;
    for (const code of Object.keys(VERDICT_CODES) as VerdictCode[])
      for (const locale of SHOPPER_LOCALES) {
        expect(explainCode(code, locale), `${code} ${locale} has no text`).not.toBe(unknown[locale]);
      }
  });

  it('gives a generic sentence for a code it does not know instead of failing', () => {
    for (const locale of SHOPPER_LOCALES) expectClean(explainCode('SOMETHING_NEW' as VerdictCode, locale, ALL_PARAMS));
  });

  it('fills every param a sentence uses with its formatted value', () => {
    for (const [code, keys] of Object.entries(USES) as [VerdictCode, (keyof CodeParams)[]][])
      for (const locale of SHOPPER_LOCALES) {
        const sentence = plain(explainCode(code, locale, ALL_PARAMS));
        for (const key of keys) expect(sentence, `${code} ${locale} ${key}`).toContain(expected(locale, key));
      }
  });

  it('leaves out a missing param instead of printing it', () => {
    for (const code of Object.keys(USES) as VerdictCode[])
      for (const locale of SHOPPER_LOCALES) {
        const bare = plain(explainCode(code, locale));
        expect(bare).not.toContain(FORMATTED[locale].deadline);
        expect(bare).not.toContain(FORMATTED[locale].amount);
        // Only the legal guarantee's fixed '2 years' may show a number.
        if (!code.startsWith('WARRANTY_')) expect(bare, `${code} ${locale}`).not.toMatch(/\d/);
      }
  });

  it('writes the documented Dutch sentence for an expired window', () => {
    expect(explainCode('WINDOW_EXPIRED', 'nl', { deadline: '2026-03-16' })).toBe(
      'De retourtermijn voor dit artikel is verlopen op 16 maart 2026.',
    );
  });

  it('formats dates as the same calendar day in every locale', () => {
    expect(explainCode('RETURN_WINDOW', 'en', { deadline: '2026-01-01' })).toContain('1 January 2026');
    expect(explainCode('RETURN_WINDOW', 'en', { deadline: '2026-12-31' })).toContain('31 December 2026');
    expect(plain(explainCode('RETURN_WINDOW', 'de', { deadline: '2026-12-31' }))).toContain('31. Dezember 2026');
  });

  it('formats money from minor units with the digits of the currency', () => {
    expect(explainCode('RETURN_SHIPPING_FEE', 'en', { amount: 1234, currency: 'EUR' })).toContain('€12.34');
    expect(plain(explainCode('RETURN_SHIPPING_FEE', 'nl', { amount: 1234, currency: 'eur' }))).toContain('€ 12,34');
    expect(explainCode('RETURN_SHIPPING_FEE', 'en', { amount: 500, currency: 'JPY' })).toMatch(/[¥￥]500\b/);
    expect(explainCode('RETURN_SHIPPING_FEE', 'en', { amount: 1050, currency: 'GBP' })).toContain('£10.50');
  });

  it('mentions the percentage of a restocking fee only when it is given', () => {
    expect(explainCode('RESTOCKING_FEE', 'en', { amount: 495, currency: 'EUR', percent: 10 })).toContain('(10%)');
    expect(explainCode('RESTOCKING_FEE', 'en', { amount: 495, currency: 'EUR' })).toBe(
      'A restocking fee of €4.95 will be deducted from your refund.',
    );
  });

  it('falls back to the number of days when there is no deadline', () => {
    expect(explainCode('RETURN_WINDOW', 'nl', { days: 30 })).toBe('Je kunt dit artikel binnen 30 dagen retourneren.');
    expect(explainCode('RETURN_WINDOW', 'en', { days: 1 })).toBe('You can return this item within 1 day.');
  });

  it('names only the resolutions a bonus is given for', () => {
    const sentences = Object.fromEntries(
      SHOPPER_LOCALES.map((l) => [
        l,
        explainCode('BONUS_CREDIT', l, { amount: 500, currency: 'EUR', resolutions: ['store_credit'] }),
      ]),
    );
    expect(plain(sentences.nl ?? '')).toBe('Kies je voor tegoed, dan krijg je € 5,00 extra.');
    expect(sentences.en).toBe('Choose store credit and you get €5.00 extra.');
    expect(plain(sentences.de ?? '')).toBe('Wenn Sie Guthaben wählen, erhalten Sie 5,00 € zusätzlich.');
    expect(plain(sentences.fr ?? '')).toBe('Si vous choisissez un avoir, vous recevez 5,00 € en plus.');
    const both = explainCode('BONUS_CREDIT', 'en', { amount: 500, currency: 'EUR', resolutions: ['store_credit', 'exchange'] });
    expect(both).toBe('Choose store credit or an exchange and you get €5.00 extra.');
    expect(plain(explainCode('BONUS_CREDIT', 'nl', { amount: 500, currency: 'EUR', resolutions: ['exchange'] }))).toBe(
      'Kies je voor ruilen, dan krijg je € 5,00 extra.',
    );
    for (const locale of SHOPPER_LOCALES)
      expect(explainCode('BONUS_CREDIT', locale, { amount: 500, currency: 'EUR', resolutions: ['store_credit'] })).not.toMatch(
        /ruil|exchange|Umtausch|échange/i,
      );
  });

  it('says "once" for a single exchange in English and German', () => {
    expect(explainCode('EXCHANGE_LIMIT_REACHED', 'en', { limit: 1 })).toContain('once');
    expect(explainCode('EXCHANGE_LIMIT_REACHED', 'de', { limit: 1 })).toContain('einmal');
  });

  it('differs between locales for every code', () => {
    for (const code of CODES)
      for (const params of [undefined, ALL_PARAMS]) {
        const sentences = SHOPPER_LOCALES.map((l) => explainCode(code, l, params));
        expect(new Set(sentences).size, code).toBe(SHOPPER_LOCALES.length);
      }
  });

  it('addresses the shopper informally in Dutch and formally in German and French', () => {
    const nl = CODES.map((c) => explainCode(c, 'nl', ALL_PARAMS)).join(' ');
    const de = CODES.map((c) => explainCode(c, 'de', ALL_PARAMS)).join(' ');
    const fr = CODES.map((c) => explainCode(c, 'fr', ALL_PARAMS)).join(' ');
    expect(nl).toMatch(/\bje\b/);
    expect(nl).not.toMatch(/\b[Uu]\b|\b[Uu]w\b/);
    expect(de).toMatch(/\bSie\b/);
    expect(de).not.toMatch(/\b(du|dich|dir|dein)\b/i);
    expect(fr).toMatch(/\bvous\b/);
    expect(fr).not.toMatch(/\b(tu|toi|ton|ta|tes)\b/);
  });
});

describe('pickLocale', () => {
  it.each([
    ['nl-BE,nl;q=0.9,en;q=0.8', 'en', 'nl'],
    ['de-AT', 'nl', 'de'],
    ['fr', 'nl', 'fr'],
    ['en-US,en;q=0.9', 'nl', 'en'],
    ['es', 'nl', 'nl'],
    ['es', 'en', 'en'],
    ['es-ES,es;q=0.9', 'de', 'de'],
    ['es;q=1, fr;q=0.5, de;q=0.7', 'nl', 'de'],
    ['en;q=0.3, fr;q=0.8', 'nl', 'fr'],
    ['de;q=0, fr;q=0.1', 'nl', 'fr'],
    ['*', 'fr', 'fr'],
    ['NL_nl', 'en', 'nl'],
    [' en-GB ; q=0.5 , nl ; q=0.4 ', 'de', 'en'],
    ['nonsense;q=abc', 'en', 'en'],
    ['', 'de', 'de'],
  ] as [string, ShopperLocale, ShopperLocale][])('picks from %j (fallback %s) → %s', (wanted, fallback, want) => {
    expect(pickLocale(wanted, fallback)).toBe(want);
  });

  it('keeps header order between equal q-values', () => {
    expect(pickLocale('fr;q=0.8, de;q=0.8', 'nl')).toBe('fr');
    expect(pickLocale('de, fr', 'nl')).toBe('de');
  });

  it('falls back when nothing is asked', () => {
    expect(pickLocale(null, 'nl')).toBe('nl');
    expect(pickLocale(undefined, 'en')).toBe('en');
  });
});
