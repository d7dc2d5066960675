import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/kernel/context.js';
import { newId } from '../src/app/kernel/ids.js';
import { openClaim } from '../src/app/logistics/claims/openClaim.js';
import { adjustStoreCredit } from '../src/app/money/storeCredit/adjustStoreCredit.js';
import { type PrivacyExportDocument, privacyExportDocument } from '../src/app/privacy/exportSchema.js';
import { addReturnNote } from '../src/app/returns/addReturnNote.js';
import { uploadReturnPhoto } from '../src/app/returns/uploadReturnPhoto.js';
import { addRiskListEntry } from '../src/app/risk/riskLists.js';
import { gdprExportCommand } from '../src/cli/gdprCommand.js';
import { bookedParcels } from './support/bookedParcels.js';
import { connectCarrier } from './support/carrierSetup.js';
import { DB_KINDS } from './support/databases.js';
import { seedStaff } from './support/fixtures.js';
import { pdfText } from './support/pdfText.js';
import { askReturn, newDoor, placeOrder, riskShop } from './support/riskShop.js';
import type { StaffClient, TestApp } from './support/testApp.js';

const meta = { actor: cliActor };
const dir = mkdtempSync(join(tmpdir(), 'retour-privacy-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const photo = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#2e6b3a' } })
    .png()
    .toBuffer();

/** The files of a ZIP by name. */
const unzip = (bytes: Uint8Array) => unzipSync(bytes);
const dataOf = (files: Record<string, Uint8Array>) =>
  JSON.parse(strFromU8(files['data.json'] as Uint8Array)) as PrivacyExportDocument;

