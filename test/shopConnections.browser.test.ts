import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp, signInToBackOffice } from './support/browserApp.js';
import { seedStaff } from './support/fixtures.js';
import { FakeChannelEngine } from './support/shops/fakeChannelEngine.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/connections';

// An admin connects a marketplace through ChannelEngine in the back office, tests it, asks for a
// sync and sees it run, against a fake ChannelEngine over HTTP.
describe('Settings → Connections in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const fake = new FakeChannelEngine();
  const scriptErrors: string[] = [];

  beforeAll(async () => {
    await fake.start();
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['admin']);
    }));
  });
  afterAll(async () => {
    await closeBrowserApp({ t, browser });
    await fake.stop();
  });

  const signIn = (path: string) => signInToBackOffice(browser, base, path, { scriptErrors });

  it('adds a ChannelEngine connection, tests it, syncs it now and shows the run and its status', async () => {
    const page = await signIn('/admin/settings/connections');
    await page.getByRole('heading', { name: 'Shop and marketplace connections' }).waitFor();
    await page.getByText('No shop connected yet').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const form = page.getByRole('form', { name: 'Connect a shop or marketplace' });
    await form.getByRole('combobox', { name: 'Platform' }).selectOption('channelengine');
    await form.getByLabel('Name', { exact: true }).fill('bol.com');
    await form.getByLabel('Tenant').fill(fake.tenant);
    await form.getByLabel('Sales channel code').fill('bol');
    await form.getByLabel('Merchant API key').fill(fake.apiKey);
    // Shopify's toggles are not offered for a marketplace: it refunds its own buyers.
    expect(await form.getByLabel('Refund orders paid on the platform through the platform').count()).toBe(0);
    await form.getByLabel('Register returns made in Retour on the platform').waitFor();
    // Its return reasons map onto the shop's own.
    await form.getByLabel('WRONG_SIZE').selectOption('too_small');
    // Retour takes ChannelEngine's new orders only when asked to.
    await form.getByLabel(/Acknowledge new orders on ChannelEngine/).check();
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Connect' }).click();

    // The new connection opens on its own page with the webhook URL to paste in ChannelEngine.
    await page.getByRole('heading', { name: /bol\.com/ }).waitFor();
    await page.getByText(/\/api\/v1\/shop-webhooks\/[A-Za-z0-9_-]{20,}/).waitFor();
    await page.getByText(`…${fake.apiKey.slice(-4)}`).waitFor();

    // The API's own field (not in the form) points the connection at the fake; a new address takes
    // the key again (a stored key never goes to another host).
    const admin = await t.login('admin');
    const [connection] = (await t.request({ method: 'GET', url: '/api/v1/connections', staff: admin })).json().items;
    const pointed = await t.request({
      method: 'PUT',
      url: `/api/v1/connections/${connection.id}`,
      staff: admin,
      payload: { baseUrl: fake.url, apiKey: fake.apiKey },
    });
    expect(pointed.statusCode, pointed.body).toBe(200);
    expect(pointed.json().settings).toMatchObject({
      pushReturns: true,
      acknowledgeOrders: true,
      reasonMap: { WRONG_SIZE: 'too_small' },
    });
    fake.addOrder(8101);
    fake.addOrder(8102);

    await page.reload();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Works').waitFor();
    await page
      .getByText(/Retour Test BV/)
      .first()
      .waitFor();

    await page.getByRole('button', { name: 'Sync now' }).click();
    const runs = page.getByRole('region', { name: 'Latest sync runs' });
    await runs.getByText('Done').waitFor({ timeout: 60_000 });
    await runs.getByText('First import').waitFor();
    expect(fake.seen.some((r) => r.path.startsWith('/api/v2/orders'))).toBe(true);
    await page.getByRole('region', { name: 'Latest errors' }).getByText('No errors.').waitFor();
    await page.screenshot({ path: `${SHOTS}/connection.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'All connections' }).click();
    const row = page.getByRole('row', { name: /bol\.com/ });
    await row.getByText('ChannelEngine').waitFor();
    await row.getByText('On', { exact: true }).waitFor();
    await page.screenshot({ path: `${SHOTS}/connections.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(scriptErrors).toEqual([]);
  });

  it('keeps a running sync on screen with a small note when one refresh fails', async () => {
    const now = new Date();
    await t.ctx.db
      .insertInto('shop_connections')
      .values({
        id: 'shc_flaky',
        platform: 'woocommerce',
        name: 'Flaky shop',
        channel_id: 'chn_webshop',
        credentials: 'sealed',
        key_hint: 'wxyz',
        webhook_token: 'flaky-token',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await t.ctx.db
      .insertInto('shop_sync_runs')
      .values({
        id: 'ssr_flaky',
        connection_id: 'shc_flaky',
        kind: 'backfill',
        resource: 'orders',
        status: 'running',
        cursor: null,
        updated_since: null,
        total: 40,
        last_error: null,
        started_by: null,
        started_at: now,
        updated_at: now,
        finished_at: null,
      })
      .execute();
    const page = await signIn('/admin/settings/connections/shc_flaky');
    const runs = page.getByRole('region', { name: 'Latest sync runs' });
    await runs.getByText('First import').waitFor();
    // The page asks again while the run goes on; now the server fails to answer.
    await page.route('**/api/v1/connections/shc_flaky/runs*', (route) =>
      route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Unavailable' }) }),
    );
    await runs.getByText(/Could not refresh/).waitFor();
    expect(await runs.getByText('First import').isVisible()).toBe(true);
    expect(await runs.getByRole('alert').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.unroute('**/api/v1/connections/shc_flaky/runs*');
    await t.ctx.db
      .updateTable('shop_sync_runs')
      .set({ status: 'succeeded', finished_at: new Date() })
      .where('id', '=', 'ssr_flaky')
      .execute();
    await runs.getByText('Done').waitFor();
    expect(await runs.getByText(/Could not refresh/).count()).toBe(0);
    expect(scriptErrors).toEqual([]);
  });
});
