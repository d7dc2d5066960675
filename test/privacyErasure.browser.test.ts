import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/kernel/context.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { orderOf, type Person } from './support/erasureWorld.js';
import { PASSWORD, seedStaff } from './support/fixtures.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/privacy-erasure';

const ERASABLE: Person = {
  firstName: 'Roosmarijn',
  lastName: 'Heemskerk',
  email: 'roosmarijn.heemskerk@example.nl',
  phone: '+31 6 1357 2468',
  street: 'Brouwersgracht 12',
  postcode: '1013 GW',
};
const BLOCKED: Person = { ...ERASABLE, firstName: 'Floris', lastName: 'Kampen', email: 'floris.kampen@example.nl' };

// An admin erases a shopper from the customer's page through the confirmation dialog (on a
// phone); a shopper with a return under way shows why it cannot be erased; an agent sees neither.
describe('privacy erasure in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let erasable: string;
  let blocked: { customerId: string; number: string };
  const scriptErrors: string[] = [];

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['admin', 'agent']);
      erasable = (await orderOf(t, ERASABLE)).customerId;
      const order = await orderOf(t, BLOCKED);
      const ret = await requestReturn(
        t.ctx,
        { actor: cliActor },
        {
          orderId: order.id,
          source: 'api',
          method: 'qr',
          lines: [
            { orderLineId: order.lineBySku['TEE-M'] as string, quantity: 1, reasonCode: 'too_small', resolution: 'refund' },
          ],
        },
      );
      blocked = { customerId: order.customerId, number: ret.number };
    }));
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  async function signIn(path: string, email = 'admin@shop.test', viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport, locale: 'en-GB' });
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await page.goto(`${base}${path}`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Back office' }).waitFor();
    return page;
  }

  it('erases through the confirmation dialog, which says what goes and what stays', async () => {
    const page = await signIn(`/admin/customers/${erasable}`, 'admin@shop.test', { width: 390, height: 844 });
    const panel = page.getByRole('region', { name: 'Erase personal data' });
    await panel.getByRole('button', { name: 'Erase personal data…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase this shopper’s personal data?' });
    await dialog.getByText('1 order(s), 0 return(s), 0 photo(s) and 0 e-mail(s) are affected.').waitFor();
    await dialog.getByText('The store-credit ledger and its balance').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // On a phone the dialog and all in it stay within the screen.
    const outside = await page.evaluate(
      `[...document.querySelectorAll('dialog, dialog *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth).length`,
    );
    expect(outside).toBe(0);
    await page.screenshot({ path: `${SHOTS}/dialog-phone.png`, fullPage: true });

    const confirm = dialog.getByRole('button', { name: 'Erase for good' });
    await dialog.getByLabel('Type the customer’s e-mail address to confirm').fill('someone.else@example.nl');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type the customer’s e-mail address to confirm').fill(ERASABLE.email.toUpperCase());
    await confirm.click();
    await panel.getByText(/^Personal data erased on /).waitFor();
    await page.getByRole('heading', { level: 1, name: `${erasable}@erased.invalid` }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // The customer's page, with its long address, stays within a phone's width.
    expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    const row = await t.ctx.db
      .selectFrom('customers')
      .select(['email', 'first_name', 'erased_at'])
      .where('id', '=', erasable)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ first_name: null, erased_at: expect.any(Date) });
    expect(row.email).not.toContain('heemskerk');
    await page.close();

    // The shopper's status link from before says why it opens nothing now.
    const link = t.ctx.shopperTokens.statusLink({
      returnId: 'ret_any',
      customerId: erasable,
      orderId: 'ord_any',
      createdAt: t.clock.now,
    });
    const portal = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    portal.on('pageerror', (err) => scriptErrors.push(err.message));
    await portal.goto(`${base}/returns/status#${link}`);
    await portal.getByText('Your personal data was erased at your request, so this link no longer opens anything.').waitFor();
    expect(await seriousViolations(portal)).toEqual([]);
    await portal.close();
  });

  it('shows why a shopper with a return under way cannot be erased', async () => {
    const page = await signIn(`/admin/customers/${blocked.customerId}`);
    const panel = page.getByRole('region', { name: 'Erase personal data' });
    await panel.getByText(`Returns still under way block the erasure: ${blocked.number}. Finish or cancel them first.`).waitFor();
    expect(await panel.getByRole('button', { name: 'Erase personal data…' }).isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/blocked.png`, fullPage: true });
    await page.close();
  });

  it('is not offered to an agent', async () => {
    const page = await signIn(`/admin/customers/${blocked.customerId}`, 'agent@shop.test');
    await page.getByRole('heading', { level: 1, name: `${BLOCKED.firstName} ${BLOCKED.lastName}` }).waitFor();
    expect(await page.getByRole('region', { name: 'Erase personal data' }).count()).toBe(0);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });
});
