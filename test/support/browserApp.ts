import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startWorkers } from '../../src/jobs/worker.js';
import { launchBrowser } from './browser.js';
import { PASSWORD, seedCatalogue } from './fixtures.js';
import { createTestApp, type TestApp } from './testApp.js';

export interface BrowserApp {
  /** The app, with the server's workers running as `retour serve` runs them: what follows from a
   * change the browser made (a refund due on approval) happens right after its commit. Its
   * `close` stops them first. */
  t: TestApp;
  browser: Browser;
  /** Where the server listens, e.g. `http://127.0.0.1:43117`. */
  base: string;
}

/**
 * What every browser test starts from: a test app on PGlite with the catalogue, seeded further by
 * `seed`, served over HTTP on a free port, and a headless Chromium. `now` sets the server's clock
 * before anything is seeded (the back office's session cookie expires by the browser's real clock);
 * `shots` is made as the folder for screenshots.
 */
export async function openBrowserApp(
  options: { now?: Date; shots?: string },
  seed: (t: TestApp) => Promise<void> = async () => {},
): Promise<BrowserApp> {
  const app = await createTestApp('pglite');
  if (options.now) app.clock.now = options.now;
  await seedCatalogue(app.ctx);
  await seed(app);
  const workers = await startWorkers(app.ctx, app.handle, { pollMs: 100 });
  const t: TestApp = {
    ...app,
    close: async () => {
      await workers.stop();
      await app.close();
    },
  };
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser();
  if (options.shots) mkdirSync(options.shots, { recursive: true });
  return { t, browser, base };
}

/** Closes what openBrowserApp opened, as far as it got. */
export async function closeBrowserApp(app: { t?: TestApp; browser?: Browser }): Promise<void> {
  await app.browser?.close();
  await app.t?.close();
}

/** A new page at `path` of the back office, signed in there with `email`'s password (the admin's by
 * default) on a desktop-sized screen in English; its script errors are added to `scriptErrors`. */
export async function signInToBackOffice(
  browser: Browser,
  base: string,
  path: string,
  options: { email?: string; scriptErrors?: string[] } = {},
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  page.on('pageerror', (err) => options.scriptErrors?.push(err.message));
  await page.goto(`${base}${path}`);
  await page.getByLabel('E-mail').fill(options.email ?? 'admin@shop.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('navigation', { name: 'Back office' }).waitFor();
  return page;
}
