import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientHash } from '../src/app/risk/clientHash.js';
import { SHARED_MOST } from '../src/app/risk/linkedCustomers.js';
import { DB_KINDS } from './support/databases.js';
import { askReturn, newDoor, type PlacedOrder, placeOrder, riskShop, signal, storedRisk } from './support/riskShop.js';
import type { TestApp } from './support/testApp.js';

// Linked accounts: other customers sharing a door, phone, e-mail, card, device or IP; the highest
// score among them is the signal's strength ("the score of one shows on the others"). And lookups
// of many orders from one device or IP in the last hour.
describe.each(DB_KINDS)('linked accounts and lookups (%s)', (kind) => {
  let t: TestApp;
  let salt: string;
  let seq = 0;
  beforeAll(async () => {
    t = await riskShop(kind);
    salt = (await t.ctx.db.selectFrom('risk_settings').select('salt').executeTakeFirstOrThrow()).salt;
  });
  afterAll(() => t?.close());

  const email = (who: string) => {
    seq += 1;
    return `${who}${seq}-${kind}@example.nl`;
  };

  /** A customer with an order whose latest score is `score`. */
  async function scored(score: number, options: Parameters<typeof placeOrder>[2] = {}, address?: string): Promise<PlacedOrder> {
    const order = await placeOrder(t, address ?? email('suspect'), options);
    await t.ctx.db.updateTable('customers').set({ risk_score: score }).where('id', '=', order.customerId).execute();
    return order;
  }

  async function linkedOf(returnId: string) {
    return signal((await storedRisk(t, returnId)).risk_signals, 'LINKED_ACCOUNTS');
  }

  it('by address: another customer at the same door, written differently', async () => {
    const door = newDoor();
    const suspect = await scored(80, { address: door });
    const other = await placeOrder(t, email('door'), {
      address: { ...door, line1: door.line1.toUpperCase(), postcode: door.postcode.replace(' ', '').toLowerCase() },
    });
    const asked = await askReturn(t, other);
    expect(await linkedOf(asked.returnId)).toMatchObject({
      strength: 80,
      // Past the threshold of 50 by 30: 0.5 + 0.5 × 30/50 of the weight 60.
      points: 48,
      detail: { customers: 1, via: ['address'], topCustomerId: suspect.customerId, blocked: false },
    });
    // A door nobody else uses links no one.
    expect(await linkedOf((await askReturn(t, await placeOrder(t, email('alone')))).returnId)).toBeUndefined();
  });

  it('not by a door shared by more than twenty customers: a pick-up point or an office links no one', async () => {
    const door = newDoor();
    await scored(90, { address: door });
    for (let i = 0; i < SHARED_MOST; i++) await placeOrder(t, email('locker'), { address: door });
    const asked = await askReturn(t, await placeOrder(t, email('locker'), { address: door }));
    expect(await linkedOf(asked.returnId)).toBeUndefined();
  });

  it('by phone and by e-mail, in their normal forms', async () => {
    const phoned = await scored(70);
    await t.ctx.db.updateTable('customers').set({ phone: '+31 6 1111 2222' }).where('id', '=', phoned.customerId).execute();
    const caller = await placeOrder(t, email('caller'));
    await t.ctx.db.updateTable('customers').set({ phone: '06-11112222' }).where('id', '=', caller.customerId).execute();
    expect(await linkedOf((await askReturn(t, caller)).returnId)).toMatchObject({ strength: 70, detail: { via: ['phone'] } });

    seq += 1;
    const mailed = await scored(90, {}, `kim.jansen${seq}+${kind}@gmail.com`);
    const writer = await placeOrder(t, `KimJansen${seq}@Gmail.com`);
    expect(writer.customerId).not.toBe(mailed.customerId);
    expect(await linkedOf((await askReturn(t, writer)).returnId)).toMatchObject({
      strength: 90,
      detail: { via: ['email'], topCustomerId: mailed.customerId },
    });
  });

  it('by payment fingerprint; a blocked linked customer counts in full', async () => {
    const payer = await placeOrder(t, email('payer'));
    const blocked = await placeOrder(t, email('blocked'));
    for (const o of [payer, blocked]) {
      await t.ctx.db
        .updateTable('orders')
        .set({ payment_fingerprint: `FP-${kind}-${seq}` })
        .where('id', '=', o.id)
        .execute();
    }
    await sql`insert into risk_list_entries (id, list, kind, value, display, reason, created_at)
      values (${`rle_${kind}_${seq}`}, 'block', 'customer', ${blocked.customerId}, ${blocked.customerId}, 'chargebacks', ${t.clock.now})`.execute(
      t.ctx.db,
    );
    expect(await linkedOf((await askReturn(t, payer)).returnId)).toMatchObject({
      strength: 100,
      points: 60,
      detail: { via: ['payment'], blocked: true },
    });
  });

  it('counts the accounts on one card, phone or device, and not a household sharing a door and a connection', async () => {
    const card = `FP-cluster-${kind}-${seq}`;
    const ring = [];
    for (let i = 0; i < 3; i++) {
      const o = await placeOrder(t, email('ring'));
      await t.ctx.db.updateTable('orders').set({ payment_fingerprint: card }).where('id', '=', o.id).execute();
      ring.push(o);
    }
    const asked = await askReturn(t, ring[2] as PlacedOrder);
    // Two others on the card, none of them scoring: at the threshold of 2, half the weight of 60.
    expect(signal((await storedRisk(t, asked.returnId)).risk_signals, 'ACCOUNT_CLUSTER')).toMatchObject({
      strength: 2,
      points: 30,
      detail: { via: ['payment'] },
    });
    expect(await linkedOf(asked.returnId)).toBeUndefined();
    // Partners at one door behind one connection: linked, but no cluster.
    const door = newDoor();
    const partner = await placeOrder(t, email('partner'), { address: door });
    const home = await placeOrder(t, email('home'), { address: door });
    const homeAsked = await askReturn(t, home, undefined, { device: null, ip: '198.51.100.9' });
    await askReturn(t, partner, undefined, { device: null, ip: '198.51.100.9' });
    expect(signal((await storedRisk(t, homeAsked.returnId)).risk_signals, 'ACCOUNT_CLUSTER')).toBeUndefined();
  });

  it('by the portal device and IP: sightings of another customer and the request of this one', async () => {
    const seen = await scored(75);
    await t.ctx.db
      .insertInto('portal_sightings')
      .values({
        at: t.clock.now,
        kind: 'lookup',
        customer_id: seen.customerId,
        order_id: seen.id,
        device: clientHash(salt, `device-${kind}`),
        ip: clientHash(salt, '203.0.113.7'),
      })
      .execute();
    const byDevice = await askReturn(t, await placeOrder(t, email('device')), undefined, { device: `device-${kind}`, ip: null });
    expect(await linkedOf(byDevice.returnId)).toMatchObject({ strength: 75, detail: { via: ['device'] } });
    // An IP alone links no one (a carrier's or an office's address is shared by strangers)…
    const byIp = await askReturn(t, await placeOrder(t, email('ip')), undefined, { device: null, ip: '203.0.113.7' });
    expect(await linkedOf(byIp.returnId)).toBeUndefined();
    // …but counts beside a stronger link.
    const both = await askReturn(t, await placeOrder(t, email('both')), undefined, {
      device: `device-${kind}`,
      ip: '203.0.113.7',
    });
    expect(await linkedOf(both.returnId)).toMatchObject({ strength: 75, detail: { via: ['device', 'ip'] } });
    // The raw values are never kept.
    const kept = await t.ctx.db.selectFrom('portal_sightings').select(['device', 'ip']).execute();
    expect(kept.some((k) => k.device === `device-${kind}` || k.ip === '203.0.113.7')).toBe(false);
  });

  it('lookup velocity: different orders looked up from one device or IP in the last hour', async () => {
    const device = clientHash(salt, `busy-${kind}`);
    const at = (minutesAgo: number) => new Date(t.clock.now.getTime() - minutesAgo * 60_000);
    const lookups = [5, 10, 15, 20, 25].map((m, i) => ({ at: at(m), kind: 'lookup' as const, order_id: `ord_x${i}`, device }));
    await t.ctx.db
      .insertInto('portal_sightings')
      .values([
        ...lookups,
        // A failed guess counts; the same order twice counts once; an hour and more ago does not.
        { at: at(30), kind: 'lookup_failed', order_id: null, device },
        { at: at(35), kind: 'lookup', order_id: 'ord_x0', device },
        { at: at(90), kind: 'lookup', order_id: 'ord_old', device },
      ])
      .execute();
    const asked = await askReturn(t, await placeOrder(t, email('busy')), undefined, { device: `busy-${kind}`, ip: null });
    expect(signal((await storedRisk(t, asked.returnId)).risk_signals, 'LOOKUP_VELOCITY')).toMatchObject({
      strength: 6,
      threshold: 6,
      points: 15,
    });
    const calm = await askReturn(t, await placeOrder(t, email('calm')), undefined, { device: `calm-${kind}`, ip: null });
    expect(signal((await storedRisk(t, calm.returnId)).risk_signals, 'LOOKUP_VELOCITY')).toBeUndefined();
  });
});
