import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ERASED,
  erasedAddress,
  erasedEmail,
  erasureBlockCode,
  likePatterns,
  mentions,
  personalValues,
  scrubValue,
} from '../../src/domain/privacy/erasure.js';

const details = {
  emails: ['Kim.Jansen@Example.nl'],
  names: ['Kim', 'Jansen'],
  fullNames: ['Kim Jansen'],
  phones: ['+31 6 1234 5678'],
  streets: ['Damstraat 12'],
  otherForms: ['1012 JM', 'NL|1012JM|12'],
};

describe('erasure rules', () => {
  it('tells what picks out the person anywhere from what identifies them only beside the rest', () => {
    const values = personalValues(details);
    expect(values.strong).toEqual(
      expect.arrayContaining([
        'kim.jansen@example.nl',
        '+31 6 1234 5678',
        '31612345678',
        '612345678',
        'kim jansen',
        'damstraat 12',
      ]),
    );
    // A first name or a postcode alone would match strangers in tables not tied to the person.
    expect(values.strong).not.toContain('jansen');
    expect(values.strong).not.toContain('1012 jm');
    expect(values.all).toEqual(expect.arrayContaining([...values.strong, 'jansen', '1012 jm', 'nl|1012jm|12']));
    // Too short to search for: "Kim" would match "Kimono".
    expect(values.all).not.toContain('kim');
  });

  it('scrubs every string that mentions the person and keeps amounts, ids and the rest', () => {
    const values = personalValues(details).all;
    const stored = {
      id: 'ret_1',
      amount: 2000,
      paid: true,
      lines: [{ comment: 'Kim JANSEN says the seam tore', sku: 'TEE-M' }],
      shopper: { email: 'kim.jansen@example.nl', phone: '06-12345678' },
      note: null,
    };
    const { value, changed } = scrubValue(stored, values);
    expect(changed).toBe(true);
    expect(value).toEqual({
      id: 'ret_1',
      amount: 2000,
      paid: true,
      lines: [{ comment: ERASED, sku: 'TEE-M' }],
      shopper: { email: ERASED, phone: ERASED },
      note: null,
    });
    expect(scrubValue({ sku: 'TEE-M', amount: 5 }, values)).toEqual({ value: { sku: 'TEE-M', amount: 5 }, changed: false });
  });

  it('leaves nothing that mentions the person, whatever the document (property)', () => {
    const values = personalValues(details).all;
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom(...values).map((v) => `x ${v.toUpperCase()} y`),
    );
    const doc = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.boolean(),
        fc.array(tie('node')),
        fc.dictionary(fc.string(), tie('node')),
      ),
    })).node;
    fc.assert(
      fc.property(doc, (d) => {
        const { value } = scrubValue(d, values);
        expect(mentions(JSON.stringify(value), values)).toBe(false);
      }),
    );
  });

  it('blocks on open returns first, then on money still on its way', () => {
    expect(erasureBlockCode({ openReturns: ['R-1'], pendingSettlements: ['R-2'] })).toBe('ERASURE_BLOCKED_OPEN_RETURNS');
    expect(erasureBlockCode({ openReturns: [], pendingSettlements: ['R-2'] })).toBe('ERASURE_BLOCKED_MONEY_DUE');
    expect(erasureBlockCode({ openReturns: [], pendingSettlements: [] })).toBeNull();
  });

  it('anonymises an address to its country and an e-mail to one that is never delivered', () => {
    expect(erasedAddress({ line1: 'Damstraat 12', postcode: '1012 JM', city: 'Amsterdam', country: 'NL' })).toEqual({
      line1: ERASED,
      postcode: '',
      city: '',
      country: 'NL',
    });
    expect(erasedEmail('cus_1')).toBe('cus_1@erased.invalid');
    expect(likePatterns(['50%_off\\'])).toEqual(['%50\\%\\_off\\\\%']);
  });
});
