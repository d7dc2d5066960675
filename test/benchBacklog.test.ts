import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { backlogOutcome, watchBacklog } from '../bench/serverProcess.js';
import { QUEUES } from '../src/jobs/jobQueue.js';
import { createTestDb, POSTGRES_ANSWERS, postgresOnly } from './support/databases.js';
import { ensureJobQueue } from './support/followUps.js';
import { testContext } from './support/testContext.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

describe('a level’s backlog in the bench report', () => {
  it('gives the seconds of a wait that ended, marks one that gave up, and says nothing where none was watched', () => {
    expect(backlogOutcome(true, 1.5)).toEqual({ backlogSeconds: 1.5, backlogTimedOut: false });
    expect(backlogOutcome(true, null)).toEqual({ backlogSeconds: null, backlogTimedOut: true });
    expect(backlogOutcome(false, null)).toBeNull();
  });
});

describe.skipIf(!POSTGRES_ANSWERS)(postgresOnly('the bench backlog watch'), () => {
  it('is done only when no event waits in the outbox and no due job waits or runs', async () => {
    const handle = await createTestDb('postgres');
    closers.push(() => handle.close());
    await ensureJobQueue(handle);
    const ctx = testContext(handle.db);
    const backlog = await watchBacklog(handle.url as string);
    closers.push(() => backlog.close());
    expect(await backlog.untilDone(1_000)).toEqual(expect.any(Number));

    // An event not yet relayed.
    await sql`insert into events (id, type, subject_type, subject_id, actor_type, data, occurred_at)
      values ('evt_backlog', 'return.requested', 'return', 'ret_x', 'system', '{}', now())`.execute(handle.db);
    await sql`insert into outbox (event_id, topic, payload, created_at) values ('evt_backlog', 'return.requested', '{}', now())`.execute(
      handle.db,
    );
    // A level whose wait gave up is marked so: its CPU per return leaves out what was left.
    expect(backlogOutcome(true, await backlog.untilDone(40))).toEqual({ backlogSeconds: null, backlogTimedOut: true });
    await sql`update outbox set published_at = now()`.execute(handle.db);
    expect(await backlog.untilDone(1_000)).toEqual(expect.any(Number));

    // A job queued and running, then done; one due later is no backlog yet.
    await handle.db.transaction().execute((tx) => ctx.jobs.enqueue(tx, QUEUES.followUp, [{ data: { n: 1 } }]));
    expect(await backlog.untilDone(40)).toBeNull();
    await sql`update pgboss.job set state = 'active' where name = ${QUEUES.followUp}`.execute(handle.db);
    expect(await backlog.untilDone(40)).toBeNull();
    await sql`update pgboss.job set state = 'completed' where name = ${QUEUES.followUp}`.execute(handle.db);
    expect(await backlog.untilDone(1_000)).toEqual(expect.any(Number));
    await sql`update pgboss.job set state = 'retry', start_after = now() + interval '1 hour' where name = ${QUEUES.followUp}`.execute(
      handle.db,
    );
    expect(await backlog.untilDone(1_000)).toEqual(expect.any(Number));
  });
});
