import { describe, expect, it } from 'vitest';
import { brandColours } from '../../src/domain/brandColours.js';
import { COMMON_TEXTS, KIND_TEXTS } from '../../src/domain/email/emailTexts.js';
import { renderShopperEmail, type ShopperEmailModel } from '../../src/domain/email/renderShopperEmail.js';
import { type EmailEvent, plannedShopperEmails, SHOPPER_EMAIL_KINDS } from '../../src/domain/email/shopperEmails.js';
import { SHOPPER_LOCALES } from '../../src/domain/policy/messages.js';

const model = (over: Partial<ShopperEmailModel> = {}): ShopperEmailModel => ({
  shop: { name: 'Fiets', logoUrl: null, brandColor: '#ffd400', supportEmail: 'help@fiets.test' },
  timeZone: 'Europe/Amsterdam',
  customerName: 'Sanne',
  returnNumber: 'R-1',
  orderNumber: '1001',
  method: 'label',
  shipBy: new Date('2026-06-29T21:59:00Z'),
  pickup: null,
  lines: [{ title: 'Shirt', quantity: 1, grade: 'B' }],
  reason: 'Worn',
  trackingNumber: '3S1',
  amount: { amount: 1250, currency: 'EUR' },
  credit: { code: 'RTR-AAAA', expiresAt: new Date('2027-06-15T10:00:00Z') },
  exchangeNumber: 'X-1',
  declaredAt: new Date('2026-06-15T10:00:00Z'),
  statusUrl: 'https://shop.test/returns/status#t',
  labelAttached: true,
  ...over,
});

const ev = (type: string, at: string, data: Record<string, unknown> = {}, returnId = 'ret_1'): EmailEvent => ({
  id: `evt_${type}_${at}`,
  type,
  returnId,
  occurredAt: at,
  data,
});

describe('shopper e-mails', () => {
  it('has every text in every language, and every hole in a text is filled', () => {
    for (const locale of SHOPPER_LOCALES) {
      expect(Object.keys(COMMON_TEXTS[locale]).sort()).toEqual(Object.keys(COMMON_TEXTS.en).sort());
      for (const kind of SHOPPER_EMAIL_KINDS) {
        expect(KIND_TEXTS[locale][kind], `${locale}.${kind}`).toBeDefined();
        const r = renderShopperEmail(kind, locale, model());
        expect(`${r.subject}\n${r.text}\n${r.html}`, `${locale}.${kind}`).not.toMatch(/\{\w+\}/);
        expect(r.html).toContain(`<html lang="${locale}">`);
        expect(r.text).toContain('R-1 · ');
        expect(r.text).toContain('https://shop.test/returns/status#t');
      }
    }
  });

  it('says the date in the shop time zone and the money in the shopper language', () => {
    const r = renderShopperEmail('approved', 'nl', model());
    expect(r.text).toContain('uiterlijk 29 juni 2026');
    const late = renderShopperEmail('approved', 'en', model({ shipBy: new Date('2026-06-29T22:30:00Z') }));
    expect(late.text).toContain('by 30 June 2026');
    expect(renderShopperEmail('refunded', 'de', model()).subject.replace(/\s/g, ' ')).toBe(
      'Wir haben 12,50 € für Retoure R-1 erstattet',
    );
  });

  it('escapes whatever the shop or shopper typed, and drops links that are not http(s)', () => {
    const r = renderShopperEmail(
      'rejected',
      'en',
      model({
        shop: { name: '<b>Fiets</b>', logoUrl: 'javascript:alert(1)', brandColor: null, supportEmail: null },
        customerName: '"><script>x</script>',
        reason: '<img src=x onerror=alert(1)>',
        statusUrl: 'javascript:alert(1)',
      }),
    );
    expect(r.html).not.toMatch(/<script|<img src=x|<b>Fiets|javascript:/);
    expect(r.html).toContain('&#60;b&#62;Fiets&#60;/b&#62;');
    expect(r.text).toContain('Why: <img src=x onerror=alert(1)>');
    expect(r.text).toContain('Questions? Reply to this e-mail.');
    expect(r.text).not.toContain('Follow your return');
  });

  it('puts readable text on the brand colour', () => {
    expect(brandColours('#ffd400')).toMatchObject({ onBrand: '#111111', brandText: '#1b1f23' });
    expect(brandColours('#0a5c36')).toMatchObject({ onBrand: '#ffffff', brandText: '#0a5c36' });
    expect(brandColours('red')).toBeNull();
    expect(renderShopperEmail('approved', 'en', model()).html).toContain('color:#111111');
  });

  it('asks for one e-mail per telling event, and leaves out a request decided in the same command', () => {
    const at = '2026-06-15T10:00:00.000Z';
    const later = '2026-06-16T10:00:00.000Z';
    const planned = plannedShopperEmails([
      ev('return.requested', at),
      ev('return.approved', at),
      ev('return.requested', at, {}, 'ret_2'),
      ev('return.lines_received', later),
      ev('return.received', later),
      ev('return.settlement_recorded', later, { kind: 'refund', amount: 500 }),
      ev('return.settlement_recorded', later, { kind: 'store_credit', amount: 500 }),
      ev('return.settlement_recorded', later, { kind: 'exchange', amount: 500 }),
      ev('return.settlement_recorded', later, { kind: 'refund', lines: [{ amount: 0 }] }),
      ev('return.settlement_recorded', later, { kind: 'goodwill', lines: [{ amount: 300 }] }),
      ev('exchange_order.shipped', later),
      ev('return.note_added', later),
      { ...ev('return.approved', later), returnId: null },
    ]);
    expect(planned.map((p) => [p.returnId, p.kind])).toEqual([
      ['ret_1', 'approved'],
      ['ret_2', 'requested'],
      ['ret_1', 'received'],
      ['ret_1', 'refunded'],
      ['ret_1', 'credited'],
      ['ret_1', 'refunded'],
      ['ret_1', 'exchange_shipped'],
    ]);
    expect(plannedShopperEmails([ev('return.requested', at), ev('return.withdrawal_declared', at)]).map((p) => p.kind)).toEqual([
      'withdrawal_confirmed',
    ]);
  });
});
