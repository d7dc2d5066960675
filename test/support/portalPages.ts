import type { Page } from 'playwright-core';

/** Opens the portal (in the page's locale, English here) and finds an order as its shopper does,
 * with the fixtures' e-mail address; done when the order's lines are shown. */
export async function findOrderInPortal(page: Page, base: string, number: string): Promise<void> {
  await page.goto(`${base}/returns/`);
  await page.getByLabel('Order number').fill(number);
  await page.getByLabel('E-mail address or postcode').fill(`${number}@example.nl`);
  await page.getByRole('button', { name: 'Find my order' }).click();
  await page.getByRole('heading', { name: 'What would you like to return?' }).waitFor();
}
