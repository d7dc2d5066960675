import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { DAY, orderFixture, PASSWORD, seedOrders, seedStaff } from './support/fixtures.js';
import { findOrderInPortal } from './support/portalPages.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/security-headers';

/** A page that reports every Content-Security-Policy violation of its frames: the browser's own
 * console message, and the `securitypolicyviolation` event (added before any page script runs). */
async function watchedPage(browser: Browser, violations: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  // As text: the test is compiled without the DOM's types.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => {
      console.error('securitypolicyviolation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
    });`,
  });
  page.on('console', (msg) => {
    if (/content security policy|securitypolicyviolation|refused to/i.test(msg.text())) violations.push(msg.text());
  });
  page.on('pageerror', (err) => violations.push(`page error: ${err.message}`));
  return page;
}

// The shopper portal and the back office run whole under their strict policies: no script, style
// or frame of theirs is refused, e-mail previews included.
describe('the strict content security policy in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['admin']);
      await seedOrders(t.ctx, [orderFixture('6101', new Date(t.clock.now.getTime() - 3 * DAY))]);
      const admin = await t.login('admin');
      const branded = await t.request({
        method: 'PATCH',
        url: '/api/v1/settings/shop',
        staff: admin,
        payload: { brandColor: '#7a2e8a' },
      });
      expect(branded.statusCode, branded.body).toBe(200);
    }));
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  it("runs the shopper portal, with the shop's brand colour set, with no violation", async () => {
    const violations: string[] = [];
    const page = await watchedPage(browser, violations);
    const landing = await page.goto(`${base}/returns/`);
    expect(landing?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await findOrderInPortal(page, base, '6101');
    await page.screenshot({ path: `${SHOTS}/portal.png`, fullPage: true });
    await page.goto(`${base}/returns/status`);
    await page.locator('#root *').first().waitFor();
    expect(violations).toEqual([]);
    await page.close();
  });

  it('runs the back office, its charts and its e-mail previews, with no violation', async () => {
    const violations: string[] = [];
    const page = await watchedPage(browser, violations);
    await page.goto(`${base}/admin/`);
    await page.getByLabel('E-mail').fill('admin@shop.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Back office' }).waitFor();
    for (const [path, heading] of [
      ['/admin/customers', 'Customers'],
      ['/admin/settings', 'Settings'],
      ['/admin/analytics', 'Analytics'],
    ] as const) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    }
    await page.goto(`${base}/admin/mail`);
    await page.getByRole('link', { name: 'Previews' }).click();
    await page.getByLabel('E-mail to preview').selectOption('credited');
    await page.getByLabel('Shopper language').selectOption('de');
    const frame = page.frameLocator('iframe.email-frame');
    await frame.getByText(/Dein Guthabencode/).waitFor();
    // The e-mail's own styles (attributes, as mail programs read them) apply in the preview.
    type Styles = { getComputedStyle(element: unknown): { backgroundColor: string } };
    const background = await frame
      .locator('body')
      .evaluate((body) => (globalThis as unknown as Styles).getComputedStyle(body).backgroundColor);
    expect(background).toBe('rgb(243, 244, 246)');
    await page.screenshot({ path: `${SHOTS}/email-preview.png`, fullPage: true });
    expect(violations).toEqual([]);
    await page.close();
  });
});
