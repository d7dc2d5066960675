import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagStalledParcels } from '../src/app/logistics/claims/flagStalledParcels.js';
import { type ClaimsHarness, claimsHarness } from './support/claimsHarness.js';
import { DB_KINDS } from './support/databases.js';
import { DAY } from './support/fixtures.js';
import { until } from './support/until.js';

/** Claims under load and over time: two staff at once, requests repeated under an Idempotency-Key,
 * the stalled round beside tracking news, later trouble, and returns that are over. */
describe.each(DB_KINDS)('claims at once and over time (%s)', (kind) => {
  let h: ClaimsHarness;
  beforeAll(async () => {
    h = await claimsHarness(kind);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const scanned = async () => {
    const r = await h.returnWithParcels();
    await h.carrierSays(r.trackingNumber, 'to-sorting', h.hoursAgo(1));
    return r;
  };

  it('opens one claim when two staff open it at once, and decides it once when accepted and rejected at once', async () => {
    const r = await scanned();
    const url = `/api/v1/returns/${r.returnId}/claims`;
    const opened = await Promise.all([
      h.post(url, { parcelId: r.parcelId, kind: 'lost' }),
      h.post(url, { parcelId: r.parcelId, kind: 'lost' }),
    ]);
    expect(opened.map((o) => o.statusCode).sort()).toEqual([201, 409]);
    expect(opened.find((o) => o.statusCode === 409)?.json().code).toBe('CLAIM_EXISTS');
    const claimId = opened.find((o) => o.statusCode === 201)?.json().id as string;
    await h.post(`/api/v1/claims/${claimId}/submit`, { carrierReference: 'SC-1' });
    const decided = await Promise.all([
      h.post(`/api/v1/claims/${claimId}/accept`, { amountPaid: 1000 }),
      h.post(`/api/v1/claims/${claimId}/reject`, { note: 'no proof of loss' }),
    ]);
    expect(decided.map((d) => d.statusCode).sort()).toEqual([200, 409]);
    const events = await h.t.ctx.db
      .selectFrom('events')
      .select('type')
      .where('subject_id', '=', claimId)
      .where('type', 'in', ['claim.accepted', 'claim.rejected'])
      .execute();
    expect(events).toHaveLength(1);
  });

  it('answers a request repeated under its Idempotency-Key with the first answer, route by route', async () => {
    const r = await scanned();
    const same = async (url: string, payload: object, key: string, method: 'POST' | 'PUT' = 'POST') => {
      const send = () =>
        h.t.request({ method, url, staff: method === 'PUT' ? h.admin : h.agent, payload, headers: { 'idempotency-key': key } });
      const first = await send();
      expect(first.statusCode, first.body).toBeLessThan(300);
      const again = await send();
      expect([again.statusCode, again.json()]).toEqual([first.statusCode, first.json()]);
      return first.json();
    };
    const claim = await same(
      `/api/v1/returns/${r.returnId}/claims`,
      { parcelId: r.parcelId, kind: 'lost' },
      `open-${r.returnId}`,
    );
    expect(claim.history).toHaveLength(1);
    await same(`/api/v1/claims/${claim.id}/notes`, { note: 'Asked the carrier' }, `note-${r.returnId}`);
    const submitted = await same(`/api/v1/claims/${claim.id}/submit`, { carrierReference: 'SC-2' }, `submit-${r.returnId}`);
    expect(submitted.history.map((s: { type: string }) => s.type)).toEqual([
      'claim.opened',
      'claim.note_added',
      'claim.submitted',
    ]);
    await same(`/api/v1/claims/${claim.id}/accept`, { amountPaid: 500 }, `accept-${r.returnId}`);
    const paid = await same(`/api/v1/claims/${claim.id}/refund-shopper`, {}, `pay-${r.returnId}`);
    expect(paid).toMatchObject({ paid: true, status: 'lost' });
    await same('/api/v1/claims/settings', { stalledParcelDays: 7 }, `settings-${r.returnId}`, 'PUT');

    const other = await scanned();
    const otherClaim = (
      await h.post(`/api/v1/returns/${other.returnId}/claims`, { parcelId: other.parcelId, kind: 'lost' })
    ).json();
    await same(`/api/v1/claims/${otherClaim.id}/reject`, { note: 'found at the depot' }, `reject-${other.returnId}`);
  });

  it('tells staff of later trouble of another kind on a flagged parcel, once per kind', async () => {
    const r = await scanned();
    await h.stalledCheckAt(12 * DAY);
    expect((await h.notes(r.returnId)).map((n) => n.kind)).toEqual(['parcel_stalled']);
    await h.carrierSays(r.trackingNumber, 'returned-to-sender', h.hoursAgo(0.5));
    await h.carrierSays(r.trackingNumber, 'returned-to-sender', h.hoursAgo(0.25));
    const told = await h.notes(r.returnId);
    expect(told.map((n) => n.kind).sort()).toEqual(['parcel_stalled', 'parcel_trouble']);
    expect(told.find((n) => n.kind === 'parcel_trouble')?.facts).toMatchObject({
      reason: 'returned_to_sender',
      flaggedFor: 'stalled',
      trackingNumber: r.trackingNumber,
    });
    expect((await h.parcel(r.parcelId)).flag_reason).toBe('stalled');
  });

  it('leaves the parcels of a return that is over out of the stalled round for good', async () => {
    const r = await scanned();
    await h.t.ctx.db.updateTable('returns').set({ status: 'closed' }).where('id', '=', r.returnId).execute();
    await h.stalledCheckAt(12 * DAY);
    const after = await h.parcel(r.parcelId);
    expect(after.flagged_at).toBeNull();
    expect(after.watch_ended_at).not.toBeNull();
  });

  it.skipIf(kind !== 'postgres')('does not flag a parcel whose tracking news is being written while the round runs', async () => {
    const r = await scanned();
    const later = new Date(h.t.clock.now.getTime() + 12 * DAY);
    await h.t.ctx.db.connection().execute(async (news) => {
      await sql`begin`.execute(news);
      // A tracking job's transaction: the parcel moved, not yet committed.
      await sql`update shipment_parcels set tracking_at = ${later}, tracking_state = 'in_transit' where id = ${r.parcelId}`.execute(
        news,
      );
      const now = h.t.clock.now;
      h.t.clock.now = later;
      let done = false;
      const round = flagStalledParcels(h.t.ctx).finally(() => {
        done = true;
      });
      try {
        // Either the round passed the locked parcel by, or it waits for the job's lock.
        await until(
          async () =>
            done ||
            (
              await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock'`.execute(
                h.t.ctx.db,
              )
            ).rows[0]?.n,
          { what: 'the round to finish or wait' },
        );
      } finally {
        await sql`commit`.execute(news);
        h.t.clock.now = now;
      }
      await round;
    });
    expect((await h.parcel(r.parcelId)).flagged_at).toBeNull();
  });
});
