import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshStaleFacts } from '../src/app/analytics/facts/refreshStaleFacts.js';
import { markStale, REFRESH_GATHER_SECONDS } from '../src/app/analytics/facts/staleFacts.js';
import type { PublishedEvent } from '../src/app/kernel/subscribers.js';
import { QUEUES } from '../src/jobs/jobQueue.js';
import { relayOutbox } from '../src/jobs/outboxRelay.js';
import { DB_KINDS, POSTGRES_ANSWERS, postgresOnly } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { ensureJobQueue } from './support/followUps.js';
import { createTestApp, type TestApp } from './support/testApp.js';
import { until } from './support/until.js';

const waitingRefreshes = (t: TestApp) =>
  sql<{ wait_ms: number }>`select (extract(epoch from start_after - created_on) * 1000)::int as wait_ms
    from pgboss.job where name = ${QUEUES.analytics} and state = 'created'`
    .execute(t.ctx.db)
    .then((r) => r.rows);

/** The analytics refresh lets marks gather: its job starts a moment after the first relay that
 * marks, on the database's clock, and relays meanwhile queue no other. */
describe.each(DB_KINDS)('the analytics refresh job (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, {}, { followUps: 'manual' });
    await seedCatalogue(t.ctx);
    await ensureJobQueue(t.handle);
  });
  afterAll(() => t?.close());

  it('waits for marks to gather, and one waiting job serves every relay meanwhile', async () => {
    const delivered = new Date(t.clock.now.getTime() - DAY);
    await seedOrders(t.ctx, [orderFixture('R-1', delivered)]);
    await relayOutbox(t.ctx);
    const first = await waitingRefreshes(t);
    expect(first).toHaveLength(1);
    // Read off the database's clock, so a test clock set elsewhere cannot park the job.
    expect(first[0]?.wait_ms).toBeGreaterThanOrEqual(REFRESH_GATHER_SECONDS * 1000 - 50);
    expect(first[0]?.wait_ms).toBeLessThanOrEqual(REFRESH_GATHER_SECONDS * 1000 + 1000);

    await seedOrders(t.ctx, [orderFixture('R-2', delivered)]);
    await relayOutbox(t.ctx);
    expect(await waitingRefreshes(t)).toHaveLength(1);
    const marks = await t.ctx.db.selectFrom('analytics_stale').select('key').where('kind', '=', 'order').execute();
    expect(marks).toHaveLength(2);
  });
});

describe.skipIf(!POSTGRES_ANSWERS)(postgresOnly('a refresh and a relay marking at the same time'), () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('postgres', {}, { followUps: 'manual' });
  });
  afterAll(() => t?.close());

  it('waits for marks being written, so the job those marks found waiting reads them', async () => {
    await t.ctx.db.deleteFrom('analytics_stale').execute();
    const event = { id: 'evt_race', type: 'return.approved', returnId: 'ret_race' } as unknown as PublishedEvent;
    let commit: () => void = () => undefined;
    const committed = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let marked: () => void = () => undefined;
    const markedYet = new Promise<void>((resolve) => {
      marked = resolve;
    });
    // A relay that marked (and whose job insert met the one waiting) but has not committed.
    const relaying = t.ctx.db.transaction().execute(async (tx) => {
      await markStale(tx, [event]);
      marked();
      await committed;
    });
    await markedYet;
    const refreshing = refreshStaleFacts(t.ctx.db);
    // The refresh waits on the relay's lock: a fact PostgreSQL shows, not a pause.
    await until(
      async () => {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks
          where locktype = 'advisory' and not granted`.execute(t.ctx.db);
        return (rows[0]?.n ?? 0) > 0;
      },
      { what: 'the refresh to wait for the marking transaction' },
    );
    commit();
    await relaying;
    const refreshed = await refreshing;
    expect(refreshed.marks).toBe(1);
    expect(await t.ctx.db.selectFrom('analytics_stale').select('key').execute()).toEqual([]);
  });
});
