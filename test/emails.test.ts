import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mailer, mailboxTransport } from '../src/app/messaging/emails/mailer.js';
import { queueShipByReminders } from '../src/app/messaging/emails/shipByReminders.js';
import { DEFAULT_SMTP_CONNECTIONS } from '../src/config/env.js';
import { smtpTransport } from '../src/integrations/mail/smtpTransport.js';
import { startWorkers, type Workers } from '../src/jobs/worker.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { MailServer } from './support/mailServer.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';
import { until, untilSettled } from './support/until.js';

/** Money is formatted with the locale's (narrow) no-break spaces; compare it with plain ones. */
const spaces = (s: string | undefined) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

describe.each(DB_KINDS)('e-mails to shoppers (%s)', (kind) => {
  let t: TestApp;
  let agent: StaffClient;
  let warehouse: StaffClient;
  let workers: Workers | null = null;
  const smtp = new MailServer();
  const lines: Record<string, string> = {};
  /** The mailer of the SMTP server here; a new one each time, since stopping the workers closes
   * the transport of theirs. */
  const smtpMailer = (): Mailer => ({
    transport: smtpTransport(`smtp://127.0.0.1:${smtp.port}`, { connections: DEFAULT_SMTP_CONNECTIONS }),
    from: null,
    portalUrl: 'https://returns.fiets.test',
    statusToken: (c) => `status-${c.returnId}`,
  });

  const start = async (m?: Mailer) => {
    await workers?.stop();
    // Without a mailer of the test's, e-mail stays in the local mailbox, with no status links.
    const mail = m ?? { transport: mailboxTransport, from: null, portalUrl: null, statusToken: null };
    workers = await startWorkers({ ...t.ctx, mail }, t.handle, {
      pollMs: 50,
      emailRetries: { retryLimit: 2, retryDelaySeconds: 1 },
    });
  };
  const emailsOf = (returnId: string) =>
    t.ctx.db.selectFrom('emails').selectAll().where('return_id', '=', returnId).orderBy('id').execute();

  async function requestReturn(order: string, email: string) {
    const token = await t.shopperToken(order, email);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: [{ orderLineId: lines[order], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { returnId: string; number: string; status: string; lines: { id: string }[] };
  }

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'email-test-key' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse']);
    await t.ctx.db
      .updateTable('shop_settings')
      .set({
        name: 'Fiets & <Co>',
        locales: JSON.stringify(['nl', 'en', 'de', 'fr']),
        default_locale: 'nl',
        brand_color: '#0a5c36',
        support_email: 'help@fiets.test',
      })
      .where('id', '=', 'default')
      .execute();
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const seeded = await seedOrders(t.ctx, [
      orderFixture('7101', delivered, {
        customer: { email: '7101@example.de', firstName: 'Lena', lastName: 'Maier', locale: 'de-DE' },
      }),
      orderFixture('7102', delivered),
      orderFixture('7103', delivered),
      orderFixture('7104', delivered, {
        customer: { email: '7104@example.fr', firstName: 'Chloé', lastName: 'Martin', locale: 'fr' },
      }),
      orderFixture('7105', delivered),
    ]);
    for (const [i, o] of seeded.entries()) lines[`710${i + 1}`] = o?.lineBySku['TEE-M'] ?? '';
    agent = await t.login('agent');
    warehouse = await t.login('warehouse');
    await start(smtpMailer());
  }, 60_000);
  afterAll(async () => {
    await workers?.stop();
    await t?.close();
    await smtp.stop();
  });

  it('tells the shopper every step once, in their language, as HTML and text, the approval with its label', async () => {
    const ret = await requestReturn('7101', '7101@example.de');
    expect(ret.status).toBe('approved');
    const post = async (path: string, payload: object, who: StaffClient) => {
      const res = await t.request({ method: 'POST', url: `/api/v1/returns/${ret.returnId}/${path}`, staff: who, payload });
      expect(res.statusCode, res.body).toBe(200);
    };
    const lineId = ret.lines[0]?.id ?? '';
    await post('in-transit', { trackingNumber: '3SFIETS1234' }, warehouse);
    await post('receive', { lines: [{ returnLineId: lineId, quantity: 1 }] }, warehouse);
    await post('inspect', { lines: [{ returnLineId: lineId, grade: 'A', disposition: 'restock' }] }, warehouse);
    await post('settlements', { kind: 'refund', reference: 'bank-1', lines: [{ returnLineId: lineId, amount: 2000 }] }, agent);

    await until(() => smtp.to('7101@example.de').length >= 5);
    // Nothing left to relay or send: no sixth e-mail is on its way.
    await untilSettled(t.ctx.db);
    const rows = await emailsOf(ret.returnId);
    // Sent side by side, each waits for the earlier ones of its return: they arrive in order.
    const mails = smtp.to('7101@example.de');
    // Approved at request: the "we got your request" e-mail would only repeat the approval.
    expect(mails.map((m) => spaces(m.subject))).toEqual([
      `Deine Retoure ${ret.number} ist genehmigt`,
      `Deine Retoure ${ret.number} ist unterwegs`,
      `Wir haben deine Retoure ${ret.number} erhalten`,
      `Deine Retoure ${ret.number} wurde geprüft`,
      `Wir haben 20,00 € für Retoure ${ret.number} erstattet`,
    ]);
    const [approved, inTransit, , inspected] = mails as [ParsedMail, ParsedMail, ParsedMail, ParsedMail];
    expect(approved.from?.text).toBe('"Fiets & <Co>" <help@fiets.test>');
    expect(approved.replyTo?.text).toContain('help@fiets.test');
    expect(approved.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`return-label-${ret.number}.pdf`, 'application/pdf'],
    ]);
    expect(approved.attachments[0]?.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(approved.html).toContain('<html lang="de">');
    expect(approved.html).toContain('Fiets &#38; &#60;Co&#62;');
    expect(approved.html).not.toContain('<Co>');
    expect(approved.html).toContain('background:#0a5c36');
    expect(approved.html).toContain(`href="https://returns.fiets.test/returns/status#status-${ret.returnId}"`);
    expect(approved.text).toContain('Hallo Lena,');
    expect(approved.text).toContain('QR-Code');
    expect(approved.text).toContain(`Retoure verfolgen: https://returns.fiets.test/returns/status#status-${ret.returnId}`);
    expect(inTransit.text).toContain('Sendungsverfolgung: 3SFIETS1234');
    expect(inspected.text).toContain('1 × ');
    expect(inspected.text).toContain('neuwertig');
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(5);

    expect(rows.map((r) => [r.kind, r.status, r.locale, r.transport])).toEqual([
      ['approved', 'sent', 'de', 'smtp'],
      ['in_transit', 'sent', 'de', 'smtp'],
      ['received', 'sent', 'de', 'smtp'],
      ['inspected', 'sent', 'de', 'smtp'],
      ['refunded', 'sent', 'de', 'smtp'],
    ]);
    expect(mails.map((m) => m.messageId)).toEqual(rows.map((r) => r.message_id));

    const list = await t.request({ method: 'GET', url: `/api/v1/emails?returnId=${ret.returnId}`, staff: agent });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((e: { kind: string }) => e.kind)).toEqual([
      'refunded',
      'inspected',
      'received',
      'in_transit',
      'approved',
    ]);
    const one = await t.request({ method: 'GET', url: `/api/v1/emails/${rows[0]?.id}`, staff: agent });
    expect(one.json()).toMatchObject({ kind: 'approved', recipient: '7101@example.de', status: 'sent' });
    expect(one.json().html).toBe(approved.html);
    const denied = await t.request({ method: 'GET', url: `/api/v1/emails/${rows[0]?.id}`, staff: warehouse });
    expect(denied.statusCode).toBe(403);
    // A preview for this return has the facts of its refund, in any language.
    const preview = await t.request({
      method: 'GET',
      url: `/api/v1/email-previews?kind=refunded&locale=en&returnId=${ret.returnId}`,
      staff: agent,
    });
    expect(preview.json().subject).toBe(`We refunded €20.00 for return ${ret.number}`);
  }, 60_000);

  it('retries a mail server that refuses, marks the e-mail failed after the last try, and sends it again on request', async () => {
    smtp.refusing = true;
    const ret = await requestReturn('7104', '7104@example.fr');
    await until(async () => (await emailsOf(ret.returnId))[0]?.status === 'failed');
    const [failed] = await emailsOf(ret.returnId);
    expect(failed).toMatchObject({ kind: 'approved', status: 'failed', attempts: 3, locale: 'fr' });
    expect(failed?.last_error).toContain('451');
    expect(smtp.to('7104@example.fr')).toHaveLength(0);
    const told = await t.ctx.db
      .selectFrom('staff_notifications')
      .selectAll()
      .where('subject_id', '=', failed?.id ?? '')
      .execute();
    expect(told.map((n) => [n.kind, n.return_id])).toEqual([['email_failed', ret.returnId]]);

    smtp.refusing = false;
    const resent = await t.request({ method: 'POST', url: `/api/v1/emails/${failed?.id}/resend`, staff: agent, payload: {} });
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toMatchObject({ status: 'pending', resent: true });
    await until(() => smtp.to('7104@example.fr').length === 1);
    expect(smtp.to('7104@example.fr')[0]?.subject).toBe(`Votre retour ${ret.number} est accepté`);
    await until(async () => (await emailsOf(ret.returnId))[0]?.status === 'sent');
    const events = await t.ctx.db
      .selectFrom('events')
      .select('type')
      .where('subject_id', '=', failed?.id ?? '')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['email.resent']);
  }, 60_000);

  it('reminds a shopper once when the ship-by date is near and the parcel is not on its way', async () => {
    const ret = await requestReturn('7103', '7103@example.nl');
    await until(async () => (await emailsOf(ret.returnId))[0]?.status === 'sent');
    await t.ctx.db
      .updateTable('returns')
      .set({
        created_at: new Date(t.clock.now.getTime() - 10 * DAY),
        ship_by: new Date(t.clock.now.getTime() + DAY),
      })
      .where('id', '=', ret.returnId)
      .execute();
    expect((await queueShipByReminders(t.ctx)).reminded).toBeGreaterThanOrEqual(1);
    expect((await queueShipByReminders(t.ctx)).reminded).toBe(0);
    await until(() => smtp.to('7103@example.nl').length === 2);
    const reminder = smtp.to('7103@example.nl')[1];
    expect(reminder?.subject).toBe(`Herinnering: stuur retour ${ret.number} uiterlijk 16 juni 2026 terug`);
    expect(reminder?.text).toContain('Hoi Sanne,');
    const kinds = (await emailsOf(ret.returnId)).map((e) => e.kind);
    expect(kinds).toEqual(['approved', 'ship_by_reminder']);
  }, 60_000);

  it('keeps e-mail in the local mailbox the back office reads when there is no SMTP server', async () => {
    await start();
    const ret = await requestReturn('7102', '7102@example.nl');
    await until(async () => (await emailsOf(ret.returnId))[0]?.status === 'stored');
    const list = await t.request({ method: 'GET', url: '/api/v1/emails?status=stored', staff: agent });
    expect(list.statusCode).toBe(200);
    const [stored] = list.json().items;
    expect(stored).toMatchObject({
      kind: 'approved',
      returnId: ret.returnId,
      returnNumber: ret.number,
      recipient: '7102@example.nl',
      locale: 'nl',
      transport: 'mailbox',
      subject: `Je retour ${ret.number} is goedgekeurd`,
      attachments: [`return-label-${ret.number}.pdf`],
    });
    const one = (await t.request({ method: 'GET', url: `/api/v1/emails/${stored.id}`, staff: agent })).json();
    expect(one.text).toContain('Stuur de artikelen uiterlijk');
    expect(smtp.to('7102@example.nl')).toHaveLength(0);
    await start(smtpMailer());
  }, 60_000);

  it('previews every e-mail in four languages, for a sample return or a real one, and refuses unknown kinds', async () => {
    const sample = await t.request({ method: 'GET', url: '/api/v1/email-previews?kind=credited&locale=fr', staff: agent });
    expect(sample.statusCode).toBe(200);
    expect(spaces(sample.json().subject)).toBe("59,95 € d'avoir pour le retour R-10042");
    expect(sample.json().text).toContain("Votre code d'avoir : RTR-7K2M-9QX4-PL3D");
    const ret = await requestReturn('7105', '7105@example.nl');
    const real = await t.request({
      method: 'GET',
      url: `/api/v1/email-previews?kind=received&locale=en&returnId=${ret.returnId}`,
      staff: agent,
    });
    expect(real.statusCode).toBe(200);
    expect(real.json()).toMatchObject({ subject: `We received your return ${ret.number}`, recipient: '7105@example.nl' });
    expect(real.json().html).toContain('<html lang="en">');
    const bad = await t.request({ method: 'GET', url: '/api/v1/email-previews?kind=party&locale=en', staff: agent });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'query.kind' }] });
  });
});
