import { cliActor } from '../../src/app/kernel/context.js';
import { approveLines } from '../../src/app/returns/approveLines.js';
import { inspectLines } from '../../src/app/returns/inspection/inspectLines.js';
import { receiveLines } from '../../src/app/returns/inspection/receiveLines.js';
import { requestReturn } from '../../src/app/returns/requestReturn.js';
import { updateRiskSettings } from '../../src/app/risk/riskSettings.js';
import type { RiskSignal } from '../../src/domain/risk/signals.js';
import type { DbKind } from './databases.js';
import { DAY, orderLine, seedCatalogue, seedOrders, seedStaff } from './fixtures.js';
import { PINNED_RISK_SETTINGS } from './pinnedRiskSettings.js';
import { createTestApp, type TestApp } from './testApp.js';

export { PINNED_RISK_SETTINGS };

/* A shop to score returns in: each customer at a door of their own (the fixtures share one, which
 * would link every customer to every other), orders placed and returns asked at chosen moments. */

const meta = { actor: cliActor };

export async function riskShop(kind: DbKind, env: Record<string, string> = {}): Promise<TestApp> {
  const t = await createTestApp(kind, env);
  await seedCatalogue(t.ctx);
  await seedStaff(t.ctx, ['admin', 'agent', 'warehouse']);
  await updateRiskSettings(t.ctx, meta, PINNED_RISK_SETTINGS);
  return t;
}

let orderSeq = 0;
let doorSeq = 0;

/** A fresh door (postcode) for a new customer. */
export const newDoor = () => {
  doorSeq += 1;
  return { line1: `Damstraat ${doorSeq}`, postcode: `${String(1000 + doorSeq)} RS`, city: 'Amsterdam', country: 'NL' };
};

export interface PlacedOrder {
  id: string;
  number: string;
  customerId: string;
  lineBySku: Record<string, string>;
}

/** An order of the customer with this e-mail, placed `placedAt` (default: three days ago) and
 * delivered a day later; by default one tee. */
export async function placeOrder(
  t: TestApp,
  email: string,
  options: {
    placedAt?: Date;
    lines?: { sku: string; quantity: number; price: number }[];
    address?: ReturnType<typeof newDoor>;
    /** Paid through Mollie under this payment id. */
    molliePayment?: string;
  } = {},
): Promise<PlacedOrder> {
  orderSeq += 1;
  const number = `RK-${orderSeq}-${Math.floor(t.clock.now.getTime() / 1000) % 100_000}`;
  const placedAt = options.placedAt ?? new Date(t.clock.now.getTime() - 3 * DAY);
  const delivered = new Date(placedAt.getTime() + DAY);
  const lines = options.lines ?? [{ sku: 'TEE-M', quantity: 1, price: 2000 }];
  const [o] = await seedOrders(t.ctx, [
    {
      orderNumber: number,
      channel: 'webshop',
      placedAt: placedAt.toISOString(),
      currency: 'EUR',
      customer: { email, firstName: 'Kim', lastName: 'Jansen' },
      shippingAddress: options.address ?? newDoor(),
      shippingAmount: 0,
      shippingPremiumAmount: 0,
      discountAmount: 0,
      lines: lines.map((l) => orderLine(l.sku, l.quantity, l.price, delivered)),
      ...(options.molliePayment ? { paymentProvider: 'mollie', paymentReference: options.molliePayment } : {}),
    },
  ]);
  if (!o) throw new Error('order not seeded');
  const row = await t.ctx.db.selectFrom('orders').select('customer_id').where('id', '=', o.id).executeTakeFirstOrThrow();
  return { id: o.id, number: o.number, customerId: row.customer_id, lineBySku: o.lineBySku };
}

/** Asks a return of the order's lines (as an integration would), from a device and IP if given. */
export async function askReturn(
  t: TestApp,
  order: PlacedOrder,
  lines: { sku: string; quantity?: number; reasonCode?: string }[] = [{ sku: 'TEE-M' }],
  client?: { device: string | null; ip: string | null },
  extra: { withdrawal?: boolean } = {},
) {
  return requestReturn(t.ctx, meta, {
    orderId: order.id,
    source: 'api',
    method: 'qr',
    lines: lines.map((l) => ({
      orderLineId: order.lineBySku[l.sku] as string,
      quantity: l.quantity ?? 1,
      reasonCode: l.reasonCode ?? 'too_small',
      resolution: 'refund' as const,
    })),
    ...(client ? { client } : {}),
    ...extra,
  });
}

/** A person approves every line of a return under review. */
export async function approveAll(t: TestApp, returnId: string) {
  const lines = await t.ctx.db.selectFrom('return_lines').select('id').where('return_id', '=', returnId).execute();
  return approveLines(t.ctx, meta, { returnId, lines: lines.map((l) => ({ returnLineId: l.id })) });
}

/** Receives every line of a return in full (or `quantity` of each, or as the wrong item). */
export async function receiveAll(t: TestApp, returnId: string, options: { quantity?: number; wrongItem?: boolean } = {}) {
  const lines = await t.ctx.db.selectFrom('return_lines').select(['id', 'quantity']).where('return_id', '=', returnId).execute();
  return receiveLines(t.ctx, meta, {
    returnId,
    lines: lines.map((l) => ({
      returnLineId: l.id,
      quantity: options.quantity ?? l.quantity,
      ...(options.wrongItem ? { wrongItem: true } : {}),
    })),
  });
}

/** Grades every line of a return, with checklist answers. */
export async function inspectAll(
  t: TestApp,
  returnId: string,
  grade: 'A' | 'B' | 'C' | 'X',
  checklist: Record<string, boolean> | null = null,
) {
  const lines = await t.ctx.db.selectFrom('return_lines').select('id').where('return_id', '=', returnId).execute();
  return inspectLines(t.ctx, meta, {
    returnId,
    lines: lines.map((l) => ({ returnLineId: l.id, grade, disposition: 'restock' as const, checklist })),
  });
}

/** The return's score, signals, flag and hold as stored. */
export async function storedRisk(t: TestApp, returnId: string) {
  const r = await t.ctx.db
    .selectFrom('returns')
    .select(['risk_score', 'risk_signals', 'refund_after_receipt', 'status', 'on_hold', 'hold_reasons'])
    .where('id', '=', returnId)
    .executeTakeFirstOrThrow();
  const history = await t.ctx.db
    .selectFrom('risk_assessments')
    .select(['stage', 'score', 'signals', 'decision', 'actor_type'])
    .where('return_id', '=', returnId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return { ...r, history };
}

/** The fired signal of this code, if it fired. */
export const signal = (signals: readonly RiskSignal[], code: string) => signals.find((s) => s.code === code);
