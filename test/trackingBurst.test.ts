import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCarrier } from './support/carrierSetup.js';
import { FakeSendcloud } from './support/carriers/fakeSendcloud.js';
import { DB_KINDS } from './support/databases.js';
import { createTestApp, type TestApp } from './support/testApp.js';

/** A burst of a carrier's deliveries arriving together: each is verified and stored, and the
 * connection they name is read once for all of them, not once each. */
describe.each(DB_KINDS)('a burst of tracking webhooks (%s)', (kind) => {
  let t: TestApp;
  const sendcloud = new FakeSendcloud();
  let connectionId = '';
  let reads = 0;

  /** A signed `parcel_status_changed` delivery of its own parcel. */
  function delivery(i: number) {
    const body = JSON.stringify({
      action: 'parcel_status_changed',
      timestamp: 1_780_000_000 + i,
      parcel: { id: i, tracking_number: `3SBURST${String(i).padStart(6, '0')}`, status: { id: 3 }, parent_status: 'to-sorting' },
    });
    return { body, headers: sendcloud.signedHeaders(body) };
  }
  const post = (d: { body: string; headers: Record<string, string> }, connection = connectionId) =>
    t.app.inject({ method: 'POST', url: `/api/v1/carriers/${connection}/webhooks`, headers: d.headers, payload: d.body });

  beforeAll(async () => {
    await sendcloud.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'tracking-burst-key' });
    connectionId = await connectCarrier(t.ctx.db, t.ctx, {
      carrier: 'sendcloud',
      credentials: sendcloud.credentials(),
      methods: [],
    });
    const read = t.ctx.carriers.connection.bind(t.ctx.carriers);
    t.ctx.carriers.connection = (id) => {
      reads++;
      return read(id);
    };
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sendcloud.stop();
  });

  it('stores every delivery of a burst and reads their connection once', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post(delivery(i))));
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
    expect(answers.map((a) => a.json())).toEqual(answers.map(() => ({ received: true, duplicate: false, updates: 1 })));
    expect(reads).toBe(1);
    const stored = await sql<{
      n: number;
    }>`select count(*)::int as n from carrier_webhooks where connection_id = ${connectionId}`.execute(t.ctx.db);
    expect(stored.rows[0]?.n).toBe(20);
    // A repeat of the burst is answered as such, and stores nothing.
    const repeats = await Promise.all(Array.from({ length: 20 }, (_, i) => post(delivery(i))));
    expect(repeats.map((a) => a.json().duplicate)).toEqual(repeats.map(() => true));
  });

  it('reads an unknown connection again each time: it may be made any moment', async () => {
    const before = reads;
    for (let i = 1; i <= 2; i++) {
      const answer = await post(delivery(100 + i), 'cc_unknown');
      expect(answer.json().code).toBe('CARRIER_CONNECTION_NOT_FOUND');
      expect(reads).toBe(before + i);
    }
  });
});
