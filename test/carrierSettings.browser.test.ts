import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp, signInToBackOffice } from './support/browserApp.js';
import { FakeSendcloud } from './support/carriers/fakeSendcloud.js';
import { seedStaff } from './support/fixtures.js';
import type { TestApp } from './support/testApp.js';
import { until } from './support/until.js';

const SHOTS = 'test-results/carriers';

// An admin connects Sendcloud in the back office, tests it, and maps QR drop-off in the
// Netherlands to one of its services, against a fake Sendcloud over HTTP.
describe('Settings → Carriers in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const fake = new FakeSendcloud();
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

  it('adds a Sendcloud connection, tests it and maps QR drop-off in NL to a service', async () => {
    const page = await signIn('/admin/settings/carriers');
    await page.getByRole('heading', { name: 'Carrier connections' }).waitFor();
    await page.getByText('No carriers connected yet').waitFor();

    const { apiKey, apiSecret, baseUrl } = fake.credentials();
    const form = page.getByRole('form', { name: 'Connect a carrier' });
    await form.getByLabel('Carrier').selectOption('sendcloud');
    await form.getByLabel('Name').fill('Sendcloud NL');
    await form.getByLabel('API key').fill(apiKey);
    await form.getByLabel('API secret').fill(apiSecret ?? '');
    await form.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('button', { name: 'Test connection: Sendcloud NL' }).waitFor();
    await page.getByText(`…${apiKey.slice(-4)}`).waitFor();
    await page.getByText(/\/api\/v1\/carriers\/cc_[a-z0-9]+\/webhooks/).waitFor();

    // The API's own field (not in the form) points the connection at the fake carrier; a new address
    // takes the keys again (stored keys never go to another host).
    const admin = await t.login('admin');
    const [connection] = (await t.request({ method: 'GET', url: '/api/v1/carriers', staff: admin })).json().items;
    const pointed = await t.request({
      method: 'PATCH',
      url: `/api/v1/carriers/${connection.id}`,
      staff: admin,
      payload: { baseUrl, apiKey, apiSecret },
    });
    expect(pointed.statusCode, pointed.body).toBe(200);

    await page.reload();
    await page.getByRole('button', { name: 'Test connection: Sendcloud NL' }).click();
    await page.getByText('Works').waitFor();
    expect(fake.seen.some((r) => r.path === '/api/v2/user')).toBe(true);

    const methods = page.getByRole('form', { name: 'Return methods per country' });
    await methods.getByRole('button', { name: 'Add a row' }).click();
    await expect(methods.getByLabel('Row 1: Country').inputValue()).resolves.toBe('NL');
    await methods.getByLabel('Row 1: Method').selectOption('qr');
    const service = methods.getByLabel('Row 1: Service', { exact: true });
    await service.waitFor();
    await until(async () => (await service.locator('option').count()) > 1);
    const code = await service.locator('option').nth(1).getAttribute('value');
    await service.selectOption(code ?? '');
    await methods.getByRole('button', { name: 'Save methods' }).click();
    await methods.getByText('Saved.').waitFor();
    await page.screenshot({ path: `${SHOTS}/carriers.png`, fullPage: true });

    const saved = (await t.request({ method: 'GET', url: '/api/v1/carrier-methods', staff: admin })).json().items;
    expect(saved).toEqual([
      expect.objectContaining({ connectionId: connection.id, method: 'qr', country: 'NL', serviceCode: code }),
    ]);
    await page.reload();
    await expect(page.getByLabel('Row 1: Service', { exact: true }).inputValue()).resolves.toBe(code);

    expect(await seriousViolations(page)).toEqual([]);
    expect(scriptErrors).toEqual([]);
  });

  it('shows the routing rules and adds one', async () => {
    const page = await signIn('/admin/settings/routing');
    await page.getByText('No routing rules yet').waitFor();
    const form = page.getByRole('form', { name: 'Add a routing rule' });
    await form.getByLabel('Name').fill('Belgium to the DC');
    await form.getByLabel('Countries').fill('be');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('cell', { name: 'Belgium to the DC', exact: true }).waitFor();
    await page.getByText('Countries: BE').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(scriptErrors).toEqual([]);
  });
});
