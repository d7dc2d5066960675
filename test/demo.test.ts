import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateOrderPolicy } from '../src/app/policy/evaluateOrder.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { type DbHandle, openDb } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { demoPolicy } from '../src/demo/demoPolicy.js';
import { type SeedDemoResult, seedDemo } from '../src/demo/seedDemo.js';
import { parsePolicyDocument } from '../src/domain/policy/document.js';
import type { LineVerdict } from '../src/domain/policy/evaluate.js';
import { RETURN_STATUSES, type ReturnStatus } from '../src/domain/returnLifecycle.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { testContext } from './support/testContext.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const DAY = 86_400_000;
const SMALL = { customers: 80, orders: 300, seed: 7 };

async function freshDb(): Promise<DbHandle> {
  const handle = await openDb({ dataDir: 'memory://' });
  await migrateToLatest(handle.db);
  return handle;
}

const validEan = (ean: string) => {
  const digits = [...ean].map(Number);
  const sum = digits.slice(0, 12).reduce((s, d, i) => s + d * (i % 2 === 0 ? 1 : 3), 0);
  return /^\d{13}$/.test(ean) && (10 - (sum % 10)) % 10 === digits[12];
};

interface LineView {
  acceptance: string;
  acceptance_reason: string | null;
  reception: string;
  quantity: number;
  quantity_received: number;
  grade: string | null;
  disposition: string | null;
  settlement: string;
  settled_amount: number;
  paid_amount: number;
  ordered: number;
}

const hasGoods = (l: LineView) => ['received', 'short_received', 'wrong_item'].includes(l.reception) && l.quantity_received > 0;
const approved = (lines: LineView[]) => lines.filter((l) => l.acceptance === 'approved');

/** What the lines of a return look like in each status (see src/domain/returnLifecycle.ts). */
const LINES_MATCH: Record<ReturnStatus, (lines: LineView[]) => boolean> = {
  requested: (ls) => ls.every((l) => ['pending', 'manual_review'].includes(l.acceptance) && l.reception === 'expected'),
  under_review: (ls) =>
    ls.some((l) => ['pending', 'manual_review'].includes(l.acceptance)) && ls.every((l) => l.reception === 'expected'),
  approved: (ls) => approved(ls).length > 0 && approved(ls).every((l) => l.reception === 'expected'),
  in_transit: (ls) => approved(ls).length > 0 && approved(ls).every((l) => l.reception === 'in_transit'),
  received: (ls) => approved(ls).length > 0 && approved(ls).every(hasGoods),
  inspected: (ls) => approved(ls).length > 0 && approved(ls).every((l) => hasGoods(l) && l.grade && l.disposition),
  resolved: (ls) => approved(ls).length > 0 && approved(ls).every((l) => hasGoods(l) && l.grade && l.disposition),
  closed: (ls) => approved(ls).length > 0 && approved(ls).every((l) => hasGoods(l) && l.grade && l.disposition),
  rejected: (ls) => ls.every((l) => l.acceptance === 'rejected' && l.acceptance_reason && l.reception === 'cancelled'),
  cancelled: (ls) => ls.every((l) => l.reception === 'cancelled' && l.quantity_received === 0 && l.settlement === 'none'),
  expired: (ls) => approved(ls).length > 0 && approved(ls).every((l) => l.reception === 'expired'),
  lost: (ls) => approved(ls).length > 0 && approved(ls).every((l) => l.reception === 'lost'),
};

