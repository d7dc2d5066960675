import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser } from '../src/app/admin/createStaffUser.js';
import { cliActor } from '../src/app/kernel/context.js';
import { base32Decode, totpCode } from '../src/domain/totp.js';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { PASSWORD, seedStaff } from './support/fixtures.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/two-factor';

// An agent sets up two-factor sign-in in the back office (QR code and key, a code from the app,
// recovery codes shown once), signs out, and signs in again with a code, then with a recovery code.
describe('two-factor sign-in in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const scriptErrors: string[] = [];

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['agent', 'admin', 'warehouse']);
    }));
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  async function passwordStep(page: Page) {
    await page.getByLabel('E-mail').fill('agent@shop.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
  }

  async function signOut(page: Page) {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Retour' }).waitFor();
  }

  it('enrols, then signs in with a code from the app and with a recovery code', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await page.goto(`${base}/admin/`);
    await passwordStep(page);
    await page.getByRole('navigation', { name: 'Back office' }).waitFor();

    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await page.getByRole('img', { name: 'QR code for setting up two-factor sign-in' }).waitFor();
    const secret = (await page.locator('code.secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/enrol.png`, fullPage: true });

    // Keyboard only: the code field, then Enter.
    const codeField = page.getByLabel('Code from your authenticator app');
    await codeField.focus();
    await page.keyboard.type(totpCode(base32Decode(secret), t.clock.now));
    await page.keyboard.press('Enter');
    const codes = page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    expect(await codes.count()).toBe(10);
    const recovery = ((await codes.first().textContent()) ?? '').trim();
    expect(recovery).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    expect(await page.getByRole('link', { name: 'Download codes' }).getAttribute('download')).toBe('retour-recovery-codes.txt');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/recovery-codes.png`, fullPage: true });
    await page.getByRole('button', { name: 'I have saved my codes' }).click();
    await page.getByText('Two-factor sign-in is on since').waitFor();

    await signOut(page);
    await passwordStep(page);
    await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/second-step.png`, fullPage: true });
    // The code of the enrolment's step was used: the app shows the next one.
    t.clock.advance(30_000);
    await page.getByLabel('Code from your authenticator app').fill(totpCode(base32Decode(secret), t.clock.now));
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Back office' }).waitFor();

    await signOut(page);
    await passwordStep(page);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(recovery);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Back office' }).waitFor();
    const agentId = (
      await t.ctx.db.selectFrom('staff_users').select('id').where('email', '=', 'agent@shop.test').executeTakeFirstOrThrow()
    ).id;
    const left = await t.ctx.db
      .selectFrom('staff_recovery_codes')
      .select('id')
      .where('user_id', '=', agentId)
      .where('used_at', 'is', null)
      .execute();
    expect(left).toHaveLength(9);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('lets an admin choose the roles that must use it, and reset a staff member who lost their phone', async () => {
    // The warehouse user has two-factor on, set up through the API.
    const warehouse = await t.login('warehouse');
    const started = await t.request({ method: 'POST', url: '/api/v1/auth/two-factor/enrolment', staff: warehouse });
    const secret = started.json().secret as string;
    const code = totpCode(base32Decode(secret), t.clock.now);
    const confirm = { method: 'POST' as const, url: '/api/v1/auth/two-factor/enrolment/confirm', payload: { code } };
    expect((await t.request({ ...confirm, staff: warehouse })).statusCode).toBe(200);

    // An agent without it is at work in the back office when the rule is set.
    await createStaffUser(
      t.ctx,
      { actor: cliActor },
      { email: 'late@shop.test', name: 'Late', role: 'agent', password: PASSWORD },
    );
    const atWork = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    atWork.on('pageerror', (err) => scriptErrors.push(err.message));
    await atWork.goto(`${base}/admin/customers`);
    await atWork.getByLabel('E-mail').fill('late@shop.test');
    await atWork.getByLabel('Password').fill(PASSWORD);
    await atWork.keyboard.press('Enter');
    await atWork.getByRole('navigation', { name: 'Back office' }).waitFor();

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await page.goto(`${base}/admin/settings/security`);
    await page.getByLabel('E-mail').fill('admin@shop.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    const roles = page.getByRole('group', { name: 'Roles that must use two-factor sign-in' });
    await roles.getByLabel('Customer service').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved').waitFor();
    const policy = await t.request({ method: 'GET', url: '/api/v1/settings/two-factor', staff: await t.login('admin') });
    expect(policy.json()).toEqual({ roles: ['agent'] });
    // Its next step in the back office asks it to set up two-factor sign-in first.
    await atWork.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Returns' }).click();
    await atWork.getByText('Your role must use two-factor sign-in: set it up to continue.').waitFor();
    await atWork.close();

    // Only those with it on can be reset; the reset asks once more, naming whom.
    await page.getByText('admin (admin@shop.test) — Not set up').waitFor();
    await page.getByRole('button', { name: 'Reset two-factor sign-in for warehouse' }).click();
    const asking = page.getByRole('group', { name: /^Reset two-factor sign-in of warehouse\?/ });
    await asking.getByRole('button', { name: 'Cancel' }).click();
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/two-factor', staff: warehouse })).json()).toMatchObject({
      enabled: true,
    });
    await page.getByRole('button', { name: 'Reset two-factor sign-in for warehouse' }).click();
    await asking.getByRole('button', { name: 'Yes, reset' }).click();
    await page.getByText('Two-factor sign-in of warehouse was reset.').waitFor();
    await page.getByText('warehouse (warehouse@shop.test) — Not set up').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/settings.png`, fullPage: true });
    // Reset: the password alone signs the warehouse user in again.
    expect((await t.login('warehouse')).csrf).toEqual(expect.any(String));
    expect(scriptErrors).toEqual([]);
    await page.close();
  });
});
