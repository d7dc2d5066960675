import { cliActor } from '../../src/app/kernel/context.js';
import { approveLines } from '../../src/app/returns/approveLines.js';
import { inspectLines } from '../../src/app/returns/inspection/inspectLines.js';
import { receiveLines } from '../../src/app/returns/inspection/receiveLines.js';
import { requestReturn } from '../../src/app/returns/requestReturn.js';
import { updateRiskSettings } from '../../src/app/risk/riskSettings.js';
import type { RiskSettings } from '../../src/domain/risk/settings.js';
import type { RiskSignal } from '../../src/domain/risk/signals.js';
import type { DbKind } from './databases.js';
import { DAY, orderLine, seedCatalogue, seedOrders, seedStaff } from './fixtures.js';
import { createTestApp, type TestApp } from './testApp.js';

/* A shop to score returns in: each customer at a door of their own (the fixtures share one, which
 * would link every customer to every other), orders placed and returns asked at chosen moments. */

const meta = { actor: cliActor };

const on = (weight: number, threshold: number) => ({ enabled: true, weight, threshold });

/** The settings the risk tests score under, pinned: the defaults are tuned on the synthetic shop
 * (bench/fraud.ts) and may move; what a signal measures may not. */
export const PINNED_RISK_SETTINGS: RiskSettings = {
  reviewFrom: 60,
  refundAfterReceiptFrom: 30,
  signals: {
    CUSTOMER_BLOCKED: on(100, 1),
    BLOCK_LISTED: on(100, 1),
    SERIAL_RETURNING: on(60, 2),
    WARDROBING: on(70, 2),
    BRACKETING: on(0, 1),
    EMPTY_BOX: on(100, 1),
    WRONG_ITEM: on(80, 1),
    LINKED_ACCOUNTS: on(60, 50),
    RETURN_VELOCITY: on(30, 4),
    LOOKUP_VELOCITY: on(30, 6),
    REFUND_EXPOSURE: on(30, 30_000),
    HIGH_VALUE: on(30, 50_000),
    ALL_SHOP_FAULT: on(10, 20_000),
    TRUSTED_SEGMENT: on(-20, 1),
  },
  serialMinReturns: 3,
  velocityDays: 7,
  handlingCost: 750,
  events: [
    { name: "New Year's Eve", date: '2026-12-31', yearly: true, daysBefore: 10, daysAfter: 7 },
    { name: "King's Day", date: '2026-04-27', yearly: true, daysBefore: 10, daysAfter: 5 },
  ],
};

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
