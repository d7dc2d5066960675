import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/app/kernel/ids.js';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp, signInToBackOffice } from './support/browserApp.js';
import { seedStaff } from './support/fixtures.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/removed-content';

// What retention or an erasure blanked offers no "Send again": the e-mail's page says why, and a
// dead letter whose payload went says so in place of the button.
describe('removed content in the back office, in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const scriptErrors: string[] = [];

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['admin']);
    }));
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  async function mail(recipient: string | null, html: string | null) {
    const id = newId('eml');
    const at = t.clock.now;
    await t.ctx.db
      .insertInto('emails')
      .values({
        id,
        dedupe_key: id,
        kind: 'return_received',
        return_id: null,
        recipient,
        locale: 'en',
        subject: `We received your return ${id.slice(-4)}`,
        html,
        text_body: html === null ? null : 'Dear shopper',
        status: 'sent',
        created_at: at,
        updated_at: at,
        sent_at: at,
      })
      .execute();
    return id;
  }

  it('shows no "Send again" for an e-mail whose content was removed', async () => {
    const blanked = await mail(null, null);
    const whole = await mail('someone@example.com', '<p>Dear shopper</p>');
    const page = await signInToBackOffice(browser, base, `/admin/mail/${blanked}`, { scriptErrors });
    await page.getByText('Its content was removed (retention or an erasure): it cannot be sent again.').waitFor();
    expect(await page.getByRole('button', { name: 'Send again' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/email.png`, fullPage: true });
    await page.goto(`${base}/admin/mail/${whole}`);
    await page.getByRole('button', { name: 'Send again' }).waitFor();
    expect(await page.getByText('Its content was removed').count()).toBe(0);
    await page.close();
  });

  it('shows no "Send again" for a dead letter whose payload was removed', async () => {
    const admin = await t.login('admin');
    const endpoint = await t.request({
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      staff: admin,
      payload: { url: 'https://erp.example.com/hooks', description: 'ERP', eventTypes: ['*'] },
    });
    expect(endpoint.statusCode, endpoint.body).toBe(201);
    // Two events of their own for the two deliveries (an endpoint takes an event once).
    const event: { id: string }[] = [];
    for (const type of ['removed.payload', 'kept.payload']) {
      const id = newId('evt');
      await t.ctx.db
        .insertInto('events')
        .values({
          id,
          type,
          subject_type: 'shop',
          subject_id: 'shop',
          return_id: null,
          actor_type: 'system',
          actor_id: null,
          reason: null,
          data: JSON.stringify({}),
          occurred_at: t.clock.now,
        })
        .execute();
      event.push({ id });
    }
    for (const [index, payload] of ['{}', JSON.stringify({ type: 'kept' })].entries()) {
      await t.ctx.db
        .insertInto('webhook_deliveries')
        .values({
          id: newId('whd'),
          endpoint_id: endpoint.json().id,
          event_id: event[index]?.id as string,
          event_type: index === 0 ? 'removed.payload' : 'kept.payload',
          payload,
          status: 'dead',
          created_at: t.clock.now,
          updated_at: t.clock.now,
        })
        .execute();
    }
    const page = await signInToBackOffice(browser, base, '/admin/settings/webhooks', { scriptErrors });
    await page.getByRole('row', { name: /removed\.payload.*Payload removed: cannot be sent again/ }).waitFor();
    expect(
      await page
        .getByRole('row', { name: /removed\.payload/ })
        .getByRole('button')
        .count(),
    ).toBe(0);
    await page
      .getByRole('row', { name: /kept\.payload/ })
      .getByRole('button', { name: 'Send again' })
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/dead-letters.png`, fullPage: true });
    expect(scriptErrors).toEqual([]);
    await page.close();
  });
});
