import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSsoSettings } from '../src/app/admin/sso/ssoSettings.js';
import { cliActor } from '../src/app/kernel/context.js';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { PASSWORD, seedStaff } from './support/fixtures.js';
import { startTestIdp, type TestIdp } from './support/oidcProvider.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/single-sign-on';
// axe is injected as a script of its own, which the back office's Content-Security-Policy refuses.

// An admin finds the provider set up in Settings › Single sign-on; a colleague signs in with the
// login page's button on the provider's own page and lands in the back office; one who cancels
// there is told so on the login page.
describe('single sign-on in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let idp: TestIdp;
  const scriptErrors: string[] = [];

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['admin', 'agent']);
    }));
    idp = await startTestIdp([`${base}/api/v1/auth/sso/callback`]);
    idp.users.set('ada', { sub: 'ada', email: 'ada@shop.test', name: 'Ada Lovelace', groups: ['retour-agents'] });
    await updateSsoSettings(t.ctx, { actor: cliActor }, settings(true));
  });
  const settings = (passwordLogin: boolean) => ({
    enabled: true,
    issuerUrl: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    displayName: 'Test IdP',
    groupsClaim: 'groups',
    roleMappings: [
      { group: 'retour-admins', role: 'admin' as const, storeId: null },
      { group: 'retour-agents', role: 'agent' as const, storeId: null },
    ],
    allowedDomains: ['shop.test'],
    createUsers: true,
    passwordLogin,
  });
  afterAll(async () => {
    await closeBrowserApp({ t, browser });
    await idp?.close();
  });

  it('shows the settings to an admin, accessible, and tests the connection', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await page.goto(`${base}/admin/`);
    await page.getByLabel('E-mail').fill('admin@shop.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Back office' }).waitFor();
    await page.goto(`${base}/admin/settings/sso`);
    await page.getByRole('heading', { name: 'Single sign-on', level: 2 }).waitFor();
    expect(await page.getByLabel('Issuer URL').inputValue()).toBe(idp.issuer);
    expect(await page.getByLabel('Client secret').inputValue()).toBe('');
    await page.getByText('A secret is kept. Leave empty to keep it.').waitFor();
    expect(await page.getByLabel('Group of row 2').inputValue()).toBe('retour-agents');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText(`Connected to ${idp.issuer}.`).waitFor();
    // The kept secret belongs to this client: another one needs its own.
    await page.getByLabel('Client ID').fill('another-client');
    await page.getByText('The issuer or client changed: enter its secret').waitFor();
    await page.getByLabel('Client ID').fill(idp.clientId);
    await page.getByText('A secret is kept. Leave empty to keep it.').waitFor();
    // Saving sends the settings' own fields only, and keeps the secret.
    await page.getByLabel('Name on the sign-in button').fill('Test IdP staff');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const row = await t.ctx.db.selectFrom('sso_settings').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ display_name: 'Test IdP staff', client_secret_sealed: expect.any(String) });
    await page.getByLabel('Name on the sign-in button').fill('Test IdP');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/settings.png`, fullPage: true });
    expect(await page.content()).not.toContain(idp.clientSecret);
    await page.close();
  });

  it('signs in with the login page’s button through the provider’s page, into the back office', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    const page = await context.newPage();
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await page.goto(`${base}/admin/`);
    const button = page.getByRole('link', { name: 'Sign in with Test IdP' });
    await button.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/login.png`, fullPage: true });
    await button.click();
    await page.getByLabel('Account').fill('ada');
    await page.getByRole('button', { name: 'Sign in at the Test IdP' }).click();
    await page.getByRole('navigation', { name: 'Back office' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/');
    await page.getByText('Ada Lovelace').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/signed-in.png`, fullPage: true });
    await context.close();
  });

  it('tells someone who cancelled at the provider why they are back at the login page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await page.goto(`${base}/admin/`);
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'The identity provider did not sign you in (cancelled, or no access to Retour).' })
      .waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(await seriousViolations(page)).toEqual([]);
    // A provider in trouble has words of its own, in the user's language.
    await page.goto(`${base}/admin/?sso_error=SSO_PROVIDER_ERROR`);
    await page.getByRole('alert').filter({ hasText: 'The identity provider could not sign you in just now.' }).waitFor();
    // Password sign-in closed to agents: the form says where to sign in instead.
    await updateSsoSettings(t.ctx, { actor: cliActor }, settings(false));
    await page.getByLabel('E-mail').fill('agent@shop.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Sign in through the identity provider: this shop has closed sign-in with a password.' })
      .waitFor();
    await updateSsoSettings(t.ctx, { actor: cliActor }, settings(true));
    await context.close();
    expect(scriptErrors).toEqual([]);
  });
});
