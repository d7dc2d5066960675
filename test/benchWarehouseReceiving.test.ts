import { describe, expect, it } from 'vitest';
import { measureWarehouseReceiving } from '../bench/warehouseReceiving.js';
import { createTestDb, POSTGRES_ANSWERS, postgresOnly } from './support/databases.js';

describe.skipIf(!POSTGRES_ANSWERS)(postgresOnly('the receiving bench'), () => {
  it('takes every parcel through the station: received, graded, restocked once, with the events of each step', async () => {
    const db = await createTestDb('postgres');
    try {
      const r = await measureWarehouseReceiving(
        db.url as string,
        { lines: 12, warmup: 4, concurrency: 4, seconds: 600, idleSeconds: 0, countedLines: 10 },
        () => {},
      );
      expect(r.failures, r.firstFailure ?? '').toBe(0);
      expect(r.ops).toBe(12);
      // 4 + 12 parcels through the server, 5 + 10 more to count the statements of the request path.
      const all = 31;
      const returns = await db.db.selectFrom('returns').select('status').execute();
      expect(returns.map((x) => x.status)).toEqual(Array(all).fill('inspected'));
      const moves = await db.db.selectFrom('stock_movements').select(['kind', 'quantity', 'condition']).execute();
      expect(moves).toEqual(Array(all).fill({ kind: 'return_restock', quantity: 1, condition: 'new' }));
      const events = await db.db
        .selectFrom('events')
        .select(['type', (eb) => eb.fn.countAll<string>().as('n')])
        .where('type', 'in', [
          'return.lines_received',
          'return.received',
          'return.policy_rechecked',
          'return.lines_inspected',
          'return.inspected',
          'stock.moved',
        ])
        .groupBy('type')
        .execute();
      expect(Object.fromEntries(events.map((e) => [e.type, Number(e.n)]))).toEqual({
        'return.lines_received': all,
        'return.received': all,
        'return.policy_rechecked': all,
        'return.lines_inspected': all,
        'return.inspected': all,
        'stock.moved': all,
      });
      // The station's 7 calls cost one statement each at least; a read per call more (a staff
      // session read on every request, say) would take the count past the bound.
      expect(r.statementsPerLine).toBeGreaterThan(7);
      expect(r.statementsPerLine).toBeLessThan(40);
    } finally {
      await db.close();
    }
  }, 240_000);
});
