import pg from 'pg';
import { newId } from '../src/app/kernel/ids.js';
import { loadConfig } from '../src/config/env.js';
import { openDb } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createAppContext } from '../src/runtime/appContext.js';
import { processCpuMs } from './cpu.js';
import { prepareOrders } from './fixtures.js';

/** Orders the transactions cycle over (a return per order is not a rule the database enforces). */
const ORDERS = 200;

export interface LimitLevel {
  clients: number;
  transactions: number;
  seconds: number;
  perSecond: number;
  /** CPU the PostgreSQL backends used per transaction, in ms. */
  dbCpuMsPerOp: number;
}

interface OrderRow {
  id: string;
  customerId: string;
  lineIds: string[];
}

const RETURN_SQL = `insert into returns (id, number, order_id, customer_id, status, policy_version, policy_arm, experiment_id,
  withdrawal_declared_at, hold_reasons, source, method, pickup_slot_start, pickup_slot_end, store_id, service_point, parcel_count,
  currency, value_amount, return_shipping_fee, risk_score, risk_signals, ship_by, created_at, updated_at)
  values ($1, 'R-' || nextval('return_number_seq'), $2, $3, 'approved', null, null, null, null, '[]', 'portal', 'qr', null, null,
  null, null, 1, 'EUR', 5000, 0, 0, $4, $5, $6, $6) returning number`;
const LINES_SQL = `insert into return_lines (id, return_id, order_line_id, quantity, reason_id, comment, requested_resolution,
  granted_resolution, acceptance, reception, eligibility, verdict, exchange_variant_id, exchange_unit_price)
  values ($1, $3, $4, 1, $6, null, 'refund', 'refund', 'approved', 'expected', '[]', $7, null, null),
         ($2, $3, $5, 1, $6, null, 'refund', 'refund', 'approved', 'expected', '[]', $8, null, null)`;
const EVENTS_SQL = `insert into events (id, type, subject_type, subject_id, return_id, actor_type, actor_id, reason, data, occurred_at)
  values ($1, 'return.requested', 'return', $3, $3, 'shopper', $4, null, $5, $7),
         ($2, 'return.approved', 'return', $3, $3, 'shopper', $4, null, $6, $7)`;
const OUTBOX_SQL = 'insert into outbox (event_id, topic, payload, created_at) values ($1, $2, $3, $4)';

/** A line's verdict as the policy writes it: about the size of the real one. */
const lineVerdict = (orderLineId: string) =>
  JSON.stringify({
    orderLineId,
    eligible: true,
    flow: 'return',
    codes: [],
    quantity: 1,
    returnableQuantity: 1,
    deadline: new Date(Date.now() + 27 * 86_400_000).toISOString(),
    statutoryDeadline: new Date(Date.now() + 11 * 86_400_000).toISOString(),
    withinStatutoryPeriod: true,
    resolutions: ['refund', 'exchange', 'store_credit'],
    methods: ['qr', 'label', 'drop_off'],
    value: 2500,
    restockingFee: 0,
    bonus: null,
    keepItem: false,
    photoRequired: false,
    matchedRules: ['window-30', 'condition-unworn'],
    reasons: [{ code: 'WITHIN_WINDOW', severity: 'info', message: 'Within the 30-day return window' }],
  });

/** One return request's writes, as Retour commits them: the return, its two lines, two events and
 * the outbox message, in one transaction of prepared statements. */
