import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { riskLevel } from '../src/domain/risk/score.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

type Seeded = Awaited<ReturnType<typeof seedOrders>>[number];

describe.each(DB_KINDS)('back office API (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let warehouse: StaffClient;
  let analyst: StaffClient;
  const orders: Record<string, Seeded> = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse', 'analyst']);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const expensive = orderFixture('5003', delivered, {
      lines: [
        {
          sku: 'TEE-M',
          quantity: 1,
          unitPriceAmount: 60_000,
          discountAmount: 0,
          taxRateBp: 2100,
          deliveredAt: delivered.toISOString(),
        },
      ],
    });
    const seeded = await seedOrders(t.ctx, [
      orderFixture('5001', delivered),
      orderFixture('5002', delivered),
      expensive,
      orderFixture('5004', delivered),
      orderFixture('5005', delivered),
      orderFixture('5006', delivered),
      orderFixture('5007', delivered),
      orderFixture('5008', delivered),
    ]);
    for (const o of seeded) orders[o.number] = o;
    admin = await t.login('admin');
    agent = await t.login('agent');
    warehouse = await t.login('warehouse');
    analyst = await t.login('analyst');
  });
  afterAll(() => t?.close());

  async function shopperReturn(orderNumber: string, lines: { sku: string; quantity: number; reasonCode: string }[]) {
    const token = await t.shopperToken(orderNumber, `${orderNumber}@example.nl`);
    const o = orders[orderNumber] as Seeded;
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: lines.map((l) => ({ orderLineId: o.lineBySku[l.sku], quantity: l.quantity, reasonCode: l.reasonCode })),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { returnId: string; number: string; status: string; lines: { id: string }[] };
  }

  const get = (url: string, staff: StaffClient = agent) => t.request({ method: 'GET', url, staff });
  const post = (url: string, payload: object, staff: StaffClient = agent, headers: Record<string, string> = {}) =>
    t.request({ method: 'POST', url, staff, payload, headers });

  it('filters, sorts and counts the queue, with value and an explained risk on every return', async () => {
    // Other tests add returns of their own: the filters are judged on this test's returns, the
    // counts by how much they grew.
    const countsBefore = (await get('/api/v1/returns/counts?status=approved')).json();
    const small = await shopperReturn('5001', [{ sku: 'TEE-M', quantity: 1, reasonCode: 'too_small' }]);
    const review = await shopperReturn('5002', [{ sku: 'BUDS', quantity: 1, reasonCode: 'too_small' }]);
    // An agent opens the expensive one on the shopper's behalf.
    const opened = await post('/api/v1/returns', {
      orderId: orders['5003']?.id,
      method: 'qr',
      lines: [{ orderLineId: orders['5003']?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }],
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const bigId = opened.json().returnId as string;

    const all = (await get('/api/v1/returns?limit=50')).json();
    const byId = new Map(all.items.map((r: { id: string }) => [r.id, r]));
    const bigRow = byId.get(bigId) as {
      value: number;
      risk: { score: number; level: string; signals: { code: string }[] };
      channel: string;
    };
    expect(bigRow.value).toBe(60_000);
    expect(bigRow.risk.score).toBeGreaterThan(0);
    expect(bigRow.risk.level).toBe(riskLevel(bigRow.risk.score));
    expect(bigRow.risk.signals.map((s) => s.code)).toContain('HIGH_VALUE');
    expect(bigRow.channel).toBe('webshop');
    expect((byId.get(small.returnId) as { value: number }).value).toBe(2000);

    const mine = new Set([small.returnId, review.returnId, bigId]);
    const ids = (url: string) =>
      get(url).then((r) =>
        r
          .json()
          .items.map((i: { id: string }) => i.id)
          .filter((id: string) => mine.has(id)),
      );
    // Under the default weights a €600 return alone stays low (docs/fraud.md): the bands still part them.
    expect(new Set(await ids(`/api/v1/returns?risk=${bigRow.risk.level}`))).toContain(bigId);
    expect(await ids('/api/v1/returns?risk=medium,high')).toEqual(bigRow.risk.level === 'low' ? [] : [bigId]);
    expect(await ids('/api/v1/returns?minValue=10000')).toEqual([bigId]);
    expect(await ids('/api/v1/returns?maxValue=2000')).toEqual([small.returnId]);
    expect(new Set(await ids('/api/v1/returns?reason=fit'))).toEqual(new Set([small.returnId, review.returnId, bigId]));
    expect(await ids('/api/v1/returns?channel=marketplace')).toEqual([]);
    expect(await ids('/api/v1/returns?minAgeDays=1')).toEqual([]);
    expect((await get('/api/v1/returns?risk=extreme')).statusCode).toBe(400);

    // Sorted by value, one per page: the keyset cursor walks every return once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await get(`/api/v1/returns?sort=value_desc&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen[0]).toBe(bigId);
    expect(seen.length).toBe(new Set(seen).size);
    expect(new Set(seen)).toEqual(new Set(all.items.map((i: { id: string }) => i.id)));
    expect((await get('/api/v1/returns?sort=value_desc&cursor=bm9wZQ')).json().code).toBe('INVALID_CURSOR');

    const counts = (await get('/api/v1/returns/counts?status=approved')).json();
    const grew = (n: number | undefined, before: number | undefined) => (n ?? 0) - (before ?? 0);
    expect(grew(counts.total, countsBefore.total)).toBe(3);
    expect(grew(counts.byStatus.under_review, countsBefore.byStatus.under_review)).toBe(1);
    expect(grew(counts.byStatus.approved, countsBefore.byStatus.approved)).toBe(2);
    expect(grew(counts.onHold, countsBefore.onHold)).toBe(0);
    // The counts take the filters on the order, its channel and the customer as the list does.
    const ofOrder = (await get('/api/v1/returns/counts?q=5002')).json();
    expect([ofOrder.total, ofOrder.byStatus.under_review]).toEqual([1, 1]);
    expect((await get(`/api/v1/returns/counts?q=${encodeURIComponent(' 5003@Example.nl ')}`)).json().total).toBe(1);
    expect((await get(`/api/v1/returns/counts?q=${encodeURIComponent(small.number.toLowerCase())}`)).json().total).toBe(1);
    expect((await get('/api/v1/returns/counts?channel=marketplace')).json().total).toBe(0);
    expect(grew((await get('/api/v1/returns/counts?channel=webshop')).json().total, countsBefore.total)).toBe(3);
  });

  it('finds a return by QR code, label barcode, typed number, tracking number and order number', async () => {
    const made = await shopperReturn('5006', [{ sku: 'TEE-M', quantity: 1, reasonCode: 'too_small' }]);
    const ret = (await get('/api/v1/returns?q=5006')).json().items[0];
    expect(ret.id).toBe(made.returnId);
    await post(`/api/v1/returns/${ret.id}/in-transit`, { trackingNumber: '3SRETOUR42' }, warehouse);
    const digits = ret.number.slice(2);
    for (const code of [`RETOUR:${ret.number}:5006`, ret.number, `r${digits}`, ` 3SRETOUR42 `, '5006']) {
      const found = (await get(`/api/v1/returns/scan?code=${encodeURIComponent(code)}`, warehouse)).json();
      expect(
        found.items.map((i: { id: string }) => i.id),
        code,
      ).toEqual([ret.id]);
    }
    expect((await get('/api/v1/returns/scan?code=NOPE', warehouse)).json().items).toEqual([]);
  });

  it('approves and rejects in bulk with one reason, skips what cannot be decided, and replays a retry', async () => {
    const sealed = await shopperReturn('5007', [{ sku: 'BUDS', quantity: 1, reasonCode: 'too_small' }]);
    expect(sealed.status).toBe('under_review');
    const queue = [sealed.returnId];
    const plain = await shopperReturn('5007', [{ sku: 'TEE-M', quantity: 1, reasonCode: 'too_small' }]);
    expect(plain.status).toBe('approved');
    const approved = plain.returnId;

    expect((await post('/api/v1/returns/bulk', { action: 'reject', returnIds: queue })).json().code).toBe('REASON_REQUIRED');
    expect((await post('/api/v1/returns/bulk', { action: 'approve', returnIds: queue }, analyst)).statusCode).toBe(403);

    const body = { action: 'approve', returnIds: [...queue, approved, 'ret_01JZZZZZZZZZZZZZZZZZZZZZZZ'], reason: 'checked seal' };
    const key = { 'idempotency-key': 'bulk-approve-1' };
    const first = await post('/api/v1/returns/bulk', body, agent, key);
    expect(first.statusCode, first.body).toBe(200);
    const result = first.json();
    expect(result.decided).toBe(queue.length);
    expect(result.results.find((r: { returnId: string }) => r.returnId === approved)).toMatchObject({
      ok: false,
      code: 'NOTHING_TO_DECIDE',
    });
    expect(result.results.at(-1)).toMatchObject({ ok: false, code: 'RETURN_NOT_FOUND' });
    const again = await post('/api/v1/returns/bulk', body, agent, key);
    expect(again.json()).toEqual(result);
    for (const id of queue) {
      const detail = (await get(`/api/v1/returns/${id}`)).json();
      expect(detail.status).toBe('approved');
      const decided = detail.timeline.filter((e: { type: string }) => e.type === 'return.lines_decided');
      expect(decided).toHaveLength(1);
      expect(decided[0].data.bulk).toBe(true);
      expect(detail.lines[0].acceptanceReason).toBe('checked seal');
    }
  });

  it('asks for a justification to grant a resolution the policy did not allow, and records it', async () => {
    const ret = await shopperReturn('5004', [{ sku: 'BUDS', quantity: 1, reasonCode: 'too_small' }]);
    const detail = (await get(`/api/v1/returns/${ret.returnId}`)).json();
    const line = detail.lines[0];
    const outside = ['refund', 'store_credit', 'exchange', 'replacement', 'repair', 'keep'].find(
      (r) => !line.verdict.resolutions.includes(r),
    );
    expect(outside).toBeDefined();
    const refused = await post(`/api/v1/returns/${ret.returnId}/approve`, {
      lines: [{ returnLineId: line.id, resolution: outside }],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('OVERRIDE_JUSTIFICATION_REQUIRED');
    expect(refused.json().errors[0].path).toBe('lines.0.justification');
    const ok = await post(`/api/v1/returns/${ret.returnId}/approve`, {
      lines: [{ returnLineId: line.id, resolution: outside, justification: 'Seal intact, shop goodwill' }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const after = (await get(`/api/v1/returns/${ret.returnId}`)).json();
    expect(after.lines[0].grantedResolution).toBe(outside);
    expect(after.lines[0].acceptanceReason).toBe('Seal intact, shop goodwill');
    const decided = after.timeline.find((e: { type: string }) => e.type === 'return.lines_decided');
    expect(decided.data.decisions[0].override).toBe(true);
  });

  it('keeps internal notes for staff and shows messages to the shopper', async () => {
    const ret = await shopperReturn('5001', [{ sku: 'TEE-M', quantity: 1, reasonCode: 'too_small' }]);
    const note = await post(`/api/v1/returns/${ret.returnId}/notes`, { body: 'Called the shopper' }, warehouse);
    expect(note.statusCode, note.body).toBe(201);
    expect((await post(`/api/v1/returns/${ret.returnId}/messages`, { body: 'Hoi!' }, warehouse)).statusCode).toBe(403);
    expect((await post(`/api/v1/returns/${ret.returnId}/messages`, { body: '   ' })).statusCode).toBe(400);
    expect((await post(`/api/v1/returns/${ret.returnId}/messages`, { body: 'Your parcel is expected Monday' })).statusCode).toBe(
      201,
    );
    const staffView = (await get(`/api/v1/returns/${ret.returnId}`)).json();
    expect(staffView.notes.map((n: { kind: string; author: { name: string } }) => [n.kind, n.author.name])).toEqual([
      ['internal', 'warehouse'],
      ['shopper', 'agent'],
    ]);
    const token = await t.shopperToken('5001', '5001@example.nl');
    const shopperView = (
      await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${ret.returnId}`, bearer: token })
    ).json();
    expect(shopperView.risk).toBeUndefined();
    expect(shopperView.notes).toEqual([
      expect.objectContaining({ kind: 'shopper', body: 'Your parcel is expected Monday', author: null }),
    ]);
    const events = staffView.timeline.map((e: { type: string }) => e.type);
    expect(events).toContain('return.note_added');
    const sent = staffView.timeline.find((e: { type: string }) => e.type === 'return.message_sent');
    expect(sent.data.body).toBe('Your parcel is expected Monday');
    const added = staffView.timeline.find((e: { type: string }) => e.type === 'return.note_added');
    expect(added.data.body).toBeUndefined();
    // Staff read who did what by name; the shopper's timeline names no colleague.
    expect(added.actor).toMatchObject({ type: 'staff', name: 'warehouse' });
    expect(sent.actor).toMatchObject({ type: 'staff', name: 'agent' });
    const requested = staffView.timeline.find((e: { type: string }) => e.type === 'return.requested');
    expect(requested.actor.name).toBeNull();
    for (const e of shopperView.timeline) expect(e.actor).toBeUndefined();
  });

  it('saves queue views per person, shares them on request, and lets only the owner delete one', async () => {
    const mine = await post('/api/v1/saved-views', { name: 'Risky', filters: { risk: 'high', sort: 'value_desc' } });
    expect(mine.statusCode, mine.body).toBe(201);
    expect((await post('/api/v1/saved-views', { name: 'Risky', filters: {} })).json().code).toBe('VIEW_NAME_TAKEN');
    await post('/api/v1/saved-views', { name: 'Team', filters: { status: 'under_review' }, shared: true });
    const forAgent = (await get('/api/v1/saved-views'))
      .json()
      .items.map((v: { name: string; mine: boolean }) => [v.name, v.mine]);
    expect(forAgent).toEqual([
      ['Risky', true],
      ['Team', true],
    ]);
    const forWarehouse = (await get('/api/v1/saved-views', warehouse)).json().items;
    expect(forWarehouse.map((v: { name: string; mine: boolean }) => [v.name, v.mine])).toEqual([['Team', false]]);
    const team = forWarehouse[0].id;
    expect((await t.request({ method: 'DELETE', url: `/api/v1/saved-views/${team}`, staff: warehouse })).statusCode).toBe(404);
    expect((await t.request({ method: 'DELETE', url: `/api/v1/saved-views/${team}`, staff: agent })).statusCode).toBe(200);
  });

  it('receives with extras, suggests a disposition per grade, restocks into the ledger and records the value recovered', async () => {
    const ret = await shopperReturn('5005', [{ sku: 'TEE-M', quantity: 2, reasonCode: 'too_small' }]);
    const lineId = ret.lines[0]?.id as string;
    const received = await post(
      `/api/v1/returns/${ret.returnId}/receive`,
      { lines: [{ returnLineId: lineId, quantity: 2 }], extras: [{ description: 'A sock', quantity: 1 }] },
      warehouse,
    );
    expect(received.statusCode, received.body).toBe(200);

    const setup = (await get(`/api/v1/returns/${ret.returnId}/inspection`, warehouse)).json();
    expect(setup.warehouseId).toBe('wh_dc');
    const line = setup.lines[0];
    expect(line.checklist.map((i: { code: string }) => i.code)).toContain('tags_attached');
    expect(line.suggestions.find((s: { grade: string }) => s.grade === 'A')).toEqual({
      grade: 'A',
      disposition: 'restock',
      recoveryBp: 10_000,
    });

    const onHand = async (condition: string) => {
      const rows = (await get('/api/v1/stock?sku=TEE-M', warehouse)).json().items;
      return rows.find((r: { condition: string }) => r.condition === condition)?.onHand ?? 0;
    };

    const inspect = (payload: object) => post(`/api/v1/returns/${ret.returnId}/inspect`, payload, warehouse);
    const graded = await inspect({
      lines: [{ returnLineId: lineId, grade: 'A', checklist: { tags_attached: true, unworn: true } }],
    });
    expect(graded.statusCode, graded.body).toBe(200);
    expect(graded.json().status).toBe('inspected');
    expect(await onHand('new')).toBe(2);
    let detail = (await get(`/api/v1/returns/${ret.returnId}`)).json();
    expect(detail.lines[0]).toMatchObject({
      grade: 'A',
      disposition: 'restock',
      recoveredValue: 4000,
      checklist: { tags_attached: true },
    });
    expect(detail.timeline.map((e: { type: string }) => e.type)).toContain('return.extra_items_received');

    // Grading again moves the earlier restock back out before the new one goes in.
    expect((await inspect({ lines: [{ returnLineId: lineId, grade: 'B' }] })).statusCode).toBe(200);
    expect(await onHand('new')).toBe(0);
    expect(await onHand('open_box')).toBe(2);
    detail = (await get(`/api/v1/returns/${ret.returnId}`)).json();
    expect(detail.lines[0].recoveredValue).toBe(3200);

    // The inspector overrides the suggestion: nothing stays on the shelf, the value follows the choice.
    expect((await inspect({ lines: [{ returnLineId: lineId, grade: 'B', disposition: 'liquidate' }] })).statusCode).toBe(200);
    expect(await onHand('open_box')).toBe(0);
    detail = (await get(`/api/v1/returns/${ret.returnId}`)).json();
    expect(detail.lines[0]).toMatchObject({ disposition: 'liquidate', recoveredValue: 800 });
    const moves = (await get('/api/v1/stock/movements?sku=TEE-M', warehouse)).json().items;
    expect(moves.map((m: { kind: string; quantity: number; condition: string }) => [m.kind, m.quantity, m.condition])).toEqual([
      ['return_restock_reversal', -2, 'open_box'],
      ['return_restock', 2, 'open_box'],
      ['return_restock_reversal', -2, 'new'],
      ['return_restock', 2, 'new'],
    ]);
    expect(moves[0].returnNumber).toBe(ret.number);

    // The customer's record counts the units and value that came back.
    const customerId = detail.customer.id;
    const customer = (await get(`/api/v1/customers/${customerId}`)).json();
    expect(customer).toMatchObject({ orderCount: 1, returnCount: 1, returnRate: 0.4, valueReturned: 4000 });

    // An agent may receive but not grade.
    const asAgent = await post(
      `/api/v1/returns/${ret.returnId}/inspect`,
      { lines: [{ returnLineId: lineId, grade: 'A' }] },
      agent,
    );
    expect(asAgent.statusCode).toBe(403);
  });

  it('searches stock by the start of a SKU and by a part of the item or product title, in any case', async () => {
    for (const variantId of ['var_tee_l', 'var_jacket', 'var_pen', 'var_buds']) {
      const moved = await post(
        '/api/v1/stock/movements',
        { variantId, warehouseId: 'wh_dc', quantity: 3, kind: 'count' },
        warehouse,
      );
      expect(moved.statusCode, moved.body).toBe(201);
    }
    const skus = async (path: string, q: string) => {
      const res = await get(`/api/v1/stock${path}?q=${encodeURIComponent(q)}`, warehouse);
      expect(res.statusCode, res.body).toBe(200);
      return [...new Set(res.json().items.map((i: { sku: string }) => i.sku))].sort();
    };
    for (const path of ['', '/movements']) {
      // The start of a SKU, in any case (other tests may have moved TEE-M).
      expect(await skus(path, 'tee-l')).toEqual(['TEE-L']);
      expect((await skus(path, 'Te')).filter((s) => s !== 'TEE-M')).toEqual(['TEE-L']);
      // Inside a SKU is not its start, and the title "Organic tee L" has no "-l".
      expect(await skus(path, '-l')).toEqual([]);
      // A part of the title, in any case.
      expect(await skus(path, 'GRAVED')).toEqual(['PEN']);
      expect(await skus(path, 'arbud')).toEqual(['BUDS']);
      expect(await skus(path, 'jack')).toEqual(['JACKET']);
      // Pattern characters match themselves.
      expect(await skus(path, '%')).toEqual([]);
      expect(await skus(path, '_')).toEqual([]);
    }
    // The exact-SKU filter stays exact.
    expect((await get('/api/v1/stock?sku=TEE', warehouse)).json().items).toEqual([]);
    for (const bad of ['', '%20', 'x'.repeat(101)]) {
      const res = await get(`/api/v1/stock?q=${bad}`, warehouse);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().errors?.[0]?.path, res.body).toBe('query.q');
    }
  });

  it('lets admins change disposition rules (a category rule wins) and checklists, and refuses incomplete sets', async () => {
    const put = (url: string, payload: object, staff = admin) => t.request({ method: 'PUT', url, staff, payload });
    // Rules, checklists and the tee's category are the shop's: put back after this test, for the
    // tests that inspect after it.
    const before = (await get('/api/v1/inspection-settings', admin)).json() as {
      rules: { grade: string; categoryId: string | null; disposition: string; recoveryBp: number }[];
      checklists: { categoryId: string | null; items: unknown[] }[];
    };
    const tee = await t.ctx.db.selectFrom('products').select('category_id').where('id', '=', 'prd_tee').executeTakeFirstOrThrow();
    onTestFinished(async () => {
      const rules = before.rules.map(({ grade, categoryId, disposition, recoveryBp }) => ({
        grade,
        categoryId,
        disposition,
        recoveryBp,
      }));
      expect((await put('/api/v1/disposition-rules', { rules })).statusCode).toBe(200);
      const checklists = before.checklists.map(({ categoryId, items }) => ({ categoryId, items }));
      expect((await put('/api/v1/inspection-checklists', { checklists })).statusCode).toBe(200);
      await t.ctx.db.updateTable('products').set({ category_id: tee.category_id }).where('id', '=', 'prd_tee').execute();
    });
    const category = await t.ctx.db
      .insertInto('categories')
      .values({ id: 'cat_tees', code: 'tees', name: 'Tees', parent_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('products').set({ category_id: category.id }).where('id', '=', 'prd_tee').execute();
    const current = (await get('/api/v1/inspection-settings', admin)).json();
    const fallback = current.rules.map((r: { grade: string; disposition: string; recoveryBp: number }) => ({
      grade: r.grade,
      categoryId: null,
      disposition: r.disposition,
      recoveryBp: r.recoveryBp,
    }));

    expect((await put('/api/v1/disposition-rules', { rules: fallback.slice(1) })).json().code).toBe('FALLBACK_RULE_REQUIRED');
    expect((await put('/api/v1/disposition-rules', { rules: [...fallback, fallback[0]] })).json().code).toBe('DUPLICATE_RULE');
    expect((await put('/api/v1/disposition-rules', { rules: fallback }, warehouse)).statusCode).toBe(403);
    const withTees = [...fallback, { grade: 'A', categoryId: 'cat_tees', disposition: 'donate', recoveryBp: 0 }];
    expect((await put('/api/v1/disposition-rules', { rules: withTees })).statusCode).toBe(200);
    expect(
      (
        await put('/api/v1/inspection-checklists', {
          checklists: [{ categoryId: 'cat_tees', items: [{ code: 'x', labels: { en: 'X' } }] }],
        })
      ).json().code,
    ).toBe('DEFAULT_CHECKLIST_REQUIRED');
    const saved = await put('/api/v1/inspection-checklists', {
      checklists: [
        { categoryId: null, items: [{ code: 'complete', labels: { en: 'Complete', nl: 'Compleet' } }] },
        { categoryId: 'cat_tees', items: [{ code: 'no_pilling', labels: { en: 'No pilling', nl: 'Geen pluisjes' } }] },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);

    const ret = await shopperReturn('5002', [{ sku: 'TEE-M', quantity: 1, reasonCode: 'too_small' }]);
    const setup = (await get(`/api/v1/returns/${ret.returnId}/inspection`, warehouse)).json();
    expect(setup.lines[0].category).toEqual({ id: 'cat_tees', name: 'Tees' });
    expect(setup.lines[0].checklist.map((i: { code: string }) => i.code)).toEqual(['no_pilling']);
    expect(setup.lines[0].suggestions.find((s: { grade: string }) => s.grade === 'A').disposition).toBe('donate');
    expect(setup.lines[0].suggestions.find((s: { grade: string }) => s.grade === 'B').disposition).toBe(
      fallback.find((r: { grade: string }) => r.grade === 'B').disposition,
    );
  });

  it('takes photos of a line at the station and shows them to staff', async () => {
    const made = await shopperReturn('5008', [{ sku: 'TEE-M', quantity: 1, reasonCode: 'too_small' }]);
    const ret = (await get(`/api/v1/returns/${made.returnId}`)).json();
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
      .png()
      .toBuffer();
    const res = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${ret.id}/lines/${ret.lines[0].id}/photos`,
      staff: warehouse,
      headers: { 'content-type': 'image/png' },
      payload: png,
    });
    expect(res.statusCode, res.body).toBe(201);
    const photo = res.json().id;
    const detail = (await get(`/api/v1/returns/${ret.id}`)).json();
    expect(detail.lines[0].photos.map((p: { id: string; uploadedBy: string }) => [p.id, p.uploadedBy])).toContainEqual([
      photo,
      'staff',
    ]);
    const image = await t.request({ method: 'GET', url: `/api/v1/photos/${photo}/thumbnail`, staff: analyst });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/webp');
    const wrongLine = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${ret.id}/lines/rl_01JZZZZZZZZZZZZZZZZZZZZZZZ/photos`,
      staff: warehouse,
      headers: { 'content-type': 'image/png' },
      payload: png,
    });
    expect(wrongLine.statusCode).toBe(404);
  });
});
