import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';

const SHOTS = 'test-results/portal';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical findings on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }
    ).axe;
    return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes})`);
}

// The portal in Debian's Chromium, on the real server over HTTP, at a phone's size and a desktop's.
describe.each([
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
])('shopper portal in a browser ($name)', ({ name, viewport }) => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp('pglite');
    await seedCatalogue(t.ctx);
    await seedOrders(t.ctx, [
      orderFixture('5001', new Date(t.clock.now.getTime() - 3 * DAY)),
      orderFixture('5002', new Date(t.clock.now.getTime() - 3 * DAY)),
    ]);
    await t.ctx.db
      .updateTable('shop_settings')
      .set({ return_address: JSON.stringify({ line1: 'Retourweg 1', postcode: '3542 AD', city: 'Utrecht', country: 'NL' }) })
      .execute();
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('finds the order, explains a refused line, takes store credit and confirms', async () => {
    const page = await browser.newPage({ viewport, locale: 'nl-NL' });
    const shot = (step: string) => page.screenshot({ path: join(SHOTS, `${name}-${step}.png`), fullPage: true });
    await page.goto(`${base}/returns/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Artikel retourneren');
    expect(await seriousViolations(page)).toEqual([]);

    // A wrong pair is refused in plain words.
    await page.getByLabel('Bestelnummer').fill('5001');
    await page.getByLabel('E-mailadres of postcode').fill('someone@else.nl');
    await page.getByRole('button', { name: 'Bestelling zoeken' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('We vinden geen bestelling');
    await shot('1-lookup-no-match');

    await page.getByLabel('E-mailadres of postcode').fill('5001@example.nl');
    await page.getByRole('button', { name: 'Bestelling zoeken' }).click();
    await page.getByRole('heading', { name: 'Wat wil je retourneren?' }).waitFor();
    // The engraved pen is personalised: refused, and the shopper reads why.
    const pen = page.locator('[data-line="PEN"]');
    expect(await pen.locator('.why').textContent()).toMatch(/\w{4,}/);
    expect(await pen.getByRole('checkbox').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('2-items');

    const tee = page.locator('[data-line="TEE-M"]');
    await tee.getByRole('checkbox').check();
    await tee.getByLabel('Reden').selectOption('too_small');
    await tee.getByRole('radio', { name: /Tegoed/ }).check();
    await shot('3-choices');
    await page.getByRole('button', { name: 'Verder' }).click();

    await page.getByRole('heading', { name: 'Overzicht' }).waitFor();
    const totals = await page.locator('.totals').textContent();
    expect(totals).toContain('Je krijgt als tegoed');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('4-summary');

    // Switching language re-explains in that language.
    await page.getByLabel('Taal').selectOption('en');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Return an item');

    await page.getByRole('button', { name: 'Confirm return' }).click();
    const number = await page.getByTestId('return-number').textContent();
    expect(number).toMatch(/^R-\d+$/);
    await shot('5-done');
    const stored = await t.ctx.db
      .selectFrom('returns')
      .innerJoin('return_lines', 'return_lines.return_id', 'returns.id')
      .select(['returns.method', 'return_lines.requested_resolution', 'return_lines.quantity'])
      .where('returns.number', '=', number ?? '')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ requested_resolution: 'store_credit', quantity: 1 });
    expect(stored.method).toBeTruthy();

    // The label downloads as a PDF.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download return label (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`return-label-${number}.pdf`);

    // The timeline so far, and cancelling while nothing has been shipped.
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('Return requested');
    await page.getByRole('button', { name: 'Cancel return' }).click();
    await page.getByRole('heading', { name: 'Your return is cancelled.' }).waitFor();
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('Cancelled');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('6-cancelled');
    const after = await t.ctx.db
      .selectFrom('returns')
      .select('status')
      .where('number', '=', number ?? '')
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('cancelled');
    await page.close();
  });

  it('shows the policy page generated from the policy in force, linked from the portal', async () => {
    const page = await browser.newPage({ viewport, locale: 'nl-NL' });
    await page.goto(`${base}/returns/`);
    await page.getByRole('link', { name: 'Retourbeleid' }).click();
    await page.waitForURL(/\/returns\/policy$/);
    await expect.poll(() => page.locator('main').textContent()).toContain('tot 30 dagen na levering');
    expect(await page.getByTestId('policy-methods').locator('li').count()).toBe(4);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}-policy.png`), fullPage: true });
    await page.close();
  });

  it('withdraws from the contract here, with a confirm step and the moment it was received', async () => {
    const page = await browser.newPage({ viewport, locale: 'en-GB' });
    await page.goto(`${base}/returns/`);
    await page.getByLabel('Order number').fill('5002');
    await page.getByLabel('E-mail address or postcode').fill('5002@example.nl');
    await page.getByRole('button', { name: 'Find my order' }).click();
    await page.getByRole('button', { name: 'Withdraw from contract here' }).click();
    await page.getByRole('heading', { name: 'Right of withdrawal' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}-withdraw-confirm.png`), fullPage: true });
    await page.getByRole('button', { name: 'Confirm withdrawal' }).click();
    await expect.poll(() => page.getByTestId('withdrawal').textContent()).toContain('Your withdrawal has been received');
    await page.screenshot({ path: join(SHOTS, `${name}-withdraw-done.png`), fullPage: true });
    const number = await page.getByTestId('return-number').textContent();
    const row = await t.ctx.db
      .selectFrom('returns')
      .select(['withdrawal_declared_at'])
      .where('number', '=', number ?? '')
      .executeTakeFirstOrThrow();
    expect(row.withdrawal_declared_at?.toISOString()).toBe(t.clock.now.toISOString());
    await page.close();
  });
});
