import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { DAY, orderFixture, orderLine, PASSWORD, seedOrders, seedStaff } from './support/fixtures.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/risk';

/** Each order goes to an address of its own, so no two customers are linked by it. */
const address = (n: number) => ({ line1: `Prinsengracht ${n}`, postcode: `10${n} AB`, city: 'Amsterdam', country: 'NL' });

// The risk screens in a headless Chromium against the real server. Three customers ask a return through
// the staff API, so the real scoring runs: one sends a tee back (nothing fires), one sends earbuds back
// (the value signal, its threshold lowered to €30 so €99 is worth its whole weight of 40), and one's
// e-mail address is on the block list (the block-list signal, the top score).
describe('risk screens in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const numbers: Record<'plain' | 'valuable' | 'blocked', string> = { plain: '', valuable: '', blocked: '' };
  const scriptErrors: string[] = [];
  /** The value signal's defaults, which the screen shows beside the shop's own. */
  let highValueDefault = { weight: 0, threshold: 0 };

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['admin', 'agent', 'analyst']);
      const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
      const orders = await seedOrders(t.ctx, [
        orderFixture('9101', delivered, { shippingAddress: address(1) }),
        orderFixture('9102', delivered, {
          shippingAddress: address(2),
          lines: [orderLine('TEE-M', 1, 2000, delivered), orderLine('BUDS', 1, 9900, delivered)],
        }),
        orderFixture('9103', delivered, { shippingAddress: address(3) }),
      ]);
      const admin = await t.login('admin');
      const current = await t.request({ method: 'GET', url: '/api/v1/risk/settings', staff: admin });
      expect(current.statusCode, current.body).toBe(200);
      const settings = current.json().settings;
      highValueDefault = current.json().defaults.signals.HIGH_VALUE;
      settings.signals.HIGH_VALUE = { enabled: true, weight: 40, threshold: 3000 };
      const put = await t.request({ method: 'PUT', url: '/api/v1/risk/settings', staff: admin, payload: settings });
      expect(put.statusCode, put.body).toBe(200);
      const listed = await t.request({
        method: 'POST',
        url: '/api/v1/risk/lists',
        staff: admin,
        payload: { list: 'block', kind: 'email', value: '9103@example.nl', reason: 'Chargebacks on three orders' },
      });
      expect(listed.statusCode, listed.body).toBe(201);

      const agent = await t.login('agent');
      const ask = async (order: (typeof orders)[number] | undefined, sku: string) => {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/returns',
          staff: agent,
          payload: {
            orderId: order?.id,
            method: 'qr',
            lines: [{ orderLineId: order?.lineBySku[sku], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
          },
        });
        expect(res.statusCode, res.body).toBe(201);
        const id = res.json().returnId ?? res.json().id;
        const row = await t.ctx.db.selectFrom('returns').select('number').where('id', '=', id).executeTakeFirstOrThrow();
        return row.number;
      };
      numbers.plain = await ask(orders[0], 'TEE-M');
      numbers.valuable = await ask(orders[1], 'BUDS');
      numbers.blocked = await ask(orders[2], 'TEE-M');
    }));
  });
  afterEach(() => {
    expect(scriptErrors.splice(0)).toEqual([]);
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  async function signIn(role: string, path: string, heading: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await page.goto(`${base}${path}`);
    await page.getByLabel('E-mail').fill(`${role}@shop.test`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    return page;
  }

  /** The queue's returns by number, top to bottom. */
  async function queueNumbers(page: Page): Promise<(string | null)[]> {
    const rows = page.locator('main tr[data-return]');
    const numbers: (string | null)[] = [];
    for (let i = 0; i < (await rows.count()); i++) numbers.push(await rows.nth(i).getAttribute('data-return'));
    return numbers;
  }

  it('lists returns by score with their signals and sentences, filters by signal, and axe finds nothing serious', async () => {
    const page = await signIn('agent', '/admin/risk', 'Risk');
    await page.locator(`main tr[data-return="${numbers.plain}"]`).waitFor();
    const order = await queueNumbers(page);
    // Highest score first: the block-listed customer's, then the valuable one's, then the plain one's.
    expect(order.indexOf(numbers.blocked)).toBe(0);
    expect(order.indexOf(numbers.valuable)).toBe(1);
    expect(order.indexOf(numbers.plain)).toBe(2);

    const blocked = page.locator(`main tr[data-return="${numbers.blocked}"]`);
    await blocked.getByText('High risk (100)').waitFor();
    const signal = blocked.locator('[data-signal="BLOCK_LISTED"]');
    expect(await signal.locator('.chip').textContent()).toContain('+');
    // The sentence is on the page, not only on hover.
    const sentence = signal.locator('.explanation');
    expect(await sentence.isVisible()).toBe(true);
    expect(((await sentence.textContent()) ?? '').length).toBeGreaterThan(10);
    const valuable = page.locator(`main tr[data-return="${numbers.valuable}"]`);
    await valuable.getByText('Medium risk (40)').waitFor();
    expect(await valuable.locator('[data-signal="HIGH_VALUE"] .explanation').isVisible()).toBe(true);
    expect(await page.locator(`main tr[data-return="${numbers.plain}"]`).getByText('No signal fired.').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/queue.png`, fullPage: true });

    // The select's name is its label and its chosen option ("Signal Any signal").
    await page.getByRole('combobox', { name: /^Signal/ }).selectOption('HIGH_VALUE');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => queueNumbers(page)).toEqual([numbers.valuable]);
    // The filter is kept in the address, so the view can be shared and Back undoes it.
    expect(new URL(page.url()).searchParams.get('signal')).toBe('HIGH_VALUE');
    await page.getByLabel('Minimum score').fill('90');
    await page.getByRole('combobox', { name: /^Signal/ }).selectOption('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => queueNumbers(page)).toEqual([numbers.blocked]);
    // On a phone the table scrolls inside its card; the page itself does not scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    const pageWidth = () =>
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
            .scrollWidth,
      );
    await expect.poll(pageWidth).toBeLessThanOrEqual(390);
    await page.close();
  }, 120_000);

  it('explains the risk on the return, and a person’s review joins its history', async () => {
    const page = await signIn('agent', '/admin/risk/returns', 'Risk');
    await page.getByRole('link', { name: numbers.blocked, exact: true }).click();
    const panel = page.getByRole('region', { name: 'Risk and its explanation' });
    await panel.locator('[data-signal="BLOCK_LISTED"] .explanation').waitFor();
    await panel.getByText('High risk (100)').first().waitFor();
    await panel.locator('[data-law]').waitFor();
    expect(((await panel.locator('[data-law]').textContent()) ?? '').length).toBeGreaterThan(20);
    await panel.locator('tr[data-stage="request"]').waitFor();
    // What the score decided: a person looks first, and the money waits for the goods.
    const decided = panel.locator('dl.risk-facts dd');
    expect(await decided.allTextContents()).toEqual(['yes', 'yes', 'no']);
    expect(await seriousViolations(page)).toEqual([]);

    await panel.getByRole('radio', { name: 'Clear: the score was wrong' }).check();
    await panel.getByLabel('Why (kept with the return)').fill('Called the customer: the block was for another person');
    await panel.getByRole('button', { name: 'Save the review' }).click();
    const reviewed = panel.locator('tr[data-stage="review"]');
    await reviewed.getByText('Called the customer: the block was for another person').waitFor();
    expect(await reviewed.textContent()).toContain('agent');
    // Cleared by a person: the money no longer waits for the goods.
    await expect.poll(() => decided.nth(1).textContent()).toBe('no');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/return-panel.png`, fullPage: true });
    await page.close();
  }, 120_000);

  it('adds a block-list entry and removes it after confirming', async () => {
    const page = await signIn('agent', '/admin/risk/lists', 'Risk');
    const form = page.getByRole('form', { name: 'New entry' });
    await form.getByLabel('Kind').selectOption('email');
    await form.getByLabel('Value').fill('Ring@Example.nl');
    await form.getByLabel('Reason').fill('One of a ring of linked accounts');
    await form.getByRole('button', { name: 'Add entry' }).click();
    const row = page.locator('main tr[data-entry]').filter({ hasText: 'One of a ring of linked accounts' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Active');
    expect(await seriousViolations(page)).toEqual([]);

    await row.getByRole('button', { name: 'Remove' }).click();
    await row.getByRole('button', { name: 'Yes, remove' }).click();
    await row.waitFor({ state: 'detached' });
    // Kept for the record: shown among the removed entries.
    await page.getByLabel('Show').selectOption('');
    const removed = page.locator('main tr[data-entry]').filter({ hasText: 'One of a ring of linked accounts' });
    await removed.getByText('Removed').first().waitFor();
    await page.close();
  }, 120_000);

  it('shows customers by risk, a customer’s risk with their list entry, the settings beside their defaults, and the export', async () => {
    const page = await signIn('admin', '/admin/risk/customers', 'Risk');
    const listed = page.locator('main tr').filter({ hasText: '9103@example.nl' });
    await listed.getByText('Block list', { exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await listed.getByRole('link').first().click();
    const panel = page.getByRole('region', { name: 'Risk', exact: true });
    await panel.getByRole('cell', { name: 'Chargebacks on three orders' }).waitFor();
    await panel.getByRole('heading', { name: 'Linked accounts' }).waitFor();
    await panel.getByRole('button', { name: 'Block this customer' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${base}/admin/risk/settings`);
    const value = page.locator('main tr[data-signal="HIGH_VALUE"]');
    // Changed from the defaults, which stand beside the new values (the threshold in euros).
    await value.getByText(`default ${highValueDefault.weight}`).waitFor();
    await value.getByText(`default ${highValueDefault.threshold / 100}`).waitFor();
    expect(await value.getByRole('spinbutton').first().inputValue()).toBe('40');
    expect(
      await page
        .locator('main tr[data-signal="EMPTY_BOX"]')
        .getByText(/^default/)
        .count(),
    ).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/settings.png`, fullPage: true });

    await page.getByRole('link', { name: 'Export' }).click();
    expect(await page.getByRole('link', { name: 'Download (hashed)' }).getAttribute('href')).toContain('hashed=true');
    await page.close();
  }, 120_000);
});
