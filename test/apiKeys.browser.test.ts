import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/app/admin/createApiKey.js';
import { cliActor } from '../src/app/kernel/context.js';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp, signInToBackOffice } from './support/browserApp.js';
import { seedStaff } from './support/fixtures.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/api-keys';
const DAY = 86_400_000;

// An admin makes a key that may only read returns and receive parcels, for 90 days, and finds it
// listed with those scopes, its expiry and (once used) its last use; a key past its expiry is marked.
describe('Settings → API keys in a browser', () => {
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

  const signIn = (path: string) => signInToBackOffice(browser, base, path, { scriptErrors });

  it('creates a scoped key that expires, lists it with its last use, and marks an expired one', async () => {
    // A key whose expiry has passed by the time the list is read.
    const old = await createApiKey(
      t.ctx,
      { actor: cliActor },
      { name: 'Old import', role: 'agent', expiresAt: new Date(t.clock.now.getTime() + DAY).toISOString() },
    );
    await t.ctx.db
      .updateTable('api_keys')
      .set({ expires_at: new Date(Date.now() - DAY) })
      .where('id', '=', old.id)
      .execute();

    const page = await signIn('/admin/settings/api-keys');
    const form = page.getByRole('form', { name: 'Create an API key' });
    await form.getByLabel('Name', { exact: true }).fill('Scanner');
    await form.getByRole('combobox', { name: /^Role/ }).selectOption('warehouse');
    await form.getByLabel('Expires').selectOption('90');
    await form.getByLabel('Only the permissions chosen below').check();
    await form.getByRole('group', { name: 'Returns' }).waitFor();
    // The warehouse role cannot approve returns: it is not offered.
    expect(await form.getByLabel('Approve or reject returns').count()).toBe(0);
    await form.getByLabel('View returns').check();
    await form.getByLabel('Receive parcels').check();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/api-key-form.png`, fullPage: true });
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByText('it is shown only once').waitFor();
    const key = (await page.locator('#key-title ~ p code').textContent()) ?? '';
    expect(key).toMatch(/^rtr_/);

    const row = page.getByRole('row', { name: /Scanner/ });
    await row.getByRole('cell', { name: 'View returns, Receive parcels' }).waitFor();
    await page
      .getByRole('row', { name: /Old import/ })
      .getByText('Expired')
      .waitFor();
    const admin = await t.login('admin');
    const listed = (await t.request({ method: 'GET', url: '/api/v1/api-keys', staff: admin })).json();
    const made = listed.find((k: { name: string }) => k.name === 'Scanner');
    expect(made).toMatchObject({ role: 'warehouse', scopes: ['returns.read', 'returns.receive'], lastUsedAt: null });
    expect(Math.abs(new Date(made.expiresAt).getTime() - (Date.now() + 90 * DAY))).toBeLessThan(DAY);

    expect((await t.request({ method: 'GET', url: '/api/v1/returns', bearer: key })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/orders', bearer: key })).json().code).toBe('API_KEY_OUT_OF_SCOPE');
    // Its use shows in the list once read again.
    await page.reload();
    const usedCell = page
      .getByRole('row', { name: /Scanner/ })
      .getByRole('cell')
      .nth(6);
    await expect.poll(() => usedCell.textContent()).not.toBe('—');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/api-keys.png`, fullPage: true });
    expect(scriptErrors).toEqual([]);
    await page.close();
  });
});
