import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordStockMovement } from '../src/app/catalog/recordStockMovement.js';
import { cliActor } from '../src/app/kernel/context.js';
import { inspectLines } from '../src/app/returns/inspection/inspectLines.js';
import { POSTGRES_ANSWERS, postgresOnly } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';
import { until } from './support/until.js';

const meta = { actor: cliActor };

/** Grading restocks at the dock: restocks of one variant do not wait for each other, and a writer
 * that takes units out still waits for a restock under way and counts its units. */
describe.skipIf(!POSTGRES_ANSWERS)(postgresOnly('restocks and the locks of the stock ledger'), () => {
  let t: TestApp;
  let dock: StaffClient;
  let held: pg.Client;
  const received: { returnId: string; lineId: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp('postgres');
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['warehouse']);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const orders = await seedOrders(t.ctx, [orderFixture('7101', delivered)]);
    dock = await t.login('warehouse');
    for (const [i, order] of orders.entries()) {
      const token = await t.shopperToken(`710${i + 1}`, `710${i + 1}@example.nl`);
      const requested = await t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer: token,
        payload: { method: 'qr', lines: [{ orderLineId: order.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }] },
      });
      expect(requested.statusCode, requested.body).toBe(201);
      const { returnId, lines } = requested.json() as { returnId: string; lines: { id: string }[] };
      const lineId = lines[0]?.id as string;
      const receive = await t.request({
        method: 'POST',
        url: `/api/v1/returns/${returnId}/receive`,
        staff: dock,
        payload: { lines: [{ returnLineId: lineId, quantity: 1 }] },
      });
      expect(receive.statusCode, receive.body).toBe(200);
      received.push({ returnId, lineId });
    }
    held = new pg.Client({ connectionString: t.handle.url as string, application_name: 'held-restock' });
    await held.connect();
  });
  afterAll(async () => {
    await held?.end().catch(() => undefined);
    await t?.close();
  });

  const onHand = async () => {
    const { rows } = await held.query<{ q: string }>(
      `select coalesce(sum(quantity), 0) as q from stock_movements where variant_id = 'var_tee_m' and warehouse_id = 'wh_dc' and condition = 'new'`,
    );
    return Number(rows[0]?.q);
  };

  it('grades into stock while another restock of the variant is under way, and a take-out waits for that restock and counts it', async () => {
    // A restock of the tee under way in another transaction, not committed yet.
    await held.query('begin');
    await held.query(
      `insert into stock_movements (id, variant_id, warehouse_id, condition, quantity, kind, created_at)
       values ('stm_held_restock', 'var_tee_m', 'wh_dc', 'new', 1, 'receipt', now())`,
    );
    // Grading a parcel of the same variant goes through meanwhile.
    const first = received[0] as { returnId: string; lineId: string };
    const graded = await inspectLines(t.ctx, meta, {
      returnId: first.returnId,
      lines: [{ returnLineId: first.lineId, grade: 'A', disposition: 'restock' }],
    });
    expect(graded.status).toBe('inspected');
    expect(await onHand()).toBe(2); // the held transaction sees its own unit and the graded one

    // Taking out two units needs the held one: the take-out waits for it rather than refusing.
    const takeOut = recordStockMovement(t.ctx, meta, {
      variantId: 'var_tee_m',
      warehouseId: 'wh_dc',
      condition: 'new',
      quantity: -2,
      kind: 'shipment',
    });
    const settled = takeOut.then(
      () => 'done',
      () => 'failed',
    );
    await until(
      async () => {
        const { rows } = await held.query<{ waiting: number }>(
          `select count(*)::int as waiting from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
        );
        return (rows[0]?.waiting ?? 0) > 0;
      },
      { what: 'the take-out to wait for the restock under way' },
    );
    await held.query('commit');
    await settled;
    await expect(takeOut).resolves.toMatchObject({ onHand: 0 });
  });
});