async function commitReturn(client: pg.PoolClient, order: OrderRow, reasonId: string): Promise<void> {
  const now = new Date();
  const returnId = newId('ret');
  const lineIds = [newId('rl'), newId('rl')];
  const eventIds = [newId('evt'), newId('evt')];
  const [first = '', second = ''] = order.lineIds;
  await client.query('begin');
  try {
    const created = await client.query({
      name: 'limit_return',
      text: RETURN_SQL,
      values: [returnId, order.id, order.customerId, '[]', new Date(now.getTime() + 14 * 86_400_000), now],
    });
    const number = created.rows[0]?.number as string;
    await client.query({
      name: 'limit_lines',
      text: LINES_SQL,
      values: [lineIds[0], lineIds[1], returnId, first, second, reasonId, lineVerdict(first), lineVerdict(second)],
    });
    const requested = {
      number,
      orderId: order.id,
      source: 'portal',
      method: 'qr',
      lines: order.lineIds.map((id, i) => ({ orderLineId: id, quantity: 1, reasonCode: 'too_small', returnLineId: lineIds[i] })),
      totals: { value: 5000, returnShippingFee: 0, restockingFees: 0, refund: 5000 },
      risk: { score: 0, signals: [] },
    };
    const approved = { number, lines: lineIds.map((id) => ({ returnLineId: id, resolution: 'refund' })) };
    await client.query({
      name: 'limit_events',
      text: EVENTS_SQL,
      values: [eventIds[0], eventIds[1], returnId, order.customerId, JSON.stringify(requested), JSON.stringify(approved), now],
    });
    const payload = { id: eventIds[0], type: 'return.requested', subject: { type: 'return', id: returnId }, data: requested };
    await client.query({
      name: 'limit_outbox',
      text: OUTBOX_SQL,
      values: [eventIds[0], 'return.requested', JSON.stringify(payload), now],
    });
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}

/**
 * What PostgreSQL itself can do on this machine: the transaction shape of a return request (1
 * return, 2 lines, 2 events, 1 outbox row) committed straight from Node through a `pg.Pool`, each
 * client committing one return after another, for `seconds` at each number of clients. Retour's
 * own figures divided by these say how close it comes to the database's limit, whatever the machine.
 * `databaseUrl` is a fresh database; it is migrated to Retour's schema and given a few orders.
 */
export async function measurePgLimit(
  databaseUrl: string,
  options: { clients: number[]; seconds: number },
  log: (line: string) => void,
): Promise<LimitLevel[]> {
  const handle = await openDb({ databaseUrl });
  let orders: OrderRow[];
  let reasonId: string;
  try {
    await migrateToLatest(handle.db);
    const ctx = await createAppContext(loadConfig({ RETOUR_ENCRYPTION_KEY: 'bench-limit-key' }), handle.db);
    const prepared = await prepareOrders(ctx, ORDERS);
    const rows = await handle.db
      .selectFrom('orders')
      .select(['id', 'order_number', 'customer_id'])
      .where(
        'order_number',
        'in',
        prepared.map((o) => o.number),
      )
      .execute();
    const byNumber = new Map(prepared.map((o) => [o.number, o]));
    orders = rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id ?? '',
      lineIds: byNumber.get(r.order_number)?.lineIds ?? [],
    }));
    reasonId = (await handle.db.selectFrom('reasons').select('id').where('code', '=', 'too_small').executeTakeFirstOrThrow()).id;
  } finally {
    await handle.close();
  }
  const levels: LimitLevel[] = [];
  for (const clients of options.clients) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: clients });
    // An idle client whose backend goes away (the bench database dropped with `force` while a
    // client is still open) makes the pool emit 'error'; unheard, that ends the whole bench.
    pool.on('error', (err) => log(`[pg.limit] an idle connection failed: ${err.message}`));
    try {
      const held = await Promise.all(Array.from({ length: clients }, () => pool.connect()));
      const pids = await Promise.all(
        held.map(async (c) => (await c.query('select pg_backend_pid() as pid')).rows[0].pid as number),
      );
      const cpu = () => pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
      // Warm: each connection prepares its statements and the tables' pages are in memory.
      for (const [i, c] of held.entries()) await commitReturn(c, orders[i % orders.length] as OrderRow, reasonId);
      let done = 0;
      const cpu0 = cpu();
      const started = performance.now();
      const until = started + options.seconds * 1000;
      await Promise.all(
        held.map(async (c, i) => {
          for (let n = i; performance.now() < until; n += clients) {
            await commitReturn(c, orders[n % orders.length] as OrderRow, reasonId);
            done++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const level = {
        clients,
        transactions: done,
        seconds,
        perSecond: done / seconds,
        dbCpuMsPerOp: (cpu() - cpu0) / Math.max(done, 1),
      };
      levels.push(level);
      log(
        `[pg.limit] c${clients}: ${done} return transactions in ${seconds.toFixed(1)} s = ${level.perSecond.toFixed(0)}/s, ` +
          `PostgreSQL CPU ${level.dbCpuMsPerOp.toFixed(2)} ms each`,
      );
      for (const c of held) c.release();
    } finally {
      await pool.end();
    }
  }
  return levels;
}
