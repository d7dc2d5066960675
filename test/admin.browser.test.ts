import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers } from '../src/jobs/worker.js';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { DAY, orderFixture, PASSWORD, seedExchangeStock, seedOrders, seedStaff } from './support/fixtures.js';
import type { TestApp } from './support/testApp.js';
import { until } from './support/until.js';

const SHOTS = 'test-results/admin';

/** What each role finds in the navigation: exactly the sections it may open. */
const NAV: Record<string, string[]> = {
  admin: [
    'Returns',
    'Receiving',
    'Store counter',
    'Stock',
    'Products',
    'Exchanges',
    'Claims',
    'Customers',
    'Risk',
    'E-mail',
    'Finance',
    'Analytics',
    'Policies',
    'Settings',
    'Access log',
  ],
  agent: [
    'Returns',
    'Receiving',
    'Stock',
    'Products',
    'Exchanges',
    'Claims',
    'Customers',
    'Risk',
    'E-mail',
    'Analytics',
    'Policies',
    'Settings',
  ],
  warehouse: ['Returns', 'Receiving', 'Stock', 'Products', 'Exchanges', 'Claims', 'Settings'],
  analyst: [
    'Returns',
    'Stock',
    'Products',
    'Exchanges',
    'Claims',
    'Customers',
    'Risk',
    'Finance',
    'Analytics',
    'Policies',
    'Settings',
  ],
};

/** The focused element's tag or its `type` attribute, read in the page. */
function focused(page: Page, what: 'tagName' | 'type') {
  return page.evaluate((w) => {
    const doc = globalThis as unknown as {
      document: { activeElement: { tagName: string; getAttribute(n: string): string | null } | null };
    };
    const el = doc.document.activeElement;
    return w === 'tagName' ? el?.tagName : el?.getAttribute('type');
  }, what);
}

