import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp, signInToBackOffice } from './support/browserApp.js';
import { DAY, orderFixture, seedOrders, seedStaff } from './support/fixtures.js';
import { findOrderInPortal } from './support/portalPages.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/products';
/** What the test reads of an <img> in the page. */
type ImageFacts = { complete: boolean; naturalWidth: number; width: number; height: number; loading: string };
// A 2×2 PNG, served by a server of the test's own: the portal must really load and show it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

// An admin builds a product with two variants in the back office, reorders them with buttons and
// finds it in the list; a product a shop connection owns is shown read-only; a shopper sees the
// item's picture in the portal.
describe('the catalogue in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let images: Server;
  let imageBase: string;
  const scriptErrors: string[] = [];

  beforeAll(async () => {
    images = createServer((req, res) => {
      res.writeHead(req.url === '/tee.png' ? 200 : 404, { 'content-type': 'image/png' });
      res.end(req.url === '/tee.png' ? PNG : undefined);
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['admin']);
      await seedOrders(t.ctx, [orderFixture('8001', new Date(t.clock.now.getTime() - 3 * DAY))]);
    }));
  });
  afterAll(async () => {
    await closeBrowserApp({ t, browser });
    await new Promise((resolve) => images?.close(resolve));
  });

  const signIn = (path: string) => signInToBackOffice(browser, base, path, { scriptErrors });

  const skusInTable = (page: Page) =>
    page.getByRole('region', { name: 'Variants' }).locator('tbody tr td:nth-child(3)').allTextContents();

  it('creates a product with two variants, reorders them and finds it in the list', async () => {
    const page = await signIn('/admin/products');
    await page.getByRole('heading', { name: 'Products', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Organic tee' }).waitFor();
    await page.getByRole('link', { name: 'New product' }).click();

    const form = page.getByRole('form', { name: 'New product' });
    await form.getByLabel('Title', { exact: true }).fill('Linen shirt');
    await form.getByLabel('Handle').fill('linen-shirt');
    await form.getByRole('checkbox', { name: 'Final sale' }).check();
    await form.getByRole('button', { name: 'Add option' }).click();
    await form.getByLabel('Option name 1').fill('Size');
    await form.getByRole('button', { name: 'Add image' }).click();
    await form.getByLabel('Image address (https) 1').fill('https://cdn.shop.example/linen.jpg');
    await form.getByLabel('Description for screen readers').fill('Linen shirt, folded');
    // A picture from the computer is checked, kept by Retour and added with its address.
    const photo = await sharp({ create: { width: 600, height: 800, channels: 3, background: '#d8cfc0' } })
      .jpeg()
      .toBuffer();
    await form
      .getByLabel('Upload an image (JPEG, PNG or WebP)')
      .setInputFiles({ name: 'back.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect.poll(() => form.getByLabel('Image address (https) 2').inputValue()).toMatch(/^\/api\/v1\/product-images\/pimg_/);
    // Its preview is the square Retour made of it, really loaded.
    const preview = form.locator('img[src$="/thumbnail"]');
    await expect.poll(() => preview.evaluate((el) => (el as unknown as ImageFacts).naturalWidth)).toBe(320);

    const variant = page.getByRole('form', { name: 'Add variant' });
    for (const [size, price] of [
      ['L', '49.95'],
      ['M', '45.00'],
    ] as const) {
      await variant.getByLabel('SKU').fill(`LINEN-${size}`);
      await variant.getByLabel('Variant title').fill(`Linen shirt ${size}`);
      await variant.getByLabel('Size').fill(size);
      await variant.getByLabel('Price').fill(price);
      await variant.getByRole('button', { name: 'Add variant' }).click();
      await page.getByRole('cell', { name: `LINEN-${size}`, exact: true }).waitFor();
    }
    await page.getByRole('button', { name: 'Move up: Linen shirt M (LINEN-M)' }).click();
    await expect.poll(() => skusInTable(page)).toEqual(['LINEN-M', 'LINEN-L']);
    await form.getByRole('button', { name: 'Create product' }).click();

    await page.getByRole('heading', { name: 'Linen shirt', level: 1 }).waitFor();
    await expect.poll(() => skusInTable(page)).toEqual(['LINEN-M', 'LINEN-L']);
    const admin = await t.login('admin');
    const [stored] = (await t.request({ method: 'GET', url: '/api/v1/products?q=linen', staff: admin })).json().items;
    expect(stored).toMatchObject({
      options: ['Size'],
      flags: { finalSale: true },
      images: [
        { url: 'https://cdn.shop.example/linen.jpg', alt: 'Linen shirt, folded' },
        { url: expect.stringMatching(/^\/api\/v1\/product-images\/pimg_/), alt: null },
      ],
    });
    expect(stored.variants.map((v: { sku: string; priceAmount: number }) => [v.sku, v.priceAmount])).toEqual([
      ['LINEN-M', 4500],
      ['LINEN-L', 4995],
    ]);

    // Once stored, each move is saved at once.
    await page.getByRole('button', { name: 'Move down: Linen shirt M (LINEN-M)' }).click();
    await expect.poll(() => skusInTable(page)).toEqual(['LINEN-L', 'LINEN-M']);
    const moved = (await t.request({ method: 'GET', url: `/api/v1/products/${stored.id}`, staff: admin })).json();
    expect(moved.variants.map((v: { sku: string }) => v.sku)).toEqual(['LINEN-L', 'LINEN-M']);

    // An option added with a value for the variants there are, then moved before Size: each
    // variant keeps its own values.
    const stored1 = page.getByRole('form', { name: 'Linen shirt' });
    await stored1.getByRole('button', { name: 'Add option' }).click();
    await stored1.getByLabel('Option name 2').fill('Colour');
    await stored1.getByLabel('Value for the variants there are (Colour)').fill('Sand');
    await stored1.getByRole('button', { name: 'Save product' }).click();
    await stored1.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await stored1.getByRole('button', { name: 'Move up: Colour' }).click();
    await stored1.getByRole('button', { name: 'Save product' }).click();
    await expect
      .poll(async () => {
        const p = (await t.request({ method: 'GET', url: `/api/v1/products/${stored.id}`, staff: admin })).json();
        return [p.options, p.variants.map((v: { options: object }) => v.options)];
      })
      .toEqual([
        ['Colour', 'Size'],
        [
          { Colour: 'Sand', Size: 'L' },
          { Colour: 'Sand', Size: 'M' },
        ],
      ]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/product-editor.png`, fullPage: true });

    await page.getByRole('link', { name: 'All products' }).click();
    await page.getByLabel('Search by title, handle or SKU').fill('linen');
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('row', { name: /Linen shirt/ });
    await row.waitFor();
    await expect(row.getByRole('img', { name: 'Linen shirt, folded' }).getAttribute('loading')).resolves.toBe('lazy');
    await expect.poll(() => page.getByRole('link', { name: 'Organic tee' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(scriptErrors).toEqual([]);
  });

  it('shows a product a shop connection owns read-only, with a link to edit it on the platform', async () => {
    await t.ctx.db
      .insertInto('shop_connections')
      .values({
        id: 'shc_browser',
        platform: 'shopify',
        name: 'Shopify',
        channel_id: 'chn_webshop',
        credentials: 'sealed',
        key_hint: 'abcd',
        webhook_token: 'browser-token',
        created_at: t.clock.now,
        updated_at: t.clock.now,
      })
      .execute();
    const sourceUrl = 'https://admin.shopify.com/store/demo/products/42';
    await t.ctx.db
      .updateTable('products')
      .set({ connection_id: 'shc_browser', source_url: sourceUrl })
      .where('id', '=', 'prd_jacket')
      .execute();
    const page = await signIn('/admin/products/prd_jacket');
    await page.getByRole('heading', { name: 'Rain jacket', level: 1 }).waitFor();
    await expect(page.getByRole('link', { name: 'Edit in Shopify' }).getAttribute('href')).resolves.toBe(sourceUrl);
    await expect(page.getByLabel('Title', { exact: true }).isDisabled()).resolves.toBe(true);
    expect(await page.getByRole('button', { name: 'Save product' }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Add variant' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(scriptErrors).toEqual([]);
  });

  it("shows the item's picture in the portal, in a fixed box, and a placeholder where there is none", async () => {
    // Set in the table: the API takes https only, the test's image server speaks plain http.
    await t.ctx.db
      .updateTable('variants')
      .set({ image_url: `${imageBase}/tee.png` })
      .where('id', '=', 'var_tee_m')
      .execute();
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await findOrderInPortal(page, base, '8001');
    const picture = page.locator('[data-line="TEE-M"]').getByRole('img', { name: 'Organic tee M' });
    await picture.scrollIntoViewIfNeeded();
    await expect
      .poll(() =>
        picture.evaluate((el) => {
          const img = el as unknown as ImageFacts;
          return img.complete && img.naturalWidth;
        }),
      )
      .toBe(2);
    expect(
      await picture.evaluate((el) => {
        const img = el as unknown as ImageFacts;
        return [img.width, img.height, img.loading];
      }),
    ).toEqual([56, 56, 'lazy']);
    await page.locator('[data-line="PEN"]').getByRole('img', { name: 'No image' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(scriptErrors).toEqual([]);
  });
});
