import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../src/app/privacy/runRetention.js';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { PASSWORD, seedStaff } from './support/fixtures.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/retention';

// An admin sets how long each kind of data is kept under Settings › Privacy & retention and sees
// the last run; the portal's policy page states the periods set.
describe('retention settings and the policy page in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['admin']);
      await runRetention(t.ctx, { startedBy: 'cli' });
    }));
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  async function signIn(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    // axe is put in the page as a script of its own: the strict CSP lets the test do that.
    const page = await browser.newPage({ viewport, locale: 'en-GB' });
    await page.goto(`${base}${path}`);
    await page.getByLabel('E-mail').fill('admin@shop.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Back office' }).waitFor();
    return page;
  }

  it('sets the periods, refuses one out of range, and shows the last run', async () => {
    const page = await signIn('/admin/settings/privacy');
    await page.getByRole('heading', { name: 'Retention periods' }).waitFor();
    const photos = page.getByLabel('Return photos (days)');
    expect(await photos.inputValue()).toBe('365');
    await page
      .getByTestId('retention-runs')
      .getByText(/by the command line: Removed 0 photos/)
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await photos.fill('5');
    await page.getByLabel('Logs (days)').fill('');
    // The browser's own check holds a number below the minimum back; the server's is the same.
    await page.getByRole('button', { name: 'Save' }).click();
    expect(
      await photos.evaluate((el) => (el as unknown as { validity: { rangeUnderflow: boolean } }).validity.rangeUnderflow),
    ).toBe(true);
    await photos.fill('400');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved').waitFor();
    const settings = await t.ctx.db
      .selectFrom('shop_settings')
      .select(['retention_photo_days', 'retention_log_days'])
      .executeTakeFirstOrThrow();
    expect(settings).toEqual({ retention_photo_days: 400, retention_log_days: null });
    expect(await page.getByLabel('Logs (days)').inputValue()).toBe('');
    await page.screenshot({ path: `${SHOTS}/settings.png`, fullPage: true });
    await page.close();

    // On a phone, in Dutch.
    const phone = await signIn('/admin/settings/privacy', { width: 390, height: 844 });
    await phone.getByLabel('Language').selectOption('nl');
    await phone.getByRole('heading', { name: 'Bewaartermijnen' }).waitFor();
    expect(await phone.getByLabel('Retourfoto’s (dagen)').inputValue()).toBe('400');
    expect(await seriousViolations(phone)).toEqual([]);
    await phone.screenshot({ path: `${SHOTS}/settings-phone.png`, fullPage: true });
    await phone.close();
  });

  it('states on the policy page all four periods, a kind without one as kept, and what no period covers', async () => {
    await t.ctx.db
      .updateTable('shop_settings')
      .set({ retention_photo_days: 400, retention_email_days: null, retention_personal_days: 730, retention_log_days: null })
      .execute();
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    await page.goto(`${base}/returns/policy`);
    const section = page.getByTestId('policy-retention');
    await expect
      .poll(() => section.locator('li').allTextContents())
      .toEqual([
        'Photos you add to a return: deleted 400 days after the return was completed, or after uploading if you did not send the request.',
        'The text of e-mails we send you and the address they went to: kept until you ask us to erase them.',
        'Your comments, messages and review with a return, its shipping labels, and the name, street and phone number of the delivery address: deleted 730 days after the return was completed (postcode, city and country stay).',
        'Records of who at the shop opened your details, and copies of messages about your return exchanged with the shop’s and carriers’ systems: kept until you ask us to erase them.',
      ]);
    expect(await section.locator('p').first().textContent()).toContain(
      'Your name, e-mail address and phone number with your orders and customer details',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/policy.png`, fullPage: true });
    await page.close();
  });
});
