import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ERASED,
  erasedAddress,
  erasedEmail,
  erasureBlockCode,
  keptKey,
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
  it('searches tables not tied to the person by e-mail and phone alone; their own rows by every value', () => {
    const values = personalValues(details);
    expect(values.identifiers.sort()).toEqual(['612345678', 'kim.jansen@example.nl']);
    expect(values.all).toEqual(
      expect.arrayContaining([...values.identifiers, 'kim jansen', 'damstraat 12', 'jansen', '1012 jm', 'nl|1012jm|12']),
    );
    // Too short to search for: "Kim" would match "Kimono".
    expect(values.all).not.toContain('kim');
  });

  it('matches an e-mail as the whole address, a phone however written, the rest as whole words', () => {
    const ann = personalValues({ ...details, emails: ['ann@example.com'], phones: ['+31 6 4242 1717'], names: ['Mark'] });
    const own = (text: string) => mentions(text, ann.all);
    expect(own('to: joann@example.com')).toBe(false);
    expect(own('to: ann@example.com.')).toBe(true);
    expect(own('"ann@example.com"')).toBe(true);
    expect(own('ann@example.com.au')).toBe(false);
    expect(own('ann@example.community')).toBe(false);
    expect(own('ann+shop@example.com')).toBe(false);
    for (const phone of ['06-4242 1717', '+31 (0)6 4242 1717', '0031 6 42421717', '642421717', 'tel:+31642421717'])
      expect(own(`call ${phone} please`), phone).toBe(true);
    expect(own('ref 1642421717123')).toBe(false);
    expect(own('06-4242 1718')).toBe(false);
    expect(own('marked_received')).toBe(false);
    expect(own('Mark called')).toBe(true);
    expect(mentions('Damrak 125', ['damrak 1'])).toBe(false);
    expect(mentions('Damrak 1, Amsterdam', ['damrak 1'])).toBe(true);
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
    // Ids, references, numbers and statuses stay even when they read like a value of the person.
    const refs = {
      returnId: 'jansen',
      reference: 'Damstraat 12',
      orderNumber: 'jansen',
      status: 'jansen',
      name: 'Jansen',
      statusReason: 'Jansen called',
      phoneNumber: '06-12345678',
    };
    expect(scrubValue(refs, values).value).toEqual({ ...refs, name: ERASED, statusReason: ERASED, phoneNumber: ERASED });
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
        fc.dictionary(
          fc.string().filter((k) => !keptKey(k)),
          tie('node'),
        ),
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
  });
});
