import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshReturnFacts } from '../src/app/analytics/facts/refreshReturnFacts.js';
import { ProcessLease } from '../src/app/kernel/processLease.js';
import { RETENTION_STEPS, runRetention } from '../src/app/privacy/runRetention.js';
import { runRetentionCommand } from '../src/cli/retentionCommand.js';
import { DEFAULT_RETENTION, retentionIssues } from '../src/domain/privacy/retention.js';
import { DB_KINDS } from './support/databases.js';
import { seedCatalogue, seedStaff } from './support/fixtures.js';
import { IMAGE, retentionRows, type Story, type World } from './support/retentionWorld.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

describe('retention periods', () => {
  it('takes whole days within each limit, or null to keep', () => {
    expect(retentionIssues(DEFAULT_RETENTION)).toEqual([]);
    expect(retentionIssues({ photoDays: null, emailDays: 7, logDays: 3650 })).toEqual([]);
    expect(retentionIssues({ photoDays: 29, emailDays: 2.5, personalDays: 3651 }).map((i) => i.path)).toEqual([
      'photoDays',
      'emailDays',
      'personalDays',
    ]);
  });
});

describe.each(DB_KINDS)('retention (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let w: World;
  let rows: ReturnType<typeof retentionRows>;
  const ago = (days: number) => rows.ago(days);
  const photo = (...a: Parameters<typeof rows.photo>) => rows.photo(...a);
  const email = (...a: Parameters<typeof rows.email>) => rows.email(...a);
  const accessLog = (...a: Parameters<typeof rows.accessLog>) => rows.accessLog(...a);
  const snapshot = () => rows.snapshot(w);

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent']);
    [admin, agent] = [await t.login('admin'), await t.login('agent')];
    rows = retentionRows(t);
    w = await rows.world();
  });
  afterAll(() => t?.close());

  it('counts in a dry run what is due and changes nothing; the run removes it, leaving younger data, open returns and the money alone', async () => {
    // The analytics keep each line's comment and its words; a staff member noted why a score was cleared.
    await refreshReturnFacts(t.ctx.db, [w.old.returnId, w.young.returnId], 'Europe/Amsterdam');
    const analytics = async (s: Story) => ({
      line: await t.ctx.db
        .selectFrom('analytics_return_lines')
        .select(['comment', 'comment_words'])
        .where('return_line_id', '=', s.lineId)
        .executeTakeFirstOrThrow(),
      counted: (
        await t.ctx.db
          .selectFrom('analytics_counted_lines')
          .select('comment_words')
          .where('return_line_id', '=', s.lineId)
          .execute()
      ).map((c) => c.comment_words ?? []),
    });
    for (const s of [w.old, w.young]) {
      const facts = await analytics(s);
      expect(facts.line.comment).toBe('Sanne: too small');
      expect(facts.line.comment_words).toContain('sanne');
      expect(facts.counted.length).toBeGreaterThan(0);
      for (const words of facts.counted) expect(words).toContain('sanne');
      await sql`insert into risk_assessments (id, return_id, customer_id, stage, score, level, signals, decision,
          allow_listed, actor_type, actor_id, note, created_at)
        select ${`rsk_${s.returnId}`}, id, customer_id, 'request', 10, 'low', '[]'::jsonb,
          '{"review":false,"refundAfterReceipt":false}'::jsonb, false, 'staff', 'stf_x', 'Sanne phoned: a gift', now()
        from returns where id = ${s.returnId}`.execute(t.ctx.db);
      // Why it ended, in someone's words, and a failed e-mail that names the shopper.
      await t.ctx.db
        .updateTable('returns')
        .set({ status_reason: 'Sanne changed her mind' })
        .where('id', '=', s.returnId)
        .execute();
      await t.ctx.db
        .insertInto('events')
        .values({
          id: `evt_cancel_${s.returnId}`,
          type: 'return.cancelled',
          subject_type: 'return',
          subject_id: s.returnId,
          return_id: s.returnId,
          actor_type: 'customer',
          actor_id: null,
          reason: 'Sanne changed her mind',
          data: JSON.stringify({ from: 'approved', to: 'cancelled' }),
          occurred_at: ago(500),
        })
        .execute();
      await t.ctx.db
        .insertInto('staff_notifications')
        .values({
          id: `ntf_${s.returnId}`,
          kind: 'email_failed',
          dedupe_key: `email_failed:${s.returnId}`,
          return_id: s.returnId,
          subject_type: 'email',
          subject_id: `eml_${s.returnId}`,
          facts: JSON.stringify({ subject: 'We received your return', recipient: 'sanne@example.nl', error: '550 no sanne' }),
          created_at: ago(500),
        })
        .execute();
    }
    const before = await snapshot();
    const dry = await runRetention(t.ctx, { dryRun: true, startedBy: 'cli' });
    expect(dry.counts).toMatchObject({
      photos: 2,
      photoFiles: 3,
      emails: 1,
      returns: 1,
      accessLog: 1,
      webhookPayloads: 1,
      webhookAttempts: 1,
    });
    expect(await snapshot()).toEqual(before);

    const report = await runRetention(t.ctx, { startedBy: 'cli', batchSize: 1 });
    expect(report.busy).toBe(false);
    expect(report.counts).toMatchObject({ photos: 2, photoFiles: 3, emails: 1, returns: 1, accessLog: 1, webhookPayloads: 1 });
    const db = t.ctx.db;

    // Photos: rows and files of the old closed return and the old unattached upload, and the leftover's files.
    const photos = (await db.selectFrom('return_photos').select('id').execute()).map((p) => p.id).sort();
    expect(photos).toEqual([w.young.photoId, w.open.photoId, w.unattachedYoung].sort());
    for (const gone of [w.old.photoId, w.unattachedOld, w.leftover]) expect(await t.ctx.photos.get(gone, 'image')).toBeNull();
    for (const kept of [w.young.photoId, w.open.photoId, w.unattachedYoung])
      expect(await t.ctx.photos.get(kept, 'image')).toEqual(IMAGE);
    expect(await db.selectFrom('retention_file_removals').selectAll().execute()).toEqual([]);

    // Personal data of the old closed return only.
    const comment = async (s: Story) =>
      (await db.selectFrom('return_lines').select('comment').where('id', '=', s.lineId).executeTakeFirstOrThrow()).comment;
    expect(await comment(w.old)).toBeNull();
    expect(await comment(w.young)).toBe('Sanne: too small');
    expect(await comment(w.open)).toBe('Sanne: too small');
    const note = async (s: Story) =>
      (await db.selectFrom('return_notes').select('body').where('return_id', '=', s.returnId).executeTakeFirstOrThrow()).body;
    // Taken-out text reads 'erased', as after an erasure.
    expect([await note(w.old), await note(w.young), await note(w.open)]).toEqual(['erased', 'Dear Sanne, …', 'Dear Sanne, …']);
    expect(await analytics(w.old)).toEqual({
      line: { comment: null, comment_words: [] },
      counted: (await analytics(w.old)).counted.map(() => []),
    });
    expect((await analytics(w.old)).counted.length).toBeGreaterThan(0);
    expect((await analytics(w.young)).line.comment).toBe('Sanne: too small');
    for (const words of (await analytics(w.young)).counted) expect(words).toContain('sanne');
    const riskNote = async (s: Story) =>
      (await db.selectFrom('risk_assessments').select('note').where('id', '=', `rsk_${s.returnId}`).executeTakeFirstOrThrow())
        .note;
    expect([await riskNote(w.old), await riskNote(w.young)]).toEqual(['erased', 'Sanne phoned: a gift']);
    const ended = async (s: Story) => ({
      status: (await db.selectFrom('returns').select('status_reason').where('id', '=', s.returnId).executeTakeFirstOrThrow())
        .status_reason,
      event: (
        await db.selectFrom('events').select('reason').where('id', '=', `evt_cancel_${s.returnId}`).executeTakeFirstOrThrow()
      ).reason,
      facts: (
        await db.selectFrom('staff_notifications').select('facts').where('id', '=', `ntf_${s.returnId}`).executeTakeFirstOrThrow()
      ).facts,
    });
    expect(await ended(w.old)).toEqual({
      status: 'erased',
      event: 'erased',
      facts: { subject: 'We received your return', recipient: 'erased', error: 'erased' },
    });
    expect(await ended(w.young)).toEqual({
      status: 'Sanne changed her mind',
      event: 'Sanne changed her mind',
      facts: { subject: 'We received your return', recipient: 'sanne@example.nl', error: '550 no sanne' },
    });
    const feedback = await db.selectFrom('return_feedback').select(['return_id', 'rating', 'comment']).execute();
    expect(feedback.find((f) => f.return_id === w.old.returnId)).toMatchObject({ rating: 4, comment: null });
    expect(feedback.find((f) => f.return_id === w.young.returnId)?.comment).toBe('Sanne liked it');
    const address = async (s: Story) =>
      (await db.selectFrom('orders').select('shipping_address').where('id', '=', s.orderId).executeTakeFirstOrThrow())
        .shipping_address;
    expect(await address(w.old)).toEqual({ line1: '', postcode: '1015 CJ', city: 'Amsterdam', country: 'NL' });
    expect((await address(w.open)).line1).toBe('Keizersgracht 1');
    expect((await address(w.young)).line1).toBe('Keizersgracht 1');
    // The shopper's words leave the return's events and their outbox copies too; the lines stay.
    const requested = async (s: Story) => {
      const event = await db
        .selectFrom('events')
        .select(['id', 'data'])
        .where('return_id', '=', s.returnId)
        .where('type', '=', 'return.requested')
        .executeTakeFirstOrThrow();
      const outbox = await db.selectFrom('outbox').select('payload').where('event_id', '=', event.id).executeTakeFirstOrThrow();
      return [event.data, outbox.payload.data].map((d) => (d as { lines: { comment?: string; quantity: number }[] }).lines[0]);
    };
    for (const line of await requested(w.old)) expect(line).toEqual(expect.not.objectContaining({ comment: expect.anything() }));
    for (const line of await requested(w.old)) expect(line?.quantity).toBe(1);
    for (const line of await requested(w.young)) expect(line?.comment).toBe('Sanne: too small');
    // The return itself keeps its state and when it last changed.
    const returnsAfter = await db
      .selectFrom('returns')
      .select(['id', 'status', 'updated_at', 'value_amount'])
      .orderBy('id')
      .execute();
    expect(returnsAfter).toEqual(
      before.returns.map((r) => ({ id: r.id, status: r.status, updated_at: r.updated_at, value_amount: r.value_amount })),
    );

    // The money stays as it was: amount, date and reference.
    expect(await db.selectFrom('settlements').selectAll().orderBy('id').execute()).toEqual(before.settlements);

    // E-mails: the old one's body and address go; which e-mail went when stays.
    const emails = await db.selectFrom('emails').selectAll().orderBy('id').execute();
    expect(emails.find((e) => e.id === w.emails.old)).toMatchObject({
      html: null,
      text_body: null,
      recipient: null,
      kind: 'return_received',
      subject: 'We received your return',
      status: 'sent',
    });
    for (const id of [w.emails.young, w.emails.pending]) expect(emails.find((e) => e.id === id)?.html).toBe('<p>Dear Sanne</p>');

    // Logs.
    expect((await db.selectFrom('access_log').select('id').where('id', 'like', 'acc_%').execute()).map((r) => r.id)).toEqual([
      w.accessLog.young,
    ]);
    const deliveries = await db.selectFrom('webhook_deliveries').select(['id', 'payload']).orderBy('id').execute();
    expect(Object.fromEntries(deliveries.map((d) => [d.id, d.payload]))).toEqual({
      [w.deliveries.old]: {},
      [w.deliveries.pending]: { customer: 'Sanne de Vries' },
      [w.deliveries.young]: { customer: 'Sanne de Vries' },
    });
    expect((await db.selectFrom('webhook_attempts').select('id').execute()).map((a) => a.id)).toEqual([w.attempts.young]);

    // The run is recorded with its counts, and an event says how much went.
    const run = await db
      .selectFrom('retention_runs')
      .selectAll()
      .where('id', '=', report.runId ?? '')
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({
      started_by: 'cli',
      error: null,
      lease_id: null,
      counts: expect.objectContaining({ photos: 2, returns: 1 }),
    });
    expect(run.finished_at).not.toBeNull();
    const applied = await db.selectFrom('events').select(['data']).where('type', '=', 'privacy.retention_applied').execute();
    expect(applied).toHaveLength(1);
    expect(applied[0]?.data).toMatchObject({ photos: 2, emails: 1, returns: 1 });

    // Nothing is due any more: the next run removes nothing and records no event.
    const again = await runRetention(t.ctx, { startedBy: 'round' });
    expect(Object.values(again.counts).every((n) => n === 0)).toBe(true);
    expect(await db.selectFrom('events').select('id').where('type', '=', 'privacy.retention_applied').execute()).toHaveLength(1);
  });

  it('leaves what a period set to null covers, and takes a shorter period at the next run', async () => {
    const put = (payload: object) => t.request({ method: 'PUT', url: '/api/v1/settings/retention', staff: admin, payload });
    const customer = await t.ctx.db
      .selectFrom('returns')
      .select('customer_id')
      .where('id', '=', w.young.returnId)
      .executeTakeFirstOrThrow();
    const upload = await photo(w.young.orderId, customer.customer_id, null, ago(400));
    const mail = await email('eml_week_old', 'sent', ago(8));
    try {
      expect((await put({ photoDays: null, emailDays: 7 })).statusCode).toBe(200);
      const report = await runRetention(t.ctx, { startedBy: 'cli' });
      expect(report.counts.photos).toBe(0);
      expect(report.counts.emails).toBeGreaterThanOrEqual(1);
      expect(await t.ctx.photos.get(upload, 'image')).toEqual(IMAGE);
      const blanked = await t.ctx.db
        .selectFrom('emails')
        .select(['html', 'kind'])
        .where('id', '=', mail)
        .executeTakeFirstOrThrow();
      expect(blanked).toEqual({ html: null, kind: 'return_received' });
    } finally {
      expect((await put(DEFAULT_RETENTION)).statusCode).toBe(200);
    }
  });

  it('finds what is due through an index of its own, never by reading a whole table', async () => {
    await t.ctx.db.transaction().execute(async (tx) => {
      // Small tables are cheapest read whole; forbidding that shows whether an index can answer.
      await sql`set local enable_seqscan = off`.execute(tx);
      for (const step of RETENTION_STEPS) {
        const plan = await sql<Record<string, string>>`explain ${step.pick(t.clock.now, 200)}`.execute(tx);
        const text = plan.rows.map((r) => Object.values(r).join(' ')).join('\n');
        expect(text, step.index).toContain(step.index);
        expect(text, step.index).not.toContain('Seq Scan');
      }
    });
  });

  it('runs once at a time: a run of a living process blocks another, one of a dead process is taken over', async () => {
    const lease = await ProcessLease.start(t.ctx.db);
    await t.ctx.db
      .insertInto('retention_runs')
      .values({ id: 'rtr_other', started_at: t.clock.now, dry_run: false, started_by: 'round', lease_id: lease.id })
      .execute();
    expect((await runRetention(t.ctx, { startedBy: 'round' })).busy).toBe(true);
    await lease.stop();
    const taken = await runRetention(t.ctx, { startedBy: 'round' });
    expect(taken.busy).toBe(false);
    const other = await t.ctx.db.selectFrom('retention_runs').selectAll().where('id', '=', 'rtr_other').executeTakeFirstOrThrow();
    expect(other.finished_at).not.toBeNull();
    expect(other.error).toMatch(/process ended/);
  });

  it('shows and changes the periods over the API, refusing a period out of range with the field', async () => {
    t.clock.advance(60_000);
    const mine = await runRetention(t.ctx, { startedBy: 'round' });
    const get = await t.request({ method: 'GET', url: '/api/v1/settings/retention', staff: admin });
    expect(get.statusCode, get.body).toBe(200);
    expect(get.json()).toMatchObject({ periods: DEFAULT_RETENTION, defaults: DEFAULT_RETENTION });
    expect(get.json().limits.photoDays).toEqual({ min: 30, max: 3650 });
    expect(get.json().runs[0]).toMatchObject({ id: mine.runId, startedBy: 'round', error: null });

    const refused = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/retention',
      staff: admin,
      payload: { photoDays: 400, logDays: 5 },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().code).toBe('RETENTION_PERIOD_OUT_OF_RANGE');
    expect(refused.json().errors.map((e: { path: string }) => e.path)).toEqual(['logDays']);
    // Nothing half-written: the valid period of the refused change was not kept either.
    expect((await t.request({ method: 'GET', url: '/api/v1/settings/retention', staff: admin })).json().periods.photoDays).toBe(
      365,
    );
    const wrongType = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/retention',
      staff: admin,
      payload: { photoDays: 'a year' },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().errors[0].path).toBe('photoDays');

    const changed = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/retention',
      staff: admin,
      payload: { personalDays: null, logDays: 90 },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({ ...DEFAULT_RETENTION, personalDays: null, logDays: 90 });
    const [event] = await t.ctx.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'settings.retention_changed')
      .orderBy('id', 'desc')
      .limit(1)
      .execute();
    expect(event?.data).toEqual({ changed: { personalDays: { from: 730, to: null }, logDays: { from: 365, to: 90 } } });

    // The portal's policy page states all four periods, the logs' too; null is kept.
    const stated = await t.request({ method: 'GET', url: '/api/v1/public/retention' });
    expect(stated.statusCode, stated.body).toBe(200);
    expect(stated.json()).toEqual({ photoDays: 365, emailDays: 180, personalDays: null, logDays: 90 });

    for (const method of ['GET', 'PUT'] as const) {
      const res = await t.request({
        method,
        url: '/api/v1/settings/retention',
        staff: agent,
        ...(method === 'PUT' ? { payload: { logDays: 60 } } : {}),
      });
      expect(res.statusCode, method).toBe(403);
    }
    expect(
      (await t.request({ method: 'PUT', url: '/api/v1/settings/retention', staff: admin, payload: DEFAULT_RETENTION }))
        .statusCode,
    ).toBe(200);
  });

  it('runs from the command line with progress and a summary; --dry-run changes nothing', async () => {
    const id = await accessLog('acc_cli', ago(500));
    const lines: string[] = [];
    const complaints: string[] = [];
    let progress = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        progress += String(chunk);
        done();
      },
    }) as unknown as NodeJS.WriteStream;
    const io = { out: (l: string) => lines.push(l), err: (l: string) => complaints.push(l), progress: stream };
    const logged = async () => (await t.ctx.db.selectFrom('access_log').select('id').where('id', '=', id).execute()).length;

    expect(await runRetentionCommand(t.ctx, ['run'], { 'dry-run': true }, io)).toBe(0);
    expect(lines).toContain('Would remove:');
    expect(lines).toContain('  access log entries: 1');
    expect(lines).toContain('  logs: 365 days');
    expect(await logged()).toBe(1);

    lines.length = 0;
    expect(await runRetentionCommand(t.ctx, ['run'], {}, io)).toBe(0);
    expect(lines).toContain('Removed:');
    expect(lines).toContain('  access log entries: 1');
    expect(progress).toContain('Removing 100% (1/1)');
    expect(await logged()).toBe(0);

    expect(await runRetentionCommand(t.ctx, ['purge'], {}, io)).toBe(2);
    expect(complaints).toEqual(['Usage: retour retention run [--dry-run]']);
  });
});
