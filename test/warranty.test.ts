import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOpeningStock, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

type Seeded = Awaited<ReturnType<typeof seedOrders>>[number];

const jpeg = () =>
  sharp({ create: { width: 400, height: 300, channels: 3, background: '#2e5cb0' } })
    .jpeg()
    .toBuffer();

describe.each(DB_KINDS)('legal guarantee: defect claims, repairs and replacements (%s)', (kind) => {
  let t: TestApp;
  let agent: StaffClient;
  let warehouse: StaffClient;
  const orders: Record<string, Seeded> = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse']);
    await seedOpeningStock(t.ctx, 'stm_00000000000000000000000077', 'var_tee_m', 5);
    // Long past the 30-day window, well within the two years of the legal guarantee...
    const monthsAgo = new Date(t.clock.now.getTime() - 200 * DAY);
    // ...and delivered more than two years ago.
    const yearsAgo = new Date(t.clock.now.getTime() - 800 * DAY);
    const seeded = await seedOrders(t.ctx, [
      orderFixture('9101', monthsAgo),
      orderFixture('9102', monthsAgo),
      orderFixture('9103', monthsAgo),
      orderFixture('9104', monthsAgo),
      orderFixture('9106', monthsAgo),
      orderFixture('9107', monthsAgo),
      orderFixture('9105', yearsAgo),
    ]);
    for (const o of seeded) orders[o.number] = o;
    agent = await t.login('agent');
    warehouse = await t.login('warehouse');
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (url: string, payload: object | undefined, staff: StaffClient = agent) =>
    t.request({ method: 'POST', url, staff, payload });
  const get = (url: string, staff: StaffClient = agent) => t.request({ method: 'GET', url, staff });

  async function shopperFor(number: string) {
    const bearer = await t.shopperToken(number, `${number}@example.nl`);
    const photo = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/photos',
      bearer,
      payload: await jpeg(),
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(photo.statusCode, photo.body).toBe(201);
    return { bearer, photoId: photo.json().id as string };
  }

  /** A shopper reports the tee of an order as defective, with a photo, asking for `resolution`. */
  async function claimDefect(number: string, resolution: 'repair' | 'replacement', comment: string) {
    const o = orders[number] as Seeded;
    const { bearer, photoId } = await shopperFor(number);
    return t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer,
      payload: {
        method: 'qr',
        lines: [{ orderLineId: o.lineBySku['TEE-M'], quantity: 1, defect: true, comment, resolution, photoIds: [photoId] }],
      },
    });
  }

  /** A shopper reports the tee of an order as defective, asking for `resolution`; staff grant it. */
  async function grantedClaim(number: string, resolution: 'repair' | 'replacement') {
    const res = await claimDefect(number, resolution, 'The seam came apart after two washes');
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as { returnId: string; status: string; statusToken: string; lines: { id: string }[] };
    // A person looks at every claim under the guarantee first.
    expect(created.status).toBe('under_review');
    const lineId = created.lines[0]?.id as string;
    const approve = await post(`/api/v1/returns/${created.returnId}/approve`, { lines: [{ returnLineId: lineId }] });
    expect(approve.statusCode, approve.body).toBe(200);
    return { returnId: created.returnId, lineId, statusToken: created.statusToken };
  }

  async function receiveAndInspect(returnId: string, lineId: string) {
    const received = await post(
      `/api/v1/returns/${returnId}/receive`,
      { lines: [{ returnLineId: lineId, quantity: 1 }] },
      warehouse,
    );
    expect(received.statusCode, received.body).toBe(200);
    const inspected = await post(
      `/api/v1/returns/${returnId}/inspect`,
      { lines: [{ returnLineId: lineId, grade: 'F', disposition: 'return_to_customer' }] },
      warehouse,
    );
    expect(inspected.statusCode, inspected.body).toBe(200);
  }

  it('takes a defect claim for a line past the return window but within two years, under the guarantee', async () => {
    const o = orders['9101'] as Seeded;
    const { bearer, photoId } = await shopperFor('9101');
    const tee = o.lineBySku['TEE-M'];
    // Refused as a return, with the guarantee's last day to say a defect can still be reported.
    const plain = (await t.request({ method: 'GET', url: '/api/v1/shopper/policy-evaluation?locale=nl', bearer })).json();
    const line = plain.lines.find((l: { orderLineId: string }) => l.orderLineId === tee);
    expect(line.eligible).toBe(false);
    expect(line.reasons.map((r: { code: string }) => r.code)).toContain('WINDOW_EXPIRED');
    expect(line.guaranteeEnds).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Judged as a defect: the remedies of the guarantee, no fee.
    const asDefect = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/policy-evaluation',
      bearer,
      payload: { selection: { lines: [{ orderLineId: tee, quantity: 1, defect: true, resolution: 'repair' }], method: 'qr' } },
    });
    expect(asDefect.statusCode, asDefect.body).toBe(200);
    const judged = asDefect.json().lines[0];
    expect(judged).toMatchObject({ eligible: true, flow: 'warranty', resolutions: ['repair', 'replacement', 'refund'] });
    expect(asDefect.json().totals.returnShippingFee).toBe(0);

    const claim = (payload: object) => t.request({ method: 'POST', url: '/api/v1/shopper/returns', bearer, payload });
    const defectLine = { orderLineId: tee, quantity: 1, defect: true, resolution: 'repair', photoIds: [photoId] };
    // What is wrong must be said.
    const silent = await claim({ method: 'qr', lines: [defectLine] });
    expect(silent.statusCode, silent.body).toBe(422);
    expect(silent.json().code).toBe('DEFECT_DESCRIPTION_REQUIRED');
    expect(silent.json().errors).toEqual([expect.objectContaining({ path: 'lines.0.comment' })]);
    // Not a remedy of the guarantee.
    const credit = await claim({ method: 'qr', lines: [{ ...defectLine, comment: 'Broken zip', resolution: 'store_credit' }] });
    expect(credit.statusCode, credit.body).toBe(422);
    expect(credit.json().errors[0].path).toBe('lines.0.resolution');

    const res = await claim({ method: 'qr', lines: [{ ...defectLine, comment: 'Broken zip' }] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().lines[0].codes).toContain('WARRANTY_CLAIM');
    const detail = (await get(`/api/v1/returns/${res.json().returnId}`)).json();
    // Filed under the shop's defect reason, with the shopper's words.
    expect(detail.lines[0]).toMatchObject({
      reasonCode: 'defective',
      comment: 'Broken zip',
      requestedResolution: 'repair',
      acceptance: 'manual_review',
    });
  });

  it('refuses a defect claim more than two years after delivery with WARRANTY_EXPIRED', async () => {
    const o = orders['9105'] as Seeded;
    const res = await claimDefect('9105', 'repair', 'Stopped working');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'WARRANTY_EXPIRED', title: 'The legal guarantee for this item has ended' });
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'lines.0.orderLineId', code: 'WARRANTY_EXPIRED' })]);
    expect(await t.ctx.db.selectFrom('returns').select('id').where('order_id', '=', o.id).execute()).toEqual([]);
  });

  it('ships a granted replacement as an exchange order for the same item, and the return resolves', async () => {
    const { returnId, lineId } = await grantedClaim('9102', 'replacement');
    const orders = (await get(`/api/v1/returns/${returnId}/exchange-orders`)).json().items;
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'reserved', priceDifference: 0 });
    expect(orders[0].lines).toEqual([
      expect.objectContaining({ returnLineId: lineId, sku: 'TEE-M', quantity: 1, difference: 0 }),
    ]);
    await receiveAndInspect(returnId, lineId);
    const ready = (await get(`/api/v1/exchange-orders/${orders[0].id}`)).json();
    expect(ready.status).toBe('ready');
    const shipped = await post(`/api/v1/exchange-orders/${orders[0].id}/ship`, { trackingNumber: '3SREP0001' }, warehouse);
    expect(shipped.statusCode, shipped.body).toBe(200);
    const detail = (await get(`/api/v1/returns/${returnId}`)).json();
    expect(detail.status).toBe('resolved');
    expect(detail.lines[0]).toMatchObject({ grantedResolution: 'replacement', settlement: 'succeeded' });
    const types = detail.timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['exchange_order.created', 'exchange_order.shipped', 'return.resolved']));
  });

  it('tracks a repair from waiting for the item to sent back, and shows it to the shopper', async () => {
    const { returnId, lineId, statusToken } = await grantedClaim('9103', 'repair');
    const repairs = async () => (await get(`/api/v1/returns/${returnId}/repairs`)).json().items;
    const [opened] = await repairs();
    expect(opened).toMatchObject({ returnLineId: lineId, status: 'awaiting_item' });
    // Nothing can be sent back repaired before it arrived.
    const early = await post(`/api/v1/repairs/${opened.id}/ship-back`, {}, warehouse);
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().code).toBe('ILLEGAL_REPAIR_TRANSITION');

    await receiveAndInspect(returnId, lineId);
    expect((await repairs())[0].status).toBe('in_repair');
    // The shopper reads that their item is being repaired, not that money is being arranged.
    const meanwhile = await t.request({ method: 'GET', url: '/api/v1/shopper/status', bearer: statusToken });
    expect(meanwhile.json().next).toEqual({ code: 'await_repair', by: null });
    // Repaired, but the return does not resolve behind the repair's back, nor can staff resolve it.
    expect((await get(`/api/v1/returns/${returnId}`)).json().status).toBe('inspected');
    const resolveEarly = await post(`/api/v1/returns/${returnId}/resolve`, {});
    expect(resolveEarly.statusCode, resolveEarly.body).toBe(409);
    expect(resolveEarly.json().code).toBe('REPAIR_UNDER_WAY');

    const back = await post(
      `/api/v1/repairs/${opened.id}/ship-back`,
      { trackingNumber: '3SREP0002', carrier: 'PostNL', note: 'New seam' },
      warehouse,
    );
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'shipped_back', trackingNumber: '3SREP0002', carrier: 'PostNL' });
    // Again: nothing happens twice.
    const again = await post(`/api/v1/repairs/${opened.id}/ship-back`, { trackingNumber: '3SREP0002' }, warehouse);
    expect(again.statusCode, again.body).toBe(200);

    const detail = (await get(`/api/v1/returns/${returnId}`)).json();
    expect(detail.status).toBe('resolved');
    expect(detail.lines[0]).toMatchObject({ grantedResolution: 'repair', settlement: 'succeeded', settledAmount: 0 });
    const types = detail.timeline.map((e: { type: string }) => e.type);
    expect(types.filter((x: string) => x.startsWith('repair.'))).toEqual([
      'repair.opened',
      'repair.started',
      'repair.shipped_back',
    ]);
    // No money moved for a repair.
    expect(detail.settlements).toEqual([]);

    const status = await t.request({ method: 'GET', url: '/api/v1/shopper/status', bearer: statusToken });
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json().repairs).toEqual([expect.objectContaining({ status: 'shipped_back', trackingNumber: '3SREP0002' })]);
    expect(status.json().timeline.map((e: { type: string }) => e.type)).toContain('repair.shipped_back');
  });

  it('refunds an item that can be neither repaired nor replaced, once', async () => {
    const { returnId, lineId } = await grantedClaim('9107', 'repair');
    const [repair] = (await get(`/api/v1/returns/${returnId}/repairs`)).json().items;
    await receiveAndInspect(returnId, lineId);
    const failed = await post(`/api/v1/repairs/${repair.id}/fail`, { note: 'Model discontinued', fallback: 'refund' });
    expect(failed.statusCode, failed.body).toBe(200);
    expect((await get(`/api/v1/returns/${returnId}/exchange-orders`)).json().items).toEqual([]);
    // The whole price comes back: no fee is charged on a defect.
    const settled = await post(`/api/v1/returns/${returnId}/settle`, {});
    expect(settled.statusCode, settled.body).toBe(200);
    expect(settled.json().settlements).toEqual([expect.objectContaining({ kind: 'refund', amount: 2000 })]);
    const again = await post(`/api/v1/returns/${returnId}/settle`, {});
    expect(again.json().started).toEqual([]);
    const confirmed = await post(`/api/v1/settlements/${settled.json().settlements[0].id}/confirm`, { reference: 'NL-9107' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const detail = (await get(`/api/v1/returns/${returnId}`)).json();
    expect(detail.status).toBe('resolved');
    expect(detail.lines[0]).toMatchObject({ grantedResolution: 'refund', settlement: 'succeeded', settledAmount: 2000 });
  });

  it('calls a repair off with its return', async () => {
    const { returnId } = await grantedClaim('9106', 'repair');
    const cancelled = await post(`/api/v1/returns/${returnId}/cancel`, { reason: 'shopper fixed it' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const [repair] = (await get(`/api/v1/returns/${returnId}/repairs`)).json().items;
    expect(repair.status).toBe('cancelled');
    const late = await post(`/api/v1/repairs/${repair.id}/fail`, { note: 'too late', fallback: 'refund' });
    expect(late.statusCode, late.body).toBe(409);
    expect(late.json().code).toBe('ILLEGAL_REPAIR_TRANSITION');
  });

  it('replaces an item that could not be repaired', async () => {
    const { returnId, lineId } = await grantedClaim('9104', 'repair');
    const [repair] = (await get(`/api/v1/returns/${returnId}/repairs`)).json().items;
    await receiveAndInspect(returnId, lineId);
    const noFallback = await post(`/api/v1/repairs/${repair.id}/fail`, { note: 'No spare parts' });
    expect(noFallback.statusCode, noFallback.body).toBe(400);
    expect(noFallback.json().errors[0].path).toBe('fallback');

    const failed = await post(`/api/v1/repairs/${repair.id}/fail`, { note: 'No spare parts', fallback: 'replacement' });
    expect(failed.statusCode, failed.body).toBe(200);
    expect(failed.json()).toMatchObject({ status: 'unrepairable', fallback: 'replacement', note: 'No spare parts' });
    const [order] = (await get(`/api/v1/returns/${returnId}/exchange-orders`)).json().items;
    // The return is inspected already: the replacement may go out at once.
    expect(order).toMatchObject({ status: 'ready', priceDifference: 0 });
    expect((await post(`/api/v1/exchange-orders/${order.id}/ship`, {}, warehouse)).statusCode).toBe(200);
    const detail = (await get(`/api/v1/returns/${returnId}`)).json();
    expect(detail.status).toBe('resolved');
    expect(detail.lines[0]).toMatchObject({ grantedResolution: 'replacement', settlement: 'succeeded' });
    const types = detail.timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['repair.failed', 'exchange_order.created', 'exchange_order.shipped']));
  });
});
