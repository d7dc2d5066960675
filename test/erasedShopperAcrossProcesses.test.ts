import { describe, expect, it } from 'vitest';
import { POSTGRES_ANSWERS, postgresOnly } from './support/databases.js';
import { orderOf, SHOPPER } from './support/erasureWorld.js';
import { seedCatalogue, seedStaff } from './support/fixtures.js';
import { secondProcess } from './support/secondProcess.js';
import { createTestApp } from './support/testApp.js';
import { until } from './support/until.js';

// A server process keeps the erased customers' ids for a few seconds; an erasure made in another
// process must close the shopper's tokens there as soon as the word arrives, not at the copy's end.
describe.skipIf(!POSTGRES_ANSWERS)(postgresOnly('an erased shopper across server processes'), () => {
  it("refuses the shopper's token in the other process once it hears of the erasure", async () => {
    const t = await createTestApp('postgres');
    const { ctx: ctx2, app: app2, stop } = await secondProcess(t);
    try {
      await seedCatalogue(t.ctx);
      await seedStaff(t.ctx, ['admin']);
      const admin = await t.login('admin');
      const order = await orderOf(t, SHOPPER);
      const token = await t.shopperToken(order.number, SHOPPER.email);
      const readOrder = () =>
        app2.inject({ method: 'GET', url: '/api/v1/shopper/order', headers: { authorization: `Bearer ${token}` } });
      // The other process now keeps the erased ids, without this shopper's.
      expect((await readOrder()).statusCode).toBe(200);
      const kept = ctx2.caches.erasedCustomers;
      let dropped = 0;
      const dropCopy = kept.dropCopy.bind(kept);
      kept.dropCopy = () => {
        dropped++;
        dropCopy();
      };

      const erased = await t.request({
        method: 'POST',
        url: `/api/v1/customers/${order.customerId}/erasure`,
        staff: admin,
        payload: { confirmEmail: SHOPPER.email },
      });
      expect(erased.statusCode, erased.body).toBe(200);
      // The copy goes when the word arrives (its lifetime alone would not call dropCopy).
      await until(() => dropped > 0, { what: 'the other process to drop its erased ids' });
      const refused = await readOrder();
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ code: 'CUSTOMER_ERASED' });
    } finally {
      await stop();
      await t.close();
    }
  });
});