describe.each(DB_KINDS)('demo shop (%s)', (kind) => {
  let handle: DbHandle;
  let result: SeedDemoResult;
  const told: { done: number; total: number; stage: string }[] = [];
  const ctx = () => testContext(handle.db, { now: () => NOW });
  const countOf = async (table: 'customers' | 'products' | 'variants' | 'orders' | 'order_lines' | 'returns' | 'return_lines') =>
    Number((await handle.db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    handle = await createTestDb(kind);
    result = await seedDemo(ctx(), { ...SMALL, onProgress: (done, total, stage) => told.push({ done, total, stage }) });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('creates the shop, catalogue, customers and orders it reports', async () => {
    expect(result.customers).toBe(80);
    expect(result.orders).toBe(300);
    expect(await countOf('customers')).toBe(80);
    expect(await countOf('orders')).toBe(300);
    expect(await countOf('products')).toBe(result.products);
    expect(await countOf('variants')).toBe(result.variants);
    expect(await countOf('order_lines')).toBe(result.orderLines);
    expect(await countOf('returns')).toBe(result.returns);
    expect(await countOf('return_lines')).toBe(result.returnLines);
    expect(result.products).toBeGreaterThanOrEqual(90);

    const shop = await handle.db.selectFrom('shop_settings').selectAll().executeTakeFirstOrThrow();
    expect(shop).toMatchObject({
      name: 'Noord & Zo',
      currency: 'EUR',
      timezone: 'Europe/Amsterdam',
      locales: ['nl', 'en', 'de', 'fr'],
    });
    expect(shop.return_address?.country).toBe('NL');
    const channels = await handle.db.selectFrom('channels').select(['id', 'code', 'kind']).orderBy('code').execute();
    expect(channels.map((c) => c.code)).toEqual(['bol', 'store-amsterdam', 'webshop', 'zalando']);
    expect(channels.find((c) => c.code === 'webshop')?.id).toBe('chn_webshop');
    const warehouses = await handle.db.selectFrom('warehouses').select(['is_default', 'address', 'kind']).execute();
    expect(
      warehouses
        .filter((w) => w.kind === 'warehouse')
        .map((w) => w.address.country)
        .sort(),
    ).toEqual(['DE', 'NL']);
    // Two stores take returns over the counter, and most variants have opening stock.
    expect(warehouses.filter((w) => w.kind === 'store')).toHaveLength(2);
    const stocked = await handle.db
      .selectFrom('stock_movements')
      .select((eb) => eb.fn.count<string>('variant_id').distinct().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stocked.n)).toBeGreaterThan(result.variants * 0.7);
    expect(warehouses.filter((w) => w.is_default)).toHaveLength(1);

    const reasons = await handle.db
      .selectFrom('reasons as r')
      .leftJoin('reasons as p', 'p.id', 'r.parent_id')
      .select(['r.code', 'p.code as parent', 'r.labels', 'r.controllable', 'r.requires_photo', 'r.defect'])
      .execute();
    expect(reasons.find((r) => r.code === 'too_small')).toMatchObject({ parent: 'fit', controllable: false, defect: false });
    expect(reasons.find((r) => r.code === 'defective')).toMatchObject({
      parent: 'quality',
      controllable: true,
      requires_photo: true,
      defect: true,
    });
    expect(reasons.filter((r) => r.defect).map((r) => r.code)).toEqual(['defective']);
    for (const r of reasons) {
      expect(r.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(Object.keys(r.labels).sort()).toEqual(['de', 'en', 'fr', 'nl']);
    }
    const used = await handle.db.selectFrom('orders').select('channel_id').distinct().execute();
    expect(used.length).toBe(4);
  });

  it('gives every variant a unique SKU, a valid EAN-13 and a price, and flags products for the return rules', async () => {
    const variants = await handle.db.selectFrom('variants').select(['sku', 'ean', 'price_amount']).execute();
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
    expect(new Set(variants.map((v) => v.ean)).size).toBe(variants.length);
    expect(variants.filter((v) => !v.ean || !validEan(v.ean))).toEqual([]);
    expect(variants.every((v) => v.price_amount > 0)).toBe(true);
    const flags = await handle.db
      .selectFrom('products')
      .select([
        sql<number>`count(*) filter (where final_sale)::int`.as('finalSale'),
        sql<number>`count(*) filter (where exchange_only)::int`.as('exchangeOnly'),
        sql<number>`count(*) filter (where personalised)::int`.as('personalised'),
        sql<number>`count(*) filter (where hygiene_sealed)::int`.as('hygiene'),
        sql<number>`count(*) filter (where sealed_media)::int`.as('media'),
      ])
      .executeTakeFirstOrThrow();
    for (const n of Object.values(flags)) expect(n).toBeGreaterThan(0);
  });

  it('writes customers with unique lowercase e-mails and postcodes in their national format', async () => {
    const customers = await handle.db
      .selectFrom('customers')
      .select(['email', 'country', 'postcode', 'locale', 'segment'])
      .execute();
    expect(new Set(customers.map((c) => c.email)).size).toBe(customers.length);
    const formats: Record<string, RegExp> = { NL: /^[1-9]\d{3} [A-Z]{2}$/, BE: /^\d{4}$/, DE: /^\d{5}$/, FR: /^\d{5}$/ };
    const locales: Record<string, string[]> = { NL: ['nl'], BE: ['nl', 'fr'], DE: ['de'], FR: ['fr'] };
    for (const c of customers) {
      expect(c.email).toBe(c.email.toLowerCase());
      expect(c.postcode).toMatch(formats[c.country ?? ''] ?? /^$/);
      expect(locales[c.country ?? '']).toContain(c.locale);
    }
    expect(new Set(customers.map((c) => c.country))).toEqual(new Set(['NL', 'BE', 'DE', 'FR']));
    expect(customers.filter((c) => c.segment === 'standard').length).toBeGreaterThan(customers.length / 2);
  });

  it('keeps order money exact: lines add up to the order and the total is paid plus shipping', async () => {
    const orders = await handle.db
      .selectFrom('orders')
      .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
      .select([
        'orders.id',
        'orders.subtotal_amount',
        'orders.discount_amount',
        'orders.tax_amount',
        'orders.shipping_amount',
        'orders.shipping_premium_amount',
        'orders.total_amount',
        'orders.shipping_country',
      ])
      .select([
        sql<number>`sum(order_lines.paid_amount)::int`.as('paid'),
        sql<number>`sum(order_lines.unit_price_amount * order_lines.quantity)::int`.as('gross'),
        sql<number>`sum(order_lines.discount_amount)::int`.as('discount'),
        sql<number>`sum(order_lines.tax_amount)::int`.as('tax'),
        sql<number[]>`array_agg(distinct order_lines.tax_rate_bp)`.as('rates'),
      ])
      .groupBy('orders.id')
      .execute();
    expect(orders).toHaveLength(300);
    const rate: Record<string, number> = { NL: 2100, BE: 2100, DE: 1900, FR: 2000 };
    for (const o of orders) {
      expect(o.total_amount).toBe(o.paid + o.shipping_amount + o.shipping_premium_amount);
      expect(o.subtotal_amount).toBe(o.gross);
      expect(o.discount_amount).toBe(o.discount);
      expect(o.subtotal_amount - o.discount_amount).toBe(o.paid);
      expect(o.tax_amount).toBe(o.tax);
      expect(o.rates).toEqual([rate[o.shipping_country]]);
    }
    const lines = await handle.db.selectFrom('order_lines').select(['paid_amount', 'tax_amount', 'tax_rate_bp']).execute();
    for (const l of lines) {
      expect(l.tax_amount).toBe(l.paid_amount - Math.round((l.paid_amount * 10_000) / (10_000 + l.tax_rate_bp)));
    }
  });

  it('numbers orders in placing order and delivers one to four days later, recent ones not all yet', async () => {
    const orders = await handle.db
      .selectFrom('orders')
      .innerJoin('channels', 'channels.id', 'orders.channel_id')
      .select(['orders.id', 'order_number', 'placed_at', 'channels.kind'])
      .orderBy('order_number')
      .execute();
    expect(orders[0]?.order_number).toBe('NZ-100001');
    for (let i = 1; i < orders.length; i++) expect(orders[i]!.placed_at >= orders[i - 1]!.placed_at).toBe(true);
    expect(orders.every((o) => o.placed_at.getTime() < NOW.getTime() && o.placed_at.getTime() > NOW.getTime() - 121 * DAY)).toBe(
      true,
    );
    const lines = await handle.db
      .selectFrom('order_lines')
      .innerJoin('orders', 'orders.id', 'order_lines.order_id')
      .innerJoin('channels', 'channels.id', 'orders.channel_id')
      .select(['order_lines.delivered_at', 'orders.placed_at', 'channels.kind'])
      .execute();
    for (const l of lines) {
      if (!l.delivered_at) {
        expect(l.placed_at.getTime()).toBeGreaterThan(NOW.getTime() - 6 * DAY);
        continue;
      }
      const days = (l.delivered_at.getTime() - l.placed_at.getTime()) / DAY;
      if (l.kind === 'store') expect(days).toBe(0);
      else expect(days > 0 && days < 6).toBe(true);
      expect(l.delivered_at.getTime()).toBeLessThanOrEqual(NOW.getTime());
    }
    expect(lines.some((l) => !l.delivered_at)).toBe(true);
  });

  it('has returns in every status of the lifecycle, with lines that agree with the status', async () => {
    const returns = await handle.db
      .selectFrom('returns')
      .select(['id', 'number', 'status', 'ship_by', 'created_at', 'updated_at', 'order_id', 'tracking_number', 'method'])
      .execute();
    expect(new Set(returns.map((r) => r.status))).toEqual(new Set(RETURN_STATUSES));
    const lines = await handle.db
      .selectFrom('return_lines')
      .innerJoin('order_lines', 'order_lines.id', 'return_lines.order_line_id')
      .select([
        'return_lines.return_id',
        'return_lines.acceptance',
        'return_lines.acceptance_reason',
        'return_lines.reception',
        'return_lines.quantity',
        'return_lines.quantity_received',
        'return_lines.grade',
        'return_lines.disposition',
        'return_lines.settlement',
        'return_lines.settled_amount',
        'return_lines.reason_id',
        'return_lines.verdict',
        'order_lines.paid_amount',
        'order_lines.quantity as ordered',
        'order_lines.delivered_at',
        'order_lines.order_id',
      ])
      .execute();
    for (const ret of returns) {
      const mine = lines.filter((l) => l.return_id === ret.id);
      expect(mine.length, ret.number).toBeGreaterThan(0);
      expect(LINES_MATCH[ret.status](mine), `${ret.number} (${ret.status})`).toBe(true);
      for (const l of mine) {
        expect(l.order_id).toBe(ret.order_id);
        expect(l.reason_id).not.toBeNull();
        expect(l.quantity).toBeLessThanOrEqual(l.ordered);
        expect(l.quantity_received).toBeLessThanOrEqual(l.quantity);
        if (l.acceptance === 'rejected') expect(l.acceptance_reason && l.reception === 'cancelled').toBeTruthy();
        // Requested after delivery and inside the window the policy gave the line (30 days, 60 for VIPs).
        const verdict = l.verdict as unknown as LineVerdict;
        const windowDays = verdict.firedRules.some((id) => id === 'vip' || id.startsWith('holiday-window')) ? 60 : 30;
        const afterDelivery = ret.created_at.getTime() - (l.delivered_at?.getTime() ?? Number.NaN);
        expect(afterDelivery > 0 && afterDelivery < windowDays * DAY, ret.number).toBe(true);
        expect(ret.created_at.getTime(), ret.number).toBeLessThanOrEqual(Date.parse(verdict.deadlineAt ?? ''));
        if (['resolved', 'closed'].includes(ret.status) && l.acceptance === 'approved' && l.reception !== 'wrong_item') {
          expect(l.settlement).toBe('succeeded');
          expect(l.settled_amount).toBe(Math.floor((l.paid_amount * l.quantity_received) / l.ordered));
        }
      }
      expect(ret.created_at.getTime()).toBeLessThanOrEqual(ret.updated_at.getTime());
      expect(ret.updated_at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      if (ret.status === 'approved') expect(ret.ship_by!.getTime()).toBeGreaterThan(NOW.getTime());
      if (ret.status === 'expired') expect(ret.ship_by!.getTime()).toBeLessThan(ret.updated_at.getTime());
      if (['requested', 'under_review', 'rejected'].includes(ret.status)) expect(ret.ship_by).toBeNull();
      if (['in_transit', 'lost'].includes(ret.status) && ret.method !== 'store') expect(ret.tracking_number).toBeTruthy();
    }
  });

  it('judges every return by the published demo policy: lines it took, resolutions and methods it allowed', async () => {
    const shop = await handle.db.selectFrom('shop_settings').select('active_policy_version_id').executeTakeFirstOrThrow();
    const version = await handle.db
      .selectFrom('policy_versions')
      .selectAll()
      .where('id', '=', shop.active_policy_version_id ?? '')
      .executeTakeFirstOrThrow();
    expect(version).toMatchObject({ number: 2, name: 'Noord & Zo returns policy', status: 'published', published_at: NOW });
    expect(version.id).toMatch(/^pol_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(parsePolicyDocument(version.document)).toEqual(parsePolicyDocument(demoPolicy(2026)));

    const returns = await handle.db
      .selectFrom('returns')
      .select(['id', 'number', 'method', 'policy_version', 'policy_arm', 'experiment_id'])
      .execute();
    const lines = await handle.db
      .selectFrom('return_lines')
      .select(['return_id', 'order_line_id', 'quantity', 'requested_resolution', 'eligibility', 'verdict'])
      .execute();
    const automatic = new Set(
      (
        await handle.db
          .selectFrom('events')
          .select('return_id')
          .where('type', '=', 'return.approved')
          .where(sql<boolean>`(data->>'automatic')::boolean`)
          .execute()
      ).map((e) => e.return_id),
    );
    for (const ret of returns) {
      expect(ret, ret.number).toMatchObject({ policy_version: version.id, policy_arm: null, experiment_id: null });
      const mine = lines.filter((l) => l.return_id === ret.id);
      for (const l of mine) {
        expect(l.verdict, ret.number).not.toBeNull();
        const v = l.verdict as unknown as LineVerdict;
        expect(v, ret.number).toMatchObject({ eligible: true, orderLineId: l.order_line_id, quantity: l.quantity });
        expect(l.eligibility).toEqual(v.codes);
        expect(v.resolutions, ret.number).toContain(l.requested_resolution);
        expect(v.methods, ret.number).toContain(ret.method);
      }
      // Approved at once only when the policy says so and no line needs a person.
      const verdicts = mine.map((l) => l.verdict as unknown as LineVerdict);
      if (automatic.has(ret.id)) expect(verdicts.every((v) => v.autoApprove && !v.manualReview && !v.photoRequired)).toBe(true);
    }
    expect(automatic.size).toBeGreaterThan(0);
    expect(automatic.size).toBeLessThan(returns.length);
    const verdicts = lines.map((l) => l.verdict as unknown as LineVerdict);
    // The policy's rules show in the history: photos for quality complaints, sealed goods checked.
    for (const code of ['PHOTO_REQUIRED', 'STATUTORY_EXCEPTION_HYGIENE', 'RETURN_WINDOW'])
      expect(
        verdicts.some((v) => v.codes.includes(code as LineVerdict['codes'][number])),
        code,
      ).toBe(true);
  });

  it('has a few VIP, employee and blocked customers; blocked ones keep only their legal rights', async () => {
    const customers = await handle.db.selectFrom('customers').select(['id', 'email', 'segment', 'tags']).execute();
    const of = (segment: string) => customers.filter((c) => c.segment === segment);
    expect(of('vip').length).toBeGreaterThan(0);
    expect(of('employee').length).toBeGreaterThan(0);
    expect(of('blocked').length).toBeGreaterThan(0);
    expect(of('standard').length).toBeGreaterThan(customers.length * 0.9);
    for (const c of of('vip')) expect(c.tags).toContain('loyalty');
    for (const c of of('employee')) expect(c.email.endsWith('@noordenzo.example') && c.tags.includes('staff')).toBe(true);
    for (const c of of('blocked')) expect(c.tags).toContain('return-abuse');

    // Inside the EU withdrawal period a blocked customer may still return, but a person decides;
    // outside it the policy refuses.
    const blocked = of('blocked').map((c) => c.id);
    const lines = await handle.db
      .selectFrom('return_lines')
      .innerJoin('returns', 'returns.id', 'return_lines.return_id')
      .select(['returns.id', 'returns.number', 'return_lines.verdict'])
      .where('returns.customer_id', 'in', blocked)
      .execute();
    for (const l of lines) {
      const v = l.verdict as unknown as LineVerdict;
      expect(v.codes, l.number).toContain('CUSTOMER_BLOCKED_REVIEW');
      expect(v.withinStatutoryPeriod || v.flow === 'warranty', l.number).toBe(true);
      expect(v.manualReview).toBe(true);
    }
    const autoApproved = await handle.db
      .selectFrom('events')
      .innerJoin('returns', 'returns.id', 'events.return_id')
      .select('returns.number')
      .where('returns.customer_id', 'in', blocked)
      .where('events.type', '=', 'return.approved')
      .where(sql<boolean>`(events.data->>'automatic')::boolean`)
      .execute();
    expect(autoApproved).toEqual([]);
    const order = await handle.db
      .selectFrom('orders')
      .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
      .select('orders.id')
      .where('orders.customer_id', 'in', blocked)
      .where('order_lines.delivered_at', '<', new Date(NOW.getTime() - 20 * DAY))
      .executeTakeFirstOrThrow();
    const { verdict } = await evaluateOrderPolicy(ctx(), { orderId: order.id, locale: 'en' });
    for (const v of verdict.lines)
      expect(v).toMatchObject({ eligible: false, codes: expect.arrayContaining(['CUSTOMER_BLOCKED']) });
  });

  it('settles resolved and closed returns with settlements that add up to their lines', async () => {
    const rows = await handle.db
      .selectFrom('returns')
      .leftJoin('settlements', 'settlements.return_id', 'returns.id')
      .select(['returns.id', 'returns.status'])
      .select(sql<number>`coalesce(sum(settlements.amount), 0)::int`.as('settled'))
      .select((eb) =>
        eb
          .selectFrom('return_lines')
          .select(sql<number>`coalesce(sum(settled_amount), 0)::int`.as('n'))
          .whereRef('return_lines.return_id', '=', 'returns.id')
          .as('lines'),
      )
      .groupBy(['returns.id', 'returns.status'])
      .execute();
    for (const r of rows) {
      expect(r.settled).toBe(r.lines);
      if (!['resolved', 'closed'].includes(r.status)) expect(r.settled).toBe(0);
    }
    expect(rows.some((r) => r.settled > 0)).toBe(true);
  });

  it('writes each return a timeline that starts with the request and ends in its status, without outbox messages', async () => {
    const returns = await handle.db.selectFrom('returns').select(['id', 'number', 'status']).execute();
    const events = await handle.db
      .selectFrom('events')
      .select(['return_id', 'type', 'subject_type', 'subject_id', 'actor_type', 'data', 'occurred_at'])
      .orderBy('id')
      .execute();
    for (const ret of returns) {
      const timeline = events.filter((e) => e.return_id === ret.id);
      expect(timeline[0]?.type, ret.number).toBe('return.requested');
      for (const e of timeline) {
        expect(e).toMatchObject({ subject_type: 'return', subject_id: ret.id, data: { number: ret.number } });
        expect(['shopper', 'staff', 'system']).toContain(e.actor_type);
      }
      for (let i = 1; i < timeline.length; i++) expect(timeline[i]!.occurred_at >= timeline[i - 1]!.occurred_at).toBe(true);
      const moves = timeline.filter((e) => typeof e.data.to === 'string');
      expect(moves.at(-1)?.data.to ?? 'requested', ret.number).toBe(ret.status);
      for (let i = 1; i < moves.length; i++) expect(moves[i]!.data.from).toBe(moves[i - 1]!.data.to);
    }
    const outbox = await handle.db.selectFrom('outbox').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(outbox.n)).toBe(0);
  });

  it('gives every row a prefixed, time-sortable id like the app makes', async () => {
    const tables = [
      'customers',
      'products',
      'variants',
      'orders',
      'order_lines',
      'returns',
      'return_lines',
      'settlements',
      'events',
      'reasons',
      'categories',
      'warehouses',
    ] as const;
    for (const table of tables) {
      const ids = (await handle.db.selectFrom(table).select('id').execute()).map((row) => row.id);
      expect(ids.length, table).toBeGreaterThan(0);
      expect(
        ids.filter((id) => !/^[a-z]+_[0-9a-hjkmnp-tv-z]{26}$/.test(id)),
        table,
      ).toEqual([]);
    }
    // The id's time part is the row's own time, so listings sorted by id read newest first.
    const orders = await handle.db.selectFrom('orders').select('order_number').orderBy('id', 'desc').limit(3).execute();
    expect(orders.map((o) => o.order_number)).toEqual(['NZ-100300', 'NZ-100299', 'NZ-100298']);
  });

  it('tells its progress out of a total that never changes, only forward, and all done only at the end', () => {
    expect(told.length).toBeGreaterThan(10);
    const total = told[0]?.total;
    expect(told.every((t) => t.total === total)).toBe(true);
    for (const [i, t] of told.entries()) {
      if (i > 0) expect(t.done).toBeGreaterThan(told[i - 1]?.done ?? 0);
      expect(t.done === t.total).toBe(i === told.length - 1);
    }
    expect(told.at(-1)?.stage).toBe('done');
    // Every part of the seed is told.
    expect(new Set(told.map((t) => t.stage))).toEqual(
      new Set(['orders', 'returns', 'catalogue', 'timeline', 'customers', 'done']),
    );
  });

  it('refuses to seed twice', async () => {
    await expect(seedDemo(ctx(), { customers: 5, orders: 5 })).rejects.toMatchObject({ code: 'DEMO_ALREADY_SEEDED' });
    expect(await countOf('orders')).toBe(300);
  });

  it('is deterministic for a seed', async () => {
    const other = await freshDb();
    try {
      await seedDemo(testContext(other.db, { now: () => NOW }), SMALL);
      const orders = (db: DbHandle['db']) =>
        db.selectFrom('orders').select(['order_number', 'total_amount', 'email', 'placed_at']).orderBy('order_number').execute();
      const returns = (db: DbHandle['db']) =>
        db.selectFrom('returns').select(['number', 'status', 'created_at', 'method']).orderBy('number').execute();
      const returnLines = (db: DbHandle['db']) =>
        db
          .selectFrom('return_lines')
          .innerJoin('returns', 'returns.id', 'return_lines.return_id')
          .innerJoin('order_lines', 'order_lines.id', 'return_lines.order_line_id')
          .select(['returns.number', 'order_lines.line_number', 'return_lines.requested_resolution', 'return_lines.eligibility'])
          .orderBy('returns.number')
          .orderBy('order_lines.line_number')
          .execute();
      const segments = (db: DbHandle['db']) => db.selectFrom('customers').select(['email', 'segment']).orderBy('email').execute();
      expect(await orders(other.db)).toEqual(await orders(handle.db));
      expect(await returns(other.db)).toEqual(await returns(handle.db));
      expect(await returnLines(other.db)).toEqual(await returnLines(handle.db));
      expect(await segments(other.db)).toEqual(await segments(handle.db));
    } finally {
      await other.close();
    }
  });

  it('leaves the return number sequence ahead, so the app numbers the next return after the seeded ones', async () => {
    // A demo shop of its own: the return made here would change what the other tests count.
    const own = await freshDb();
    try {
      await seedDemo(testContext(own.db, { now: () => NOW }), SMALL);
      await expectNextReturnAfterSeeded(own);
    } finally {
      await own.close();
    }
  });

  async function expectNextReturnAfterSeeded(shop: DbHandle) {
    const line = await shop.db
      .selectFrom('order_lines')
      .innerJoin('orders', 'orders.id', 'order_lines.order_id')
      .innerJoin('variants', 'variants.id', 'order_lines.variant_id')
      .innerJoin('products', 'products.id', 'variants.product_id')
      .select(['order_lines.id', 'orders.id as order_id'])
      .where('order_lines.delivered_at', '>', new Date(NOW.getTime() - 10 * DAY))
      .where('products.final_sale', '=', false)
      .where('products.personalised', '=', false)
      .where('products.hygiene_sealed', '=', false)
      .where('products.sealed_media', '=', false)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('returns').select('returns.id').whereRef('returns.order_id', '=', 'orders.id'))),
      )
      .orderBy('order_lines.id')
      .executeTakeFirstOrThrow();
    const highest = await shop.db
      .selectFrom('returns')
      .select(sql<number>`max(substr(number, 3)::int)`.as('n'))
      .executeTakeFirstOrThrow();
    const made = await requestReturn(
      testContext(shop.db, { now: () => NOW }),
      { actor: { type: 'shopper', id: null } },
      {
        orderId: line.order_id,
        source: 'portal',
        lines: [{ orderLineId: line.id, quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    );
    expect(made.number).toBe(`R-${highest.n + 1}`);
  }
});
