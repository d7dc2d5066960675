import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueWeeklyReports, WEEKLY_REPORT_KIND } from '../src/app/analytics/weeklyReport.js';
import type { AppContext } from '../src/app/kernel/context.js';
import { DEFAULT_SMTP_CONNECTIONS } from '../src/config/env.js';
import { smtpTransport } from '../src/integrations/mail/smtpTransport.js';
import { startWorkers, type Workers } from '../src/jobs/worker.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { MailServer } from './support/mailServer.js';
import { insertReturnLineFacts, returnLineFact } from './support/returnLineFacts.js';
import { insertSalesDayFacts, salesDayFact } from './support/salesDayFacts.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';
import { until } from './support/until.js';

describe.each(DB_KINDS)('weekly analytics report by e-mail (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let workers: Workers | null = null;
  let ctx: AppContext;
  const smtp = new MailServer();
  const staffId = async (role: string) =>
    (await t.ctx.db.selectFrom('staff_users').select('id').where('email', '=', `${role}@shop.test`).executeTakeFirstOrThrow()).id;
  const setReport = (payload: object, who = admin) =>
    t.request({ method: 'PUT', url: '/api/v1/analytics/weekly-report', staff: who, payload });

  beforeAll(async () => {
    await smtp.start();
    // The test clock stands on Monday 2026-06-15, 12:00 in Amsterdam: last week is 8–14 June.
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'analyst']);
    admin = await t.login('admin');
    const refundedNextDay = { refunded_at: '2026-06-11T09:00:00Z' };
    await insertReturnLineFacts(t.ctx.db, [
      returnLineFact({ ...refundedNextDay, return_id: 'ret_w1', requested_at: '2026-06-10T09:00:00Z', refund_amount: 1_000 }),
      returnLineFact({ ...refundedNextDay, return_id: 'ret_w1', requested_at: '2026-06-10T09:00:00Z', refund_amount: 1_000 }),
      returnLineFact({ return_id: 'ret_w2', requested_at: '2026-06-12T09:00:00Z', quantity: 1 }),
      returnLineFact({ return_id: 'ret_w0', requested_at: '2026-06-03T09:00:00Z', refund_amount: 500 }),
    ]);
    await insertSalesDayFacts(t.ctx.db, [salesDayFact({ day: '2026-06-09', units: 20 })]);
    // A refund past its legal date: a return approved 20 days ago, still unpaid.
    await seedOrders(t.ctx, [orderFixture('7301', new Date(t.clock.now.getTime() - 25 * DAY))]);
    const token = await t.shopperToken('7301', '7301@example.nl');
    const order = (await t.request({ method: 'GET', url: '/api/v1/shopper/order', bearer: token })).json();
    const tee = order.lines.find((l: { sku: string }) => l.sku === 'TEE-M');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: { method: 'qr', lines: [{ orderLineId: tee.id, quantity: 1, reasonCode: 'too_small' }] },
    });
    expect(created.json().status).toBe('approved');
    await t.ctx.db
      .updateTable('returns')
      .set({ created_at: new Date(t.clock.now.getTime() - 20 * DAY) })
      .where('id', '=', created.json().returnId)
      .execute();
    // The report is rendered where it is queued and sent by the workers: both with this mailer.
    ctx = {
      ...t.ctx,
      mail: {
        transport: smtpTransport(`smtp://127.0.0.1:${smtp.port}`, { connections: DEFAULT_SMTP_CONNECTIONS }),
        from: null,
        portalUrl: 'https://returns.fiets.test',
        statusToken: null,
      },
    };
    workers = await startWorkers(ctx, t.handle, { pollMs: 50 });
  }, 60_000);
  afterAll(async () => {
    await workers?.stop();
    await t?.close();
    await smtp.stop();
  });

  it('lets admins choose recipients among staff who may read analytics', async () => {
    const analyst = await staffId('analyst');
    const refused = await setReport({
      enabled: true,
      weekday: 1,
      hour: 8,
      recipients: [{ staffUserId: await staffId('agent'), locale: 'en' }],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('REPORT_RECIPIENT_NOT_ALLOWED');
    expect(refused.json().errors[0].path).toBe('recipients.0.staffUserId');
    const byAnalyst = await setReport({ enabled: true, weekday: 1, hour: 8, recipients: [] }, await t.login('analyst'));
    expect(byAnalyst.statusCode).toBe(403);

    const later = await setReport({ enabled: true, weekday: 1, hour: 13, recipients: [{ staffUserId: analyst, locale: 'nl' }] });
    expect(later.statusCode).toBe(200);
    expect(later.json().recipients).toEqual([
      { staffUserId: analyst, name: 'analyst', email: 'analyst@shop.test', locale: 'nl', active: true },
    ]);
    // 13:00 in Amsterdam has not come yet.
    expect(await queueWeeklyReports(ctx)).toEqual({ week: null, queued: 0 });
    const read = await t.request({ method: 'GET', url: '/api/v1/analytics/weekly-report', staff: await t.login('admin') });
    expect(read.json()).toMatchObject({ enabled: true, weekday: 1, hour: 13 });
    // The recipients' e-mail addresses are for those who manage settings.
    const byAnalystRead = await t.request({
      method: 'GET',
      url: '/api/v1/analytics/weekly-report',
      staff: await t.login('analyst'),
    });
    expect(byAnalystRead.statusCode).toBe(403);
  });

  it('sends the week beside the week before to the chosen staff, in their language, once', async () => {
    const analyst = await staffId('analyst');
    expect(
      (await setReport({ enabled: true, weekday: 1, hour: 8, recipients: [{ staffUserId: analyst, locale: 'nl' }] })).statusCode,
    ).toBe(200);
    expect(await queueWeeklyReports(ctx)).toEqual({ week: '2026-06-08', queued: 1 });
    const [mail] = await until(() => (smtp.to('analyst@shop.test').length > 0 ? smtp.to('analyst@shop.test') : null), {
      what: 'the weekly report at the SMTP server',
    });
    expect(mail?.subject).toBe('[My shop] Retouren in de week van 8 juni 2026 tot 14 juni 2026');
    const text = mail?.text ?? '';
    expect(text).toContain('Aangevraagde retouren: 2 (week ervoor: 1)');
    expect(text).toContain('Geretourneerde stuks: 3 (week ervoor: 1)');
    expect(text).toContain('Aanvraag tot terugbetaling, mediaan: 24 u (week ervoor: —)');
    expect(text.replace(/\u00a0/g, ' ')).toContain('Terugbetaald: € 20,00 (week ervoor: € 5,00)');
    expect(text).toContain('Terugbetalingen voorbij de termijn van 14 dagen, nog niet betaald: 1\n- R-10001');
    expect(text).toContain('https://returns.fiets.test/admin/analytics');
    expect(mail?.html).toContain('<table');

    // A second round for the same week sends nothing, and no one else got it.
    expect(await queueWeeklyReports(ctx)).toEqual({ week: '2026-06-08', queued: 0 });
    const made = () =>
      t.ctx.db.selectFrom('emails').select(['recipient', 'status']).where('kind', '=', WEEKLY_REPORT_KIND).execute();
    await until(async () => (await made()).every((e) => e.status === 'sent'), { what: 'the e-mail marked sent' });
    expect(await made()).toEqual([{ recipient: 'analyst@shop.test', status: 'sent' }]);
    expect(smtp.to('admin@shop.test').filter((m) => m.subject?.includes('Retouren'))).toEqual([]);
    expect(smtp.to('agent@shop.test').filter((m) => m.subject?.includes('Retouren'))).toEqual([]);
    expect(smtp.to('analyst@shop.test')).toHaveLength(1);
  }, 60_000);
});
