import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/kernel/context.js';
import { releaseReturn } from '../src/app/returns/releaseReturn.js';
import { reviewReturnRisk } from '../src/app/returns/reviewReturnRisk.js';
import { DB_KINDS } from './support/databases.js';
import { DAY } from './support/fixtures.js';
import { approveAll, askReturn, inspectAll, placeOrder, receiveAll, riskShop, signal, storedRisk } from './support/riskShop.js';
import type { TestApp } from './support/testApp.js';

// What inspection finds scores the return again: worn or tag-less goods, an empty box, another
// item than the one sold; with the customer's history of the same. A score that asks for a person
// holds the return for them (risk_review), once.
describe.each(DB_KINDS)('risk at inspection (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await riskShop(kind);
  });
  afterAll(() => t?.close());

  /** A return asked, received and graded: the customer's history. */
  async function pastReturn(email: string, grade: 'A' | 'C' | 'X', checklist: Record<string, boolean> | null = null) {
    const asked = await askReturn(t, await placeOrder(t, email));
    t.clock.advance(DAY);
    await receiveAll(t, asked.returnId);
    await inspectAll(t, asked.returnId, grade, checklist);
    t.clock.advance(14 * DAY);
    return asked;
  }

  it('wardrobing: worn before and tags removed now; held for a person, once', async () => {
    const email = `worn-${kind}@example.nl`;
    for (let i = 0; i < 3; i++) await pastReturn(email, 'C');
    const asked = await askReturn(t, await placeOrder(t, email));
    const atRequest = signal((await storedRisk(t, asked.returnId)).risk_signals, 'WARDROBING');
    expect(atRequest).toMatchObject({ strength: 3, detail: { wornBefore: 3, wornNow: 0 } });
    // The history alone sent it to a person, who let it come.
    expect((await storedRisk(t, asked.returnId)).status).toBe('under_review');
    await approveAll(t, asked.returnId);
    t.clock.advance(DAY);
    await receiveAll(t, asked.returnId);
    await inspectAll(t, asked.returnId, 'B', { tags_attached: false, unworn: true });
    const stored = await storedRisk(t, asked.returnId);
    expect(signal(stored.risk_signals, 'WARDROBING')).toMatchObject({
      strength: 4,
      points: 70,
      detail: { wornBefore: 3, tagsRemovedNow: 1 },
    });
    expect(stored.on_hold).toBe(true);
    expect(stored.hold_reasons).toEqual(['risk_review']);
    expect(stored.history.map((h) => h.stage)).toEqual(['request', 'inspection']);
    const events = await t.ctx.db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('return_id', '=', asked.returnId)
      .where('type', 'in', ['return.risk_assessed', 'return.held'])
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual(['return.held', 'return.risk_assessed']);

    // Graded again: scored again, not held twice.
    t.clock.advance(60_000);
    await inspectAll(t, asked.returnId, 'C', { tags_attached: false, unworn: false });
    const again = await storedRisk(t, asked.returnId);
    expect(again.hold_reasons).toEqual(['risk_review']);
    expect(again.history.map((h) => h.stage)).toEqual(['request', 'inspection', 'inspection']);

    // A person clears the score: graded once more, it is scored and kept, but not held again.
    t.clock.advance(60_000);
    await reviewReturnRisk(t.ctx, { actor: cliActor }, asked.returnId, { outcome: 'cleared', note: 'Known customer' }, 'en');
    t.clock.advance(60_000);
    await inspectAll(t, asked.returnId, 'C', { tags_attached: false, unworn: false });
    const cleared = await storedRisk(t, asked.returnId);
    expect(cleared.on_hold).toBe(false);
    expect(cleared.refund_after_receipt).toBe(false);
    expect(cleared.history.map((h) => h.stage)).toEqual(['request', 'inspection', 'inspection', 'review', 'inspection']);
  });

  it('a hold a person lifted is not put back when the return is graded again', async () => {
    const email = `released-${kind}@example.nl`;
    for (let i = 0; i < 3; i++) await pastReturn(email, 'C');
    const asked = await askReturn(t, await placeOrder(t, email));
    await approveAll(t, asked.returnId);
    t.clock.advance(DAY);
    await receiveAll(t, asked.returnId);
    await inspectAll(t, asked.returnId, 'C', { tags_attached: false, unworn: false });
    expect((await storedRisk(t, asked.returnId)).hold_reasons).toEqual(['risk_review']);
    await releaseReturn(t.ctx, { actor: cliActor }, { returnId: asked.returnId, reason: 'Looked at the photos: fine' });
    t.clock.advance(60_000);
    await inspectAll(t, asked.returnId, 'C', { tags_attached: false, unworn: false });
    const again = await storedRisk(t, asked.returnId);
    expect(again.on_hold).toBe(false);
    expect(again.history.map((h) => h.stage)).toEqual(['request', 'inspection', 'inspection']);
  });

  it('a clean inspection of a customer with a clean history holds nothing', async () => {
    const asked = await pastReturn(`clean-${kind}@example.nl`, 'A', { tags_attached: true, unworn: true });
    const stored = await storedRisk(t, asked.returnId);
    expect(stored.on_hold).toBe(false);
    expect(stored.risk_signals.map((s) => s.code)).not.toContain('WARDROBING');
  });

  it('an empty box is scored when it is opened; a second one asks for a person', async () => {
    const email = `empty-${kind}@example.nl`;
    const first = await askReturn(t, await placeOrder(t, email));
    t.clock.advance(DAY);
    await receiveAll(t, first.returnId, { quantity: 0 });
    const once = await storedRisk(t, first.returnId);
    expect(signal(once.risk_signals, 'EMPTY_BOX')).toMatchObject({ strength: 1, points: 50, detail: { before: 0, now: true } });
    expect(once.refund_after_receipt).toBe(true);
    expect(once.on_hold).toBe(false);
    t.clock.advance(14 * DAY);

    const second = await askReturn(t, await placeOrder(t, email));
    // Known at request already: the earlier box.
    expect(signal((await storedRisk(t, second.returnId)).risk_signals, 'EMPTY_BOX')).toMatchObject({ strength: 1 });
    t.clock.advance(DAY);
    await receiveAll(t, second.returnId, { quantity: 0 });
    const twice = await storedRisk(t, second.returnId);
    expect(signal(twice.risk_signals, 'EMPTY_BOX')).toMatchObject({ strength: 2, points: 100 });
    expect(twice.hold_reasons).toEqual(['risk_review']);
    expect(twice.history.map((h) => h.stage)).toEqual(['request', 'inspection']);
  });

  it('wrong or swapped item: received as another item, with an earlier one graded X', async () => {
    const email = `swap-${kind}@example.nl`;
    await pastReturn(email, 'X');
    const asked = await askReturn(t, await placeOrder(t, email));
    expect(signal((await storedRisk(t, asked.returnId)).risk_signals, 'WRONG_ITEM')).toMatchObject({
      strength: 1,
      points: 40,
      detail: { before: 1, now: 0 },
    });
    t.clock.advance(DAY);
    await receiveAll(t, asked.returnId, { wrongItem: true });
    await inspectAll(t, asked.returnId, 'B');
    const stored = await storedRisk(t, asked.returnId);
    expect(signal(stored.risk_signals, 'WRONG_ITEM')).toMatchObject({ strength: 2, points: 80, detail: { before: 1, now: 1 } });
    expect(stored.hold_reasons).toEqual(['risk_review']);
  });
});