describe.each(DB_KINDS)('GDPR access-request export (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  // The shopper asked about has two customer rows: the same Gmail mailbox written two ways.
  const shopper = { email: 'jan.smit+shop@gmail.com', other: 'JanSmit@gmail.com' };
  const stranger = 'mila.peters@example.be';
  let customerId: string;
  let secondRowId: string;
  let strangerId: string;
  let photoId: string;
  let returnNumber: string;
  let shipmentId: string;

  beforeAll(async () => {
    t = await riskShop(kind);
    await seedStaff(t.ctx, ['analyst', 'store']);
    admin = await t.login('admin');

    const order = await placeOrder(t, shopper.email);
    const second = await placeOrder(t, shopper.other);
    customerId = order.customerId;
    secondRowId = second.customerId;
    photoId = (
      await uploadReturnPhoto(t.ctx, meta, { orderId: order.id, customerId, contentType: 'image/png', bytes: await photo() })
    ).id;
    const ret = await askReturn(t, order);
    // They looked their order up in the portal: what the portal saw of them is theirs too.
    await t.shopperToken(order.number, shopper.email);
    // Its parcel was booked with a label, and a claim filed when it went missing.
    const carrier = await connectCarrier(t.ctx.db, t.ctx, {
      carrier: 'sendcloud',
      credentials: { apiKey: 'export-public', apiSecret: 'export-secret', baseUrl: 'http://127.0.0.1:9' },
      methods: [],
    });
    const booked = await bookedParcels(t.ctx, {
      returnId: ret.returnId,
      connectionId: carrier,
      carrier: 'sendcloud',
      trackingNumbers: ['3SEXPORT0000001'],
    });
    shipmentId = booked.shipmentId;
    await t.ctx.db
      .updateTable('shipments')
      .set({ label: Buffer.from('%PDF-1.4 label of Jan'), label_content_type: 'application/pdf' })
      .where('id', '=', shipmentId)
      .execute();
    await openClaim(t.ctx, meta, { returnId: ret.returnId, parcelId: booked.parcelIds[0] ?? '', kind: 'lost' });
    returnNumber = ret.number;
    await addReturnNote(t.ctx, meta, { returnId: ret.returnId, kind: 'shopper', body: 'Your parcel arrived, Jan: thank you.' });
    await addReturnNote(t.ctx, meta, { returnId: ret.returnId, kind: 'internal', body: 'Jan called about the size chart.' });
    await adjustStoreCredit(t.ctx, meta, {
      customerId,
      currency: 'EUR',
      amount: 1500,
      kind: 'issue',
      note: 'Goodwill for the late parcel',
    });
    await addRiskListEntry(t.ctx, meta, { list: 'block', kind: 'email', value: shopper.other, reason: 'Empty boxes twice' });
    await t.followUps();

    // Someone else's return and messages, which must not leak into the export.
    const theirs = await placeOrder(t, stranger);
    strangerId = theirs.customerId;
    const theirReturn = await askReturn(t, theirs);
    await addReturnNote(t.ctx, meta, {
      returnId: theirReturn.returnId,
      kind: 'shopper',
      body: 'Mila, your refund is on its way.',
    });
    await t.followUps();
  });
  afterAll(() => t?.close());

  async function exportOf(id: string, query = '') {
    return t.request({ method: 'GET', url: `/api/v1/customers/${id}/privacy-export${query}`, staff: admin });
  }

  it('hands an admin a ZIP of everything kept about the shopper, valid against its schema', async () => {
    // An agent looked at the shopper first: the export says who looked.
    const agent = await t.login('agent');
    expect((await t.request({ method: 'GET', url: `/api/v1/customers/${customerId}`, staff: agent })).statusCode).toBe(200);
    await expect.poll(async () => (await t.ctx.db.selectFrom('access_log').select('id').execute()).length).toBeGreaterThan(0);

    const res = await exportOf(customerId, '?lang=en');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="retour-personal-data-.+\.zip"$/);
    const files = unzip(res.rawPayload);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['data.json', 'data.schema.json', 'summary.html', 'summary.pdf', `photos/${photoId}.jpg`]),
    );
    const data = dataOf(files);
    expect(privacyExportDocument.safeParse(data).success).toBe(true);
    expect(data).toMatchObject({ format: 'retour.privacy-export', version: 2, language: 'en' });

    const s = data.sections;
    // Both rows of the one person, and everything that hangs off them.
    expect(data.subject.customerIds).toEqual([customerId, secondRowId]);
    expect(s.customers.map((c) => c.id).sort()).toEqual([customerId, secondRowId].sort());
    expect(s.orders).toHaveLength(2);
    expect(s.orders.every((o) => o.currency === 'EUR' && Number.isInteger(o.totalAmount))).toBe(true);
    expect(s.orderLines.every((l) => l.currency === 'EUR')).toBe(true);
    expect(s.returns.map((r) => r.number)).toEqual([returnNumber]);
    expect(s.returnLines[0]).toMatchObject({ reasonCode: 'too_small', currency: 'EUR' });
    expect(s.returnNotes.map((n) => [n.kind, n.body])).toEqual([
      ['shopper', 'Your parcel arrived, Jan: thank you.'],
      ['internal', 'Jan called about the size chart.'],
    ]);
    expect(s.photos).toEqual([expect.objectContaining({ id: photoId, file: `photos/${photoId}.jpg` })]);
    expect(s.emails.length).toBeGreaterThan(0);
    expect(s.shipments).toEqual([expect.objectContaining({ id: shipmentId, labelFile: `labels/${shipmentId}.pdf` })]);
    expect(strFromU8(files[`labels/${shipmentId}.pdf`] as Uint8Array)).toBe('%PDF-1.4 label of Jan');
    expect(s.shipmentParcels.map((p) => p.trackingNumber)).toEqual(['3SEXPORT0000001']);
    expect(s.parcelClaims).toEqual([expect.objectContaining({ kind: 'lost', currency: 'EUR' })]);
    expect(s.storeCreditEntries).toEqual([expect.objectContaining({ kind: 'issue', amount: 1500, currency: 'EUR' })]);
    expect(s.riskAssessments.length).toBeGreaterThan(0);
    expect(s.riskAssessments[0]?.explanation).toContain('A score never refuses a return');
    expect(s.riskListEntries).toEqual([expect.objectContaining({ list: 'block', kind: 'email', reason: 'Empty boxes twice' })]);
    expect(s.events.some((e) => e.type === 'return.requested')).toBe(true);
    // Kept as keyed hashes, never as given.
    expect(s.portalSightings).toEqual([expect.objectContaining({ id: expect.any(String), kind: 'lookup' })]);
    expect(strFromU8(files['data.json'] as Uint8Array)).not.toContain('127.0.0.1');
    expect(s.accessLog).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'customer.viewed', actorName: 'agent' })]),
    );
    expect(new Date(data.generatedAt).toISOString()).toBe(data.generatedAt);

    // Nothing of the other shopper.
    const json = strFromU8(files['data.json'] as Uint8Array);
    for (const theirs of [stranger, strangerId, 'Mila']) expect(json).not.toContain(theirs);

    // The readable summary: standalone HTML and a PDF with the same sections.
    const html = strFromU8(files['summary.html'] as Uint8Array);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Your parcel arrived, Jan: thank you.');
    expect(html).toContain('Goodwill for the late parcel');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toContain('Mila');
    const pdf = pdfText(Buffer.from(files['summary.pdf'] as Uint8Array));
    expect(pdf).toContain('Messages and staff notes');
    expect(pdf).toContain(returnNumber);

    // Recorded as an export about this customer.
    await expect
      .poll(() =>
        t.ctx.db
          .selectFrom('access_log')
          .select(['actor_type', 'subject_type', 'subject_id'])
          .where('action', '=', 'export')
          .where('detail', '=', 'privacy.export')
          .execute(),
      )
      .toEqual([{ actor_type: 'staff', subject_type: 'customer', subject_id: customerId }]);
  });

  it("writes the summary in the shop's language (Dutch) unless asked otherwise", async () => {
    const files = unzip((await exportOf(secondRowId)).rawPayload);
    expect(strFromU8(files['summary.html'] as Uint8Array)).toContain('<html lang="nl">');
    expect(strFromU8(files['summary.html'] as Uint8Array)).toContain('Berichten en notities van medewerkers');
    // Asked through the other row: the same person, that row first.
    expect(dataOf(files).subject.customerIds).toEqual([secondRowId, customerId]);
    expect(dataOf(files).sections.riskAssessments[0]?.explanation).toContain('Een score weigert nooit een retour');
  });

  it('leaves out what staff wrote about a housemate: a block on a shared address shows only its list, kind and dates', async () => {
    const door = newDoor();
    const noor = await placeOrder(t, 'noor.bakker@example.nl', { address: door });
    // Staff blocked the door for what a housemate did; a return of Noor's then matched it.
    await addRiskListEntry(t.ctx, meta, {
      list: 'block',
      kind: 'address',
      value: door,
      reason: 'Piet Visser sent back empty boxes',
    });
    const ret = await askReturn(t, noor);
    await addRiskListEntry(t.ctx, meta, { list: 'block', kind: 'customer', value: noor.customerId, reason: 'Noor: chargeback' });
    await t.followUps();
    const stored = await t.ctx.db
      .selectFrom('risk_assessments')
      .select('signals')
      .where('return_id', '=', ret.returnId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.signals)).toContain('Piet Visser');

    const files = unzip((await exportOf(noor.customerId, '?lang=en')).rawPayload);
    const data = dataOf(files);
    expect(privacyExportDocument.safeParse(data).success).toBe(true);
    const entries = data.sections.riskListEntries;
    expect(entries).toHaveLength(2);
    const shared = entries.find((e) => e.kind === 'address');
    expect(shared).toEqual({
      id: expect.any(String),
      list: 'block',
      kind: 'address',
      createdAt: expect.any(String),
      until: null,
      removedAt: null,
      reason: expect.stringContaining('Not shown'),
      reasonWithheld: true,
    });
    expect(entries.find((e) => e.kind === 'customer')).toMatchObject({ reason: 'Noor: chargeback', reasonWithheld: false });
    // The risk signals that copied the housemate's reason keep the match, not the words.
    const blockSignals = data.sections.riskAssessments.flatMap((a) => a.signals).filter((sg) => sg.code === 'BLOCK_LISTED');
    expect(blockSignals.length).toBeGreaterThan(0);
    for (const sg of blockSignals) expect(sg).toMatchObject({ detail: { kinds: ['address'], reason: '' } });
    const json = strFromU8(files['data.json'] as Uint8Array);
    expect(json).toContain('Noor: chargeback');
    expect(json).not.toContain('Piet');
    expect(strFromU8(files['summary.html'] as Uint8Array)).not.toContain('Piet');
    expect(pdfText(Buffer.from(files['summary.pdf'] as Uint8Array))).not.toContain('Piet');
  });

  it("takes the photos of the person's return lines too, whoever's row they were filed under, as the erasure does", async () => {
    const lotte = await placeOrder(t, 'lotte.vos@example.nl');
    const ret = await askReturn(t, lotte);
    const line = await t.ctx.db
      .selectFrom('return_lines')
      .select('id')
      .where('return_id', '=', ret.returnId)
      .executeTakeFirstOrThrow();
    // A photo of Lotte's line kept under another customer row (staff took it at the counter).
    const counter = await placeOrder(t, 'counter.desk@example.nl');
    const bytes = await photo();
    const counterPhoto = newId('pho');
    await t.ctx.photos.put(counterPhoto, { image: bytes, thumbnail: bytes });
    await t.ctx.db
      .insertInto('return_photos')
      .values({
        id: counterPhoto,
        order_id: lotte.id,
        customer_id: counter.customerId,
        return_line_id: line.id,
        uploaded_by: 'staff',
        content_type: 'image/jpeg',
        bytes: bytes.length,
        width: 64,
        height: 48,
        created_at: t.clock.now,
      })
      .execute();
    const files = unzip((await exportOf(lotte.customerId)).rawPayload);
    expect(dataOf(files).sections.photos).toEqual([
      expect.objectContaining({ id: counterPhoto, file: `photos/${counterPhoto}.jpg` }),
    ]);
    expect(files[`photos/${counterPhoto}.jpg`]?.byteLength).toBe(bytes.length);
  });

  it("names the shop's systems that received events about the person: description and host, no bodies", async () => {
    const eva = await placeOrder(t, 'eva.dekker@example.nl');
    const ret = await askReturn(t, eva);
    await t.followUps();
    const event = await t.ctx.db
      .selectFrom('events')
      .select('id')
      .where('return_id', '=', ret.returnId)
      .where('type', '=', 'return.requested')
      .executeTakeFirstOrThrow();
    const endpoint = (id: string, url: string, description: string) =>
      t.ctx.db
        .insertInto('webhook_endpoints')
        .values({
          id,
          url,
          description,
          event_types: JSON.stringify(['return.requested']),
          secret: 'not used here',
          secret_hint: '…here',
          created_at: t.clock.now,
          updated_at: t.clock.now,
        })
        .execute();
    await endpoint('whe_eva_erp', 'https://erp.example.com/hooks/retour?token=s3cret', 'ERP');
    await endpoint('whe_eva_later', 'https://crm.example.com/in', 'CRM');
    const delivery = (id: string, endpointId: string, deliveredAt: Date | null) =>
      t.ctx.db
        .insertInto('webhook_deliveries')
        .values({
          id,
          endpoint_id: endpointId,
          event_id: event.id,
          event_type: 'return.requested',
          payload: JSON.stringify({ data: { note: 'Eva’s body' } }),
          status: deliveredAt ? 'delivered' : 'pending',
          created_at: t.clock.now,
          updated_at: t.clock.now,
          delivered_at: deliveredAt,
        })
        .execute();
    await delivery('whd_eva_erp', 'whe_eva_erp', t.clock.now);
    // Not received yet: not a recipient.
    await delivery('whd_eva_crm', 'whe_eva_later', null);

    const files = unzip((await exportOf(eva.customerId, '?lang=en')).rawPayload);
    const data = dataOf(files);
    expect(privacyExportDocument.safeParse(data).success).toBe(true);
    expect(data.sections.webhookRecipients).toEqual([
      {
        endpointId: 'whe_eva_erp',
        name: 'ERP',
        host: 'erp.example.com',
        events: 1,
        firstDeliveredAt: t.clock.now.toISOString(),
        lastDeliveredAt: t.clock.now.toISOString(),
      },
    ]);
    const json = strFromU8(files['data.json'] as Uint8Array);
    expect(json).not.toContain('s3cret');
    expect(strFromU8(files['summary.html'] as Uint8Array)).toContain('erp.example.com');
    // Another shopper's export names no endpoint that only carried Eva's events.
    expect(dataOf(unzip((await exportOf(customerId)).rawPayload)).sections.webhookRecipients).toEqual([]);
  });

  it('is for admins only, and a customer that does not exist is a 404', async () => {
    for (const role of ['agent', 'warehouse', 'analyst', 'store'] as const) {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/customers/${customerId}/privacy-export`,
        staff: await t.login(role),
      });
      expect(res.statusCode, role).toBe(403);
    }
    const missing = await exportOf('cus_nobody');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json().code).toBe('CUSTOMER_NOT_FOUND');
    const badLang = await exportOf(customerId, '?lang=fr');
    expect(badLang.statusCode).toBe(400);
  });

  it('writes the same bundle from the command line, found by e-mail, and logs it as the system user', async () => {
    const out = join(dir, `export-${kind}.zip`);
    const said: string[] = [];
    const code = await gdprExportCommand(t.ctx, { email: shopper.email, out }, { write: (text) => said.push(text) });
    expect(code).toBe(0);
    expect(said.join('')).toContain('gdpr export: reading what is kept about them');
    expect(said.at(-1)).toContain(`to ${out}`);
    const cli = unzip(readFileSync(out));
    const api = unzip((await exportOf(customerId)).rawPayload);
    expect(Object.keys(cli).sort()).toEqual(Object.keys(api).sort());
    const [a, b] = [dataOf(cli), dataOf(api)];
    // The same data; only the access log has grown by the exports themselves.
    expect({ ...a.sections, accessLog: [] }).toEqual({ ...b.sections, accessLog: [] });
    const row = await t.ctx.db
      .selectFrom('access_log')
      .select(['subject_id', 'filters'])
      .where('actor_type', '=', 'cli')
      .where('detail', '=', 'privacy.export')
      .executeTakeFirstOrThrow();
    expect(row.subject_id).toBe(customerId);
    expect(row.filters).toMatchObject({ email: shopper.email, path: out });

    expect(await gdprExportCommand(t.ctx, {}, { write: () => {} })).toBe(2);
    await expect(gdprExportCommand(t.ctx, { email: 'nobody@example.org' }, { write: () => {} })).rejects.toMatchObject({
      code: 'CUSTOMER_NOT_FOUND',
    });
  });
});