// The back office in a headless Chromium against the real server over HTTP, at a desk's size and a tablet's.
describe.each([
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'tablet', viewport: { width: 820, height: 1180 } },
])('back office in a browser ($name)', ({ name, viewport }) => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    // The browser keeps the session cookie by the real clock: the server's must agree.
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedExchangeStock(t.ctx);
      await seedStaff(t.ctx, ['admin', 'agent', 'warehouse', 'analyst']);
      const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
      await seedOrders(
        t.ctx,
        ['7001', '7002', '7003', '7004', '7005', '7006', '7007', '7008'].map((n) => orderFixture(n, delivered)),
      );
    }));
  });
  afterEach(() => {
    expect(scriptErrors.splice(0)).toEqual([]);
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  /** Script errors in any page fail the test that caused them. */
  const scriptErrors: string[] = [];
  async function newPage() {
    const page = await browser.newPage({ viewport, locale: 'en-GB' });
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    return page;
  }

  async function signIn(role: string, path = '/admin/') {
    const page = await newPage();
    await page.goto(`${base}${path}`);
    await page.getByLabel('E-mail').fill(`${role}@shop.test`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Back office' }).waitFor();
    return page;
  }

  async function shopperReturn(orderNumber: string, sku: string, quantity: number) {
    const token = await t.shopperToken(orderNumber, `${orderNumber}@example.nl`);
    const order = await t.request({ method: 'GET', url: '/api/v1/shopper/order', bearer: token });
    const line = order.json().lines.find((l: { sku: string }) => l.sku === sku);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: { method: 'qr', lines: [{ orderLineId: line.id, quantity, reasonCode: 'too_small' }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { returnId: string; number: string; status: string };
  }

  /** Codes of the domain in what a person reads on the page: snake_case words and event types. */
  async function rawCodes(page: Page): Promise<string[]> {
    // biome-ignore lint/performance/useDomNodeTextContent: what is rendered is what a person reads (closed details, hidden parts left out)
    const text = await page.locator('main').innerText();
    const found = text.match(/\b[a-z]+(?:_[a-z]+)+\b|\b(?:return|stock|exchange_order|store_credit|repair)\.[a-z_]+\b/g) ?? [];
    return [...new Set(found)];
  }

  /** Return and order numbers (class "number") that the layout broke over two lines or may break. */
  async function wrappedNumbers(page: Page): Promise<string[]> {
    if ((await page.locator('main .number').count()) === 0) return ['no number marked on the page'];
    return page.evaluate(`[...document.querySelectorAll('main .number')]
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => {
        const style = getComputedStyle(el);
        const range = document.createRange();
        range.selectNodeContents(el);
        return style.whiteSpace !== 'nowrap' || range.getBoundingClientRect().height > 1.9 * parseFloat(style.fontSize);
      })
      .map((el) => el.textContent)`);
  }

  async function onHand(sku: string, condition: string): Promise<number> {
    const admin = await t.login('admin');
    const rows = (await t.request({ method: 'GET', url: `/api/v1/stock?sku=${sku}`, staff: admin })).json().items;
    return rows.find((r: { condition: string }) => r.condition === condition)?.onHand ?? 0;
  }

  it('signs in each role and shows only what the role may do; the server refuses the rest', async () => {
    const bad = await newPage();
    await bad.goto(`${base}/admin/`);
    await bad.getByLabel('E-mail').fill('agent@shop.test');
    await bad.getByLabel('Password').fill('not the password');
    await bad.keyboard.press('Enter');
    await bad.getByRole('alert').waitFor();
    expect(await seriousViolations(bad)).toEqual([]);
    await bad.close();

    for (const role of Object.keys(NAV)) {
      const page = await signIn(role);
      const links = await page.getByRole('navigation', { name: 'Back office' }).getByRole('link').allTextContents();
      expect(links, role).toEqual(NAV[role]);
      await page.getByRole('heading', { name: 'Returns', level: 1 }).waitFor();
      expect(await seriousViolations(page), role).toEqual([]);
      if (role === 'warehouse') {
        // A page outside the role is not offered, and its API answers 403 anyway.
        await page.goto(`${base}/admin/customers`);
        await page.getByText('Your role may not open this page.').waitFor();
        const status = await page.evaluate(async () => (await fetch('/api/v1/customers')).status);
        expect(status).toBe(403);
      }
      await page.screenshot({ path: join(SHOTS, `${name}-queue-${role}.png`), fullPage: true });
      await page.close();
    }
  });

  it('runs review → receive → grade → restock end to end', async () => {
    const ret = await shopperReturn('7001', 'BUDS', 1);
    expect(ret.status).toBe('under_review');

    const agent = await signIn('agent');
    await agent.getByRole('button', { name: /Under review \(1\)/ }).click();
    await agent.getByRole('link', { name: ret.number }).click();
    await agent.getByRole('heading', { name: new RegExp(ret.number), level: 1 }).waitFor();
    await agent
      .getByText(/Policy verdict/)
      .first()
      .click();
    await agent
      .getByText(/Sealed for hygiene: check the seal \(review\) — the product/)
      .first()
      .waitFor();
    expect(await seriousViolations(agent)).toEqual([]);
    await agent.screenshot({ path: join(SHOTS, `${name}-detail.png`), fullPage: true });
    await agent.getByLabel('Text', { exact: true }).fill('Seal checked on the photo');
    await agent.getByRole('button', { name: 'Add' }).click();
    await agent.getByText('Seal checked on the photo').waitFor();
    await agent.getByLabel(/Decision for BUDS/).selectOption('approve');
    await agent.getByRole('button', { name: 'Save decisions' }).click();
    await agent.getByText('Approved', { exact: true }).first().waitFor();
    await agent.close();

    const warehouse = await signIn('warehouse', '/admin/receive');
    await warehouse.getByLabel(/Scan or type/).fill(ret.number);
    await warehouse.keyboard.press('Enter');
    await warehouse.getByRole('heading', { name: 'What arrived?' }).waitFor();
    expect(await seriousViolations(warehouse)).toEqual([]);
    await warehouse.getByRole('button', { name: 'Confirm receipt' }).click();
    await warehouse.getByRole('heading', { name: 'Grade and route' }).waitFor();
    expect(await seriousViolations(warehouse)).toEqual([]);
    await warehouse.screenshot({ path: join(SHOTS, `${name}-inspect.png`), fullPage: true });
    await warehouse.getByRole('button', { name: 'A as new' }).click();
    await warehouse.getByLabel(/Original packaging/).check();
    await warehouse.getByRole('button', { name: 'Finish inspection' }).click();
    await warehouse.getByRole('heading', { name: 'Inspected', exact: true }).waitFor();
    await warehouse.getByText(/grade A → Back in stock/).waitFor();
    await warehouse.close();

    expect(await onHand('BUDS', 'new')).toBe(1);
    const admin = await signIn('admin', '/admin/stock');
    await admin.getByRole('cell', { name: `Restocked from a return · ${ret.number}` }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.screenshot({ path: join(SHOTS, `${name}-stock.png`), fullPage: true });
    // Paid by bank transfer: settling starts a transfer for staff to confirm with its reference.
    await admin.goto(`${base}/admin/returns/${ret.returnId}`);
    await admin.getByRole('button', { name: 'Refund / credit now' }).click();
    await admin.getByLabel('Transfer reference').fill('NL-TRANSFER-0042');
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.getByRole('button', { name: 'Confirm bank transfer' }).click();
    await admin.getByText(/Refund · .* · Bank transfer · Paid/).waitFor();
    await admin
      .getByText(/NL-TRANSFER-0042/)
      .first()
      .waitFor();
    await admin.getByRole('heading', { name: new RegExp(`${ret.number}.*Resolved`), level: 1 }).waitFor();
    await admin.screenshot({ path: join(SHOTS, `${name}-settled.png`), fullPage: true });
    await admin.getByRole('link', { name: 'Customers' }).click();
    await admin.getByRole('link', { name: '7001@example.nl' }).click();
    await admin.getByRole('heading', { name: 'Sanne de Vries', level: 1 }).waitFor();
    // The return is listed, and its risk history links to it too.
    await admin.getByRole('link', { name: ret.number }).first().waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.screenshot({ path: join(SHOTS, `${name}-customer.png`), fullPage: true });
    await admin.close();
  });

  it('lets an admin change settings, create an API key shown once, and work on the policy', async () => {
    const page = await signIn('admin', '/admin/settings');
    await page.getByLabel('Shop name').fill('Noord & Zo');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    for (const tab of ['Warehouses and stores', 'Reasons', 'Staff', 'Inspection']) {
      await page.getByRole('link', { name: tab }).click();
      await page.getByRole('link', { name: tab }).and(page.locator('[aria-current="page"]')).waitFor();
      await page.locator('table.grid').first().waitFor();
      expect(await seriousViolations(page), tab).toEqual([]);
    }
    // Switching a reason off hides it from shoppers; switching it on brings it back.
    await page.getByRole('link', { name: 'Reasons' }).click();
    // The box follows the server: it changes once the change is saved.
    await page.getByRole('checkbox', { name: /defective/ }).click();
    await expect
      .poll(async () =>
        (
          await t.request({
            method: 'GET',
            url: '/api/v1/shopper/reasons',
            bearer: await t.shopperToken('7001', '7001@example.nl'),
          })
        )
          .json()
          .map((r: { code: string }) => r.code),
      )
      .not.toContain('defective');
    await expect.poll(() => page.getByRole('checkbox', { name: /defective/ }).isChecked()).toBe(false);
    await page.getByRole('checkbox', { name: /defective/ }).click();
    await expect.poll(() => page.getByRole('checkbox', { name: /defective/ }).isChecked()).toBe(true);
    // A reason's labels and flags are edited in place; its code stays.
    await page.getByRole('button', { name: 'Edit too_small' }).click();
    await page.getByRole('heading', { name: 'Edit reason: too_small' }).waitFor();
    await page.getByLabel('German label').fill('Zu klein');
    await page.getByLabel('French label').fill('Trop petit');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    const reasons = (await t.request({ method: 'GET', url: '/api/v1/reasons', staff: await t.login('admin') })).json();
    expect(reasons.find((r: { code: string }) => r.code === 'too_small').labels).toMatchObject({
      de: 'Zu klein',
      fr: 'Trop petit',
    });
    // So are a warehouse's name, address and opening hours.
    await page.getByRole('link', { name: 'Warehouses and stores' }).click();
    await page.getByRole('button', { name: 'Edit dc' }).click();
    await page.getByLabel('Opening hours').fill('Mon–Fri 8:00–17:00');
    await page.getByLabel('City').fill('Nieuwegein');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('cell', { name: 'Mon–Fri 8:00–17:00' }).waitFor();
    const warehouses = (await t.request({ method: 'GET', url: '/api/v1/warehouses', staff: await t.login('admin') })).json();
    expect(warehouses.find((w: { code: string }) => w.code === 'dc')).toMatchObject({
      isDefault: true,
      openingHours: 'Mon–Fri 8:00–17:00',
      address: { city: 'Nieuwegein' },
    });
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name').fill('Webshop');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('it is shown only once').waitFor();
    const key = await page.locator('#key-title ~ p code').textContent();
    expect(key).toMatch(/^rtr_/);
    expect(await seriousViolations(page)).toEqual([]);
    const admin = await t.login('admin');
    expect((await t.request({ method: 'GET', url: '/api/v1/settings/shop', staff: admin })).json().name).toBe('Noord & Zo');
    expect((await t.request({ method: 'GET', url: '/api/v1/returns', bearer: key ?? '' })).statusCode).toBe(200);

    await page.getByRole('link', { name: 'Policies' }).click();
    await page.getByRole('link', { name: 'v1' }).click();
    await page.getByRole('button', { name: 'New draft from this version' }).click();
    await page.getByRole('button', { name: 'Save draft' }).waitFor();
    const draftId = page.url().split('/').pop() as string;
    await page.getByLabel('Order number').fill('7001');
    await page.getByRole('button', { name: 'Check' }).click();
    const sample = page.getByTestId('sample-verdict');
    await sample.getByText(/Refund:/).waitFor();
    expect(await sample.textContent()).not.toContain('PHOTO_REQUIRED');
    // A rule added in the form changes the sample's verdict as it is made, before anything is saved.
    await page.getByRole('button', { name: 'Add a rule' }).click();
    const rule = page.locator('details.rule-card').last();
    await rule.getByLabel('Name', { exact: true }).fill('Photos for everything');
    await rule.getByLabel('Photo required').selectOption('yes');
    await sample.getByText('unsaved draft').waitFor();
    await sample
      .getByText(/PHOTO_REQUIRED/)
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}-policy-editor.png`), fullPage: true });
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Saved.').waitFor();
    const stored = (await t.request({ method: 'GET', url: `/api/v1/policy-versions/${draftId}`, staff: admin })).json();
    expect(stored.document.rules.at(-1)).toMatchObject({ name: 'Photos for everything', effects: { photoRequired: true } });
    // The JSON view shows the same document.
    await page.getByRole('button', { name: 'JSON' }).click();
    expect(await page.getByLabel('Policy document (JSON)').inputValue()).toContain('Photos for everything');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('columnheader', { name: 'This version' }).waitFor();
    // The comparison fits its column in either language (Dutch measures are the longest): nothing
    // scrolls sideways, in the table or the page.
    const overflow = () =>
      page.evaluate(`(() => {
        const wrap = document.querySelector('table.compare').closest('.table-wrap');
        const root = document.documentElement;
        return [wrap.scrollWidth - wrap.clientWidth, root.scrollWidth - root.clientWidth];
      })()`);
    expect(await overflow()).toEqual([0, 0]);
    await page.getByText(/Order lines are judged on the day they really came back/).waitFor();
    await page.getByLabel('Language').selectOption('nl');
    await page.getByRole('columnheader', { name: 'Deze versie' }).waitFor();
    expect(await overflow()).toEqual([0, 0]);
    await page.getByLabel('Taal').selectOption('en');
    await page.getByRole('columnheader', { name: 'This version' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}-policy.png`), fullPage: true });
    // Publishing asks first, then puts the draft in force; the first version comes back after.
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('button', { name: 'Yes, publish' }).click();
    await page.getByRole('button', { name: 'Save draft' }).waitFor({ state: 'detached' });
    expect((await t.request({ method: 'GET', url: '/api/v1/policy-versions', staff: admin })).json().activeVersionId).toBe(
      draftId,
    );
    const rollback = await t.request({
      method: 'POST',
      url: '/api/v1/policy-versions/pol_standard/publish',
      staff: admin,
      payload: { activate: true },
    });
    expect(rollback.statusCode, rollback.body).toBe(200);
    // The draft, now published but not in force, runs as an experiment for half the customers.
    await page.getByRole('link', { name: '← All versions' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Photos for all');
    await page.getByLabel('Variant version (published)').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Start an experiment' }).click();
    await page.getByText('No returns in this experiment yet.').waitFor();
    const experiments = (await t.request({ method: 'GET', url: '/api/v1/policy-experiments', staff: admin })).json();
    expect(experiments.items[0]).toMatchObject({ name: 'Photos for all', status: 'running', variantVersionId: draftId });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('heading', { name: 'Earlier experiments' }).waitFor();
    await page.close();
  });

  it('works the queue: live updates, saved views, bulk decisions, hold and cancel', async () => {
    const admin = await t.login('admin');
    const page = await signIn('agent');
    await page.locator('[data-live="live"]').waitFor();
    // A return requested while the queue is open appears without a reload.
    const live = await shopperReturn('7003', 'BUDS', 1);
    await page.getByRole('link', { name: live.number }).waitFor();

    // Under review, saved as a shared view, cleared, and opened again from the list of views.
    await page.getByRole('button', { name: /Under review \(\d+\)/ }).click();
    await page.getByRole('button', { name: 'Save current filters' }).click();
    await page.getByLabel('Name of the view').fill('To review');
    await page.getByLabel('Share with colleagues').check();
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByRole('button', { name: 'Delete view' }).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.url()).not.toContain('status=');
    await page.getByLabel('Open a saved view').selectOption({ label: 'To review (shared)' });
    await expect.poll(() => page.url()).toContain('status=under_review');
    const views = (await t.request({ method: 'GET', url: '/api/v1/saved-views', staff: admin })).json();
    expect(views.items ?? views).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'To review', shared: true, filters: { status: 'under_review' } })]),
    );

    // Two returns approved in one go, with one reason.
    const first = await shopperReturn('7004', 'BUDS', 1);
    const second = await shopperReturn('7005', 'BUDS', 1);
    await page.getByRole('link', { name: second.number }).waitFor();
    await page.getByLabel(`Select ${first.number}`).check();
    await page.getByLabel(`Select ${second.number}`).check();
    await page.getByText('2 selected').waitFor();
    await page.getByLabel('Reason (required to reject)').fill('Seals intact on the photos');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}-bulk.png`), fullPage: true });
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByText(/2 decided/).waitFor();
    for (const r of [first, second]) {
      const detail = (await t.request({ method: 'GET', url: `/api/v1/returns/${r.returnId}`, staff: admin })).json();
      expect(detail.status, r.number).toBe('approved');
    }

    // On the detail page a colleague's hold shows up by itself; the agent releases it and cancels.
    await page.getByRole('link', { name: live.number }).click();
    await page.getByRole('heading', { name: new RegExp(live.number), level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Put on hold' }).waitFor();
    const held = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${live.returnId}/hold`,
      staff: admin,
      payload: { reason: 'Address looks odd' },
    });
    expect(held.statusCode, held.body).toBe(200);
    await page.getByRole('button', { name: 'Release hold' }).click();
    await page.getByRole('button', { name: 'Put on hold' }).click();
    await page.getByLabel('Why is it on hold?').fill('Waiting for the shopper');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('button', { name: 'Release hold' }).waitFor();
    await page.getByRole('button', { name: 'Cancel return' }).click();
    await page.getByLabel('Why is it cancelled?').fill('Shopper keeps it after all');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('button', { name: 'Cancel return' }).waitFor({ state: 'detached' });
    const detail = (await t.request({ method: 'GET', url: `/api/v1/returns/${live.returnId}`, staff: admin })).json();
    expect(detail.status).toBe('cancelled');
    const steps = detail.timeline.map((e: { type: string; actor: { name: string | null } }) => [e.type, e.actor.name]);
    expect(steps).toEqual(
      expect.arrayContaining([
        ['return.held', 'admin'],
        ['return.released', 'agent'],
        ['return.held', 'agent'],
      ]),
    );
    await page
      .getByText(/by agent/)
      .first()
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('receives and grades a whole return with the keyboard alone', async () => {
    const ret = await shopperReturn('7002', 'TEE-M', 2);
    expect(ret.status).toBe('approved');
    const before = await onHand('TEE-M', 'open_box');
    const page = await signIn('warehouse', '/admin/receive');
    // The station loads the inspection setup once, when it opens: receiving and grading leave it as it is.
    const setupLoads: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'GET' && new URL(r.url()).pathname.endsWith('/inspection')) setupLoads.push(r.url());
    });
    const keys = page.keyboard;
    // The scan field has the focus: a scanner types the label's barcode and Enter.
    await page.getByLabel(/Scan or type/).waitFor();
    await keys.type(ret.number.toLowerCase().replace('-', ''));
    await keys.press('Enter');
    await page.getByRole('heading', { name: 'What arrived?' }).waitFor();
    // All expected units are pre-filled; Enter confirms the count.
    await expect.poll(() => focused(page, 'type')).toBe('number');
    await keys.press('Enter');
    await page.getByRole('heading', { name: 'Grade and route' }).waitFor();
    await expect.poll(() => focused(page, 'tagName')).toBe('ARTICLE');
    await keys.press('b');
    await keys.press('1');
    await keys.press('3');
    expect(await page.getByRole('button', { name: 'B like new / open box' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel(/Tags attached/).isChecked()).toBe(true);
    await keys.press('Enter');
    await page.getByRole('heading', { name: 'Inspected', exact: true }).waitFor();
    await page.getByText(/grade B → Back in stock/).waitFor();
    // Enter again: back to the scan field for the next parcel.
    await keys.press('Enter');
    await page.getByLabel(/Scan or type/).waitFor();
    await expect.poll(() => focused(page, 'tagName')).toBe('INPUT');
    expect(await onHand('TEE-M', 'open_box')).toBe(before + 2);
    expect(setupLoads).toEqual([`${base}/api/v1/returns/${ret.returnId}/inspection`]);

    const admin = await t.login('admin');
    const detail = (await t.request({ method: 'GET', url: `/api/v1/returns/${ret.returnId}`, staff: admin })).json();
    expect(detail.lines[0]).toMatchObject({
      grade: 'B',
      disposition: 'restock',
      checklist: { tags_attached: true, original_packaging: true },
    });
    await page.close();
  });

  it('speaks the staff language: labels instead of codes, money and dates per language, numbers on one line', async () => {
    const admin = await t.login('admin');
    const warehouseApi = await t.login('warehouse');
    const made = await t.request({
      method: 'POST',
      url: '/api/v1/reasons',
      staff: admin,
      payload: { code: 'not_as_described', labels: { en: 'Not as described', nl: 'Niet zoals beschreven' }, controllable: true },
    });
    expect(made.statusCode, made.body).toBe(201);
    const token = await t.shopperToken('7008', '7008@example.nl');
    const order = (await t.request({ method: 'GET', url: '/api/v1/shopper/order', bearer: token })).json();
    const lineOf = (sku: string) => order.lines.find((l: { sku: string }) => l.sku === sku).id;
    const asked = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: ['TEE-M', 'BUDS'].map((sku) => ({ orderLineId: lineOf(sku), quantity: 1, reasonCode: 'not_as_described' })),
      },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const ret = asked.json() as { returnId: string; number: string };
    const detail = async () =>
      (await t.request({ method: 'GET', url: `/api/v1/returns/${ret.returnId}`, staff: admin })).json() as {
        lines: { id: string; sku: string; acceptance: string }[];
      };
    const sealed = (await detail()).lines.find((l) => l.sku === 'BUDS');
    expect(sealed?.acceptance).toBe('manual_review');

    // Waiting for a person: the reason as the shop named it, the decision in words.
    const page = await signIn('agent', `/admin/returns/${ret.returnId}`);
    await page.getByRole('heading', { name: new RegExp(ret.number), level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'Needs review' }).first().waitFor();
    await page.getByText('Not as described').first().waitFor();
    expect(await rawCodes(page)).toEqual([]);
    expect(await wrappedNumbers(page)).toEqual([]);

    // Approved, received, one item sent back to the supplier, one back in stock, the refund under way.
    const approved = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${ret.returnId}/approve`,
      staff: admin,
      payload: {
        lines: (await detail()).lines
          .filter((l) => l.acceptance === 'pending' || l.acceptance === 'manual_review')
          .map((l) => ({ returnLineId: l.id })),
      },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const lines = (await detail()).lines;
    const received = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${ret.returnId}/receive`,
      staff: warehouseApi,
      payload: { lines: lines.map((l) => ({ returnLineId: l.id, quantity: 1 })) },
    });
    expect(received.statusCode, received.body).toBe(200);
    const inspected = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${ret.returnId}/inspect`,
      staff: warehouseApi,
      payload: {
        lines: lines.map((l) =>
          l.sku === 'BUDS'
            ? { returnLineId: l.id, grade: 'A' }
            : { returnLineId: l.id, grade: 'C', disposition: 'return_to_vendor' },
        ),
      },
    });
    expect(inspected.statusCode, inspected.body).toBe(200);
    const settled = await t.request({ method: 'POST', url: `/api/v1/returns/${ret.returnId}/settle`, staff: admin, payload: {} });
    expect(settled.statusCode, settled.body).toBe(200);

    await page.reload();
    await page.getByRole('heading', { name: new RegExp(ret.number), level: 1 }).waitFor();
    await page.getByText(/grade C → Return to supplier/).waitFor();
    await page.getByText(/grade A → Back in stock/).waitFor();
    await page.getByText(/Refund · .* · Bank transfer · Pending/).waitFor();
    await page.getByText('Stock moved').first().waitFor();
    await page.getByText('Items inspected').first().waitFor();
    expect(await rawCodes(page)).toEqual([]);
    expect(await wrappedNumbers(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}-labels-return.png`), fullPage: true });

    // The same in Dutch, with Dutch money.
    await page.getByLabel('Language').selectOption('nl');
    await page.getByText(/klasse C → Terug naar leverancier/).waitFor();
    await page.getByText('Niet zoals beschreven').first().waitFor();
    // Dutch money: the euro sign, a (non-breaking) space and a decimal comma.
    await page.getByText(/Terugbetaling · €\s\d+,\d\d · Bankoverschrijving · Bezig/).waitFor();
    await page.getByText('Voorraad geboekt').first().waitFor();
    expect(await rawCodes(page)).toEqual([]);
    await page.getByLabel('Taal').selectOption('en');

    // The queue and the stock: words, and numbers on one line.
    await page.getByRole('link', { name: 'Returns', exact: true }).click();
    await page.getByRole('link', { name: ret.number }).waitFor();
    expect(await rawCodes(page)).toEqual([]);
    expect(await wrappedNumbers(page)).toEqual([]);
    await page.getByRole('link', { name: 'Stock', exact: true }).click();
    await page.getByLabel('SKU or item').fill('earb');
    await page.getByRole('button', { name: 'Show' }).click();
    // The screen keeps the unfiltered tables until the filtered ones arrive: wait for the other SKUs to go.
    const levels = page.locator('table.grid').first();
    await levels.locator('tbody tr').filter({ hasNotText: 'BUDS' }).first().waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: `Restocked from a return · ${ret.number}` }).waitFor();
    const skus = await levels.locator('tbody tr td:first-child').allTextContents();
    expect(new Set(skus)).toEqual(new Set(['BUDS']));
    expect(await rawCodes(page)).toEqual([]);
    expect(await wrappedNumbers(page)).toEqual([]);
    await page.close();
  });

  it('ships an exchange from its list, gives store credit on the customer page, and shows the money for the bookkeeping', async () => {
    // An exchange of the tee for the next size, back and inspected: ready to ship.
    const agentApi = await t.login('agent');
    const warehouseApi = await t.login('warehouse');
    const order = await t.ctx.db
      .selectFrom('orders')
      .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
      .select(['orders.id', 'orders.customer_id', 'order_lines.id as line_id'])
      .where('orders.order_number', '=', '7006')
      .where('order_lines.sku', '=', 'TEE-M')
      .executeTakeFirstOrThrow();
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/returns',
      staff: agentApi,
      payload: {
        orderId: order.id,
        method: 'qr',
        lines: [
          {
            orderLineId: order.line_id,
            quantity: 1,
            reasonCode: 'too_small',
            resolution: 'exchange',
            exchangeVariantId: 'var_tee_l',
          },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const ret = created.json();
    const line = ret.lines[0].id;
    for (const [url, payload] of [
      [`/api/v1/returns/${ret.returnId}/receive`, { lines: [{ returnLineId: line, quantity: 1 }] }],
      [`/api/v1/returns/${ret.returnId}/inspect`, { lines: [{ returnLineId: line, grade: 'A', disposition: 'restock' }] }],
    ] as const) {
      const res = await t.request({ method: 'POST', url, staff: warehouseApi, payload });
      expect(res.statusCode, res.body).toBe(200);
    }

    const warehouse = await signIn('warehouse', '/admin/exchanges');
    await warehouse.getByRole('heading', { name: 'Exchanges', level: 1 }).waitFor();
    const card = warehouse.getByRole('article', { name: `${ret.number}-X1` });
    await card.getByText('1 × Organic tee L (TEE-L)').waitFor();
    expect(await seriousViolations(warehouse)).toEqual([]);
    await card.getByLabel('Tracking number').fill('3SEXCH7006');
    await card.getByRole('button', { name: 'Mark shipped' }).click();
    await warehouse.getByText('Nothing here.').waitFor();
    await warehouse.getByRole('link', { name: 'Shipped' }).click();
    await warehouse.getByText(/3SEXCH7006/).waitFor();
    await warehouse.screenshot({ path: join(SHOTS, `${name}-exchanges.png`), fullPage: true });
    await warehouse.close();

    const admin = await signIn('admin', `/admin/returns/${ret.returnId}`);
    await admin.getByRole('heading', { name: new RegExp(`${ret.number}.*Resolved`), level: 1 }).waitFor();
    await admin.getByRole('heading', { name: 'Exchange' }).waitFor();
    await admin.goto(`${base}/admin/customers/${order.customer_id}`);
    await admin.getByRole('heading', { name: 'Store credit' }).waitFor();
    await admin.getByText('No store credit.').waitFor();
    await admin.getByLabel(/^Amount/).fill('7.50');
    await admin.getByLabel('Reason').fill('Sorry for the wait');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText(/^RC-/).waitFor();
    await admin.getByRole('cell', { name: 'Sorry for the wait' }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.screenshot({ path: join(SHOTS, `${name}-store-credit.png`), fullPage: true });

    await admin.getByRole('link', { name: 'Finance' }).click();
    await admin.getByRole('heading', { name: 'Refunds and credits journal' }).waitFor();
    await admin.getByRole('cell', { name: 'Store credit: issued' }).waitFor();
    await admin.getByText('This provider is not set up: only Retour’s side is shown.').waitFor();
    expect(await rawCodes(admin)).toEqual([]);
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.screenshot({ path: join(SHOTS, `${name}-finance.png`), fullPage: true });

    await admin.goto(`${base}/admin/settings/payments`);
    await admin.getByRole('form', { name: 'Mollie' }).getByText('Not set up').waitFor();
    await admin.getByRole('heading', { name: 'Ledger accounts for the finance journal' }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.screenshot({ path: join(SHOTS, `${name}-payments.png`), fullPage: true });
    await admin.close();
  });

  it('shows what the shopper was told by e-mail, on the return and in the mailbox, and previews every e-mail', async () => {
    const ret = await shopperReturn('7007', 'TEE-M', 1);
    const review = await shopperReturn('7007', 'BUDS', 1);
    expect(review.status).toBe('under_review');
    // No SMTP server here: the workers keep the e-mail in the local mailbox.
    const workers = await startWorkers(t.ctx, t.handle, { pollMs: 50 });
    try {
      await until(
        async () => {
          const row = await t.ctx.db
            .selectFrom('emails')
            .select('status')
            .where('return_id', '=', ret.returnId)
            .executeTakeFirst();
          const told = await t.ctx.db
            .selectFrom('staff_notifications')
            .select('id')
            .where('return_id', '=', review.returnId)
            .executeTakeFirst();
          return row?.status === 'stored' && told;
        },
        { what: 'the approval e-mail in the mailbox and the review notification' },
      );
    } finally {
      await workers.stop();
    }
    const agent = await signIn('agent', `/admin/returns/${ret.returnId}`);
    await agent.getByRole('heading', { name: 'E-mails to the shopper' }).waitFor();
    await agent.getByRole('link', { name: `Je retour ${ret.number} is goedgekeurd` }).click();
    await agent.getByRole('heading', { name: `Je retour ${ret.number} is goedgekeurd`, level: 1 }).waitFor();
    await agent.getByText('In the mailbox').waitFor();
    await agent.getByText(`return-label-${ret.number}.pdf`).waitFor();
    const frame = agent.frameLocator('iframe.email-frame');
    await frame.getByRole('heading', { name: 'Je retour is goedgekeurd' }).waitFor();
    await agent.getByRole('tab', { name: 'Plain text' }).click();
    await agent.getByText(/Stuur de artikelen uiterlijk/).waitFor();
    expect(await seriousViolations(agent)).toEqual([]);
    await agent.screenshot({ path: join(SHOTS, `${name}-email.png`), fullPage: true });

    await agent.getByRole('link', { name: 'E-mail', exact: true }).click();
    await agent.getByRole('heading', { name: 'E-mail', level: 1 }).waitFor();
    await agent.getByRole('cell', { name: '7007@example.nl' }).first().waitFor();
    await agent.getByText('Without an SMTP server').waitFor();
    expect(await seriousViolations(agent)).toEqual([]);
    await agent.getByRole('link', { name: 'Failed' }).click();
    await agent.getByText('No failed e-mails.').waitFor();
    await agent.getByRole('link', { name: 'Previews' }).click();
    await agent.getByLabel('E-mail to preview').selectOption('credited');
    await agent.getByLabel('Shopper language').selectOption('de');
    await agent.getByRole('heading', { name: /Guthaben für Retoure R-10042/ }).waitFor();
    await agent
      .frameLocator('iframe.email-frame')
      .getByText(/Dein Guthabencode/)
      .waitFor();
    expect(await seriousViolations(agent)).toEqual([]);
    await agent.screenshot({ path: join(SHOTS, `${name}-email-previews.png`), fullPage: true });

    // The return waiting for review is news for the agent, until the notifications are opened.
    await agent.getByRole('link', { name: /^Notifications \d+ new$/ }).click();
    await agent.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    await agent.getByRole('link', { name: `Return ${review.number} waits for a review` }).waitFor();
    await agent.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
    expect(await seriousViolations(agent)).toEqual([]);
    await agent.screenshot({ path: join(SHOTS, `${name}-notifications.png`), fullPage: true });
    await agent.getByLabel('Also send me these by e-mail').check();
    await expect
      .poll(
        async () =>
          (
            await t.ctx.db
              .selectFrom('staff_users')
              .select('notify_by_email')
              .where('email', '=', 'agent@shop.test')
              .executeTakeFirstOrThrow()
          ).notify_by_email,
      )
      .toBe(true);
    await agent.getByRole('link', { name: `Return ${review.number} waits for a review` }).click();
    await agent.getByRole('heading', { name: new RegExp(review.number), level: 1 }).waitFor();
    await agent.close();

    const admin = await signIn('admin', '/admin/settings/webhooks');
    await admin.getByRole('heading', { name: 'Webhook endpoints' }).waitFor();
    await admin.getByText('No dead letters').waitFor();
    const form = admin.getByRole('form', { name: 'Add an endpoint' });
    await form.getByLabel('URL').fill('https://erp.example/retour');
    await form.getByLabel('Event types').fill('return.approved, exchange_order.*');
    await form.getByRole('button', { name: 'Add' }).click();
    await admin.getByText(/^whsec_/).waitFor();
    await admin.getByRole('cell', { name: 'return.approved, exchange_order.*' }).waitFor();
    await admin.getByRole('button', { name: 'Switch off' }).click();
    await admin.getByRole('button', { name: 'Switch on' }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.screenshot({ path: join(SHOTS, `${name}-webhooks.png`), fullPage: true });

    await admin.getByRole('link', { name: 'Automation' }).click();
    await admin.getByRole('cell', { name: 'Refund trusted shoppers at the first carrier scan' }).waitFor();
    const rule = admin.getByRole('form', { name: 'Add a rule' });
    await rule.getByLabel('Name', { exact: true }).fill(`Sizing ${name}`);
    await rule.getByLabel('When').selectOption('return.requested');
    await rule.getByLabel('Reason codes (comma-separated)').fill('too_small, too_big');
    await rule.getByLabel('Value at least (€)').fill('20');
    await rule.getByLabel('Tag name').fill('sizing');
    await rule.getByRole('button', { name: 'Save' }).click();
    const row = admin.getByRole('row', { name: new RegExp(`Sizing ${name}`) });
    // The conditions in words: the shop's name of a reason (an unknown code still as words), money as money.
    await row.getByRole('cell', { name: 'Too small / Too big, ≥ €20.00' }).waitFor();
    await row.getByRole('cell', { name: 'Tag “sizing”' }).waitFor();
    await row.getByRole('button', { name: 'Off' }).click();
    await row.getByRole('button', { name: 'On' }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.screenshot({ path: join(SHOTS, `${name}-automation.png`), fullPage: true });
    const saved = await t.ctx.db
      .selectFrom('automation_rules')
      .selectAll()
      .where('name', '=', `Sizing ${name}`)
      .executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ enabled: false, conditions: { reasons: ['too_small', 'too_big'], minValue: 2000 } });
    await admin.close();
  });
});
