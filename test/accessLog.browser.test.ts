import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp, signInToBackOffice } from './support/browserApp.js';
import { DAY, orderFixture, seedOrders, seedStaff } from './support/fixtures.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/access-log';

// An admin sees on a customer's page who looked at it, finds the same in the access log with its
// filters, and ends a session of theirs elsewhere from "Your sessions".
describe('access log and own sessions in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let customerId: string;
  const scriptErrors: string[] = [];

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['admin', 'agent']);
      const [order] = await seedOrders(t.ctx, [orderFixture('4001', new Date(t.clock.now.getTime() - 3 * DAY))]);
      const row = await t.ctx.db
        .selectFrom('orders')
        .select('customer_id')
        .where('id', '=', order?.id ?? '')
        .executeTakeFirstOrThrow();
      customerId = row.customer_id as string;
    }));
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  const signIn = (path: string) => signInToBackOffice(browser, base, path, { scriptErrors });

  it('shows who looked at a customer, and the log with its filters', async () => {
    const agent = await t.login('agent');
    expect((await t.request({ method: 'GET', url: `/api/v1/customers/${customerId}`, staff: agent })).statusCode).toBe(200);
    await t.app.accessLogSettled();
    expect(await t.ctx.db.selectFrom('access_log').select('id').execute()).toHaveLength(1);

    const page = await signIn(`/admin/customers/${customerId}`);
    const panel = page.getByRole('region', { name: 'Who looked' });
    await panel.getByRole('cell', { name: /agent/ }).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await panel.getByRole('link', { name: 'All in the access log' }).click();
    await page.getByRole('heading', { name: 'Access log', level: 1 }).waitFor();
    expect(await page.getByLabel('Return or customer id').inputValue()).toBe(customerId);
    await page
      .getByRole('row', { name: /agent.*Opened a customer/ })
      .first()
      .waitFor();

    // Another subject: nothing recorded.
    await page.getByLabel('Subject').selectOption('return');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Nothing recorded for these filters.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/access-log.png`, fullPage: true });
    await page.close();
  });

  it('lists your sessions and ends another one', async () => {
    const elsewhere = await t.login('admin');
    const page = await signIn('/admin/');
    await page.getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('heading', { name: 'Your sessions', level: 1 }).waitFor();
    await page.getByText('(This session)').waitFor();
    expect(await page.getByRole('row').count()).toBeGreaterThanOrEqual(3);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/sessions.png`, fullPage: true });
    await page.getByRole('button', { name: 'End all other sessions' }).click();
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', staff: elsewhere });
    expect(me.statusCode).toBe(401);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });
});
