import { describe, expect, it } from 'vitest';
import { renderShopperEmail, type ShopperEmailModel } from '../../src/domain/email/renderShopperEmail.js';
import { plannedShopperEmails } from '../../src/domain/email/shopperEmails.js';
import { parsePolicyDocument } from '../../src/domain/policy/document.js';
import { evaluatePolicy, type LineVerdict } from '../../src/domain/policy/evaluate.js';
import { type EvaluationInput, NO_PRODUCT_FLAGS, type OrderLineFacts } from '../../src/domain/policy/facts.js';
import { nextRepairStatus, REPAIR_STATUSES, type RepairAction } from '../../src/domain/repair.js';

const at = (iso: string) => new Date(iso);

function input(now: string, line: Partial<OrderLineFacts> = {}, defect = true): EvaluationInput {
  return {
    now: at(now),
    timeZone: 'Europe/Amsterdam',
    policy: parsePolicyDocument({
      defaults: { window: { days: 30 }, resolutions: ['refund', 'store_credit', 'exchange'], methods: ['qr', 'label'] },
    }),
    order: {
      id: 'o1',
      placedAt: at('2026-02-27T10:00:00Z'),
      channel: 'webshop',
      shippingCountry: 'NL',
      currency: 'EUR',
      lines: [
        {
          id: 'l1',
          sku: 'KETTLE',
          quantity: 1,
          quantityInReturns: 0,
          exchangesUsed: 0,
          paidAmount: 5000,
          deliveredAt: at('2026-03-02T14:00:00Z'),
          categoryPath: [],
          productTags: [],
          flags: NO_PRODUCT_FLAGS,
          ...line,
        },
      ],
    },
    customer: { id: 'c1', segment: 'standard', tags: [], returnRate: 0, returnCount: 0 },
    // No reason says "defect": the shopper's own report is what counts.
    reasons: [{ code: 'changed_mind', parentCode: null, controllable: false, defect: false, requiresPhoto: false }],
    selection: { lines: [{ orderLineId: 'l1', quantity: 1, resolution: 'repair', defect }], method: 'qr' },
  };
}
const verdict = (i: EvaluationInput): LineVerdict => evaluatePolicy(i).lines[0] as LineVerdict;

describe('a defect the shopper reports under the legal guarantee', () => {
  it('is a guarantee claim inside the return window too, with its remedies and no fee', () => {
    const v = verdict(input('2026-03-05T10:00:00Z'));
    expect(v).toMatchObject({
      eligible: true,
      flow: 'warranty',
      resolutions: ['repair', 'replacement', 'refund'],
      guaranteeEnds: '2028-03-02',
    });
    expect(v.codes).toContain('WARRANTY_CLAIM');
    expect(v.manualReview).toBe(true);
  });

  it('stays open past the window until the last day of the second year, and ends after it', () => {
    const lastDay = verdict(input('2028-03-02T22:59:00Z'));
    expect(lastDay).toMatchObject({ eligible: true, flow: 'warranty' });
    expect(lastDay.lifted.map((l) => l.code)).toContain('WINDOW_EXPIRED');
    const after = verdict(input('2028-03-02T23:01:00Z'));
    expect(after.eligible).toBe(false);
    expect(after.codes).toEqual(expect.arrayContaining(['WINDOW_EXPIRED', 'WARRANTY_EXPIRED']));
  });

  it('needs the item delivered, and a plain return past the window is no claim', () => {
    const undelivered = verdict(input('2026-03-05T10:00:00Z', { deliveredAt: null }));
    expect(undelivered).toMatchObject({ eligible: false, flow: 'return', guaranteeEnds: null });
    expect(undelivered.codes).toContain('NOT_DELIVERED');
    const notClaimed = verdict(input('2026-09-01T10:00:00Z', {}, false));
    expect(notClaimed).toMatchObject({ eligible: false, flow: 'return', guaranteeEnds: '2028-03-02' });
  });

  it('sets a final sale aside: the goods must be conform whatever the sale terms', () => {
    const v = verdict(
      input('2026-09-01T10:00:00Z', {
        flags: { ...NO_PRODUCT_FLAGS, finalSale: true, personalised: true },
      }),
    );
    expect(v).toMatchObject({ eligible: true, flow: 'warranty' });
  });
});

describe('a repair', () => {
  const ACTIONS: RepairAction[] = ['start', 'ship_back', 'fail', 'cancel'];

  it('goes awaiting the item → in repair → sent back, or ends not repairable or cancelled', () => {
    expect(nextRepairStatus('awaiting_item', 'start', true)).toBe('in_repair');
    expect(nextRepairStatus('in_repair', 'ship_back', true)).toBe('shipped_back');
    expect(nextRepairStatus('in_repair', 'fail', true)).toBe('unrepairable');
    expect(nextRepairStatus('awaiting_item', 'fail', false)).toBe('unrepairable');
    expect(nextRepairStatus('awaiting_item', 'cancel', false)).toBe('cancelled');
  });

  it('cannot start before the item arrived, and an ended repair takes no step', () => {
    expect(() => nextRepairStatus('awaiting_item', 'start', false)).toThrow(
      expect.objectContaining({ code: 'ITEM_NOT_RECEIVED' }),
    );
    expect(() => nextRepairStatus('awaiting_item', 'ship_back', false)).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_REPAIR_TRANSITION' }),
    );
    for (const ended of REPAIR_STATUSES.filter((s) => !['awaiting_item', 'in_repair'].includes(s)))
      for (const action of ACTIONS)
        expect(() => nextRepairStatus(ended, action, true), `${ended} ${action}`).toThrow(
          expect.objectContaining({ code: 'ILLEGAL_REPAIR_TRANSITION' }),
        );
  });
});

describe('the shopper hears', () => {
  it('by e-mail when the repaired item goes back, with its tracking number', () => {
    const sent = { id: 'evt_1', type: 'repair.shipped_back', returnId: 'ret_1', occurredAt: '2026-06-15T10:00:00Z', data: {} };
    const started = { ...sent, id: 'evt_0', type: 'repair.started' };
    expect(plannedShopperEmails([started, sent])).toEqual([{ eventId: 'evt_1', returnId: 'ret_1', kind: 'repair_shipped' }]);
    const model: ShopperEmailModel = {
      shop: { name: 'Fiets', logoUrl: null, brandColor: null, supportEmail: null },
      timeZone: 'Europe/Amsterdam',
      customerName: 'Sanne',
      returnNumber: 'R-7',
      orderNumber: '1007',
      method: 'qr',
      shipBy: null,
      pickup: null,
      lines: [{ title: 'Kettle', quantity: 1, grade: 'F' }],
      reason: null,
      trackingNumber: '3SREP7',
      amount: null,
      credit: null,
      exchangeNumber: null,
      declaredAt: null,
      statusUrl: 'https://shop.test/returns/status#t',
      labelAttached: false,
    };
    const mail = renderShopperEmail('repair_shipped', 'nl', model);
    expect(mail.subject).toBe('Je gerepareerde artikel van retour R-7 is onderweg');
    expect(mail.text).toContain('wettelijke garantie gerepareerd');
    expect(mail.text).toContain('3SREP7');
  });
});
