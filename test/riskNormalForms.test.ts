import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db/connection.js';
import { createTestDb, DB_KINDS, POSTGRES_ANSWERS, postgresOnly } from './support/databases.js';

/** The normal forms linked accounts and the block list compare, in SQL on both databases: two ways
 * of writing one e-mail, door, phone or card must meet, and different ones must not. */

type Fn = 'retour_normal_email' | 'retour_normal_phone' | 'retour_normal_fingerprint';

describe.each(DB_KINDS)('risk normal forms (%s)', (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(() => handle?.close());

  async function normal(fn: Fn, value: string): Promise<string | null> {
    const r = await sql<{ v: string | null }>`select ${sql.raw(fn)}(${value}::text) as v`.execute(handle.db);
    return r.rows[0]?.v ?? null;
  }
  async function door(address: Record<string, string | null>): Promise<string | null> {
    const r = await sql<{ v: string | null }>`select retour_normal_address(${JSON.stringify(address)}::jsonb) as v`.execute(
      handle.db,
    );
    return r.rows[0]?.v ?? null;
  }
  const at = (line1: string, postcode: string | null = '1012 AB', country = 'NL') => door({ line1, postcode, country });

  it('reads Gmail addresses as Gmail does: no dots, no +tags, either domain', async () => {
    for (const e of ['J.Doe+sale@Gmail.com', ' jdoe@googlemail.com ', 'j.d.o.e@GMAIL.COM', 'JDOE+a+b@gmail.com']) {
      expect(await normal('retour_normal_email', e), e).toBe('jdoe@gmail.com');
    }
  });

  it('keeps the dots of other providers, drops their +tag and case, and reads blank as nothing', async () => {
    expect(await normal('retour_normal_email', ' John.Doe+shop@Example.COM ')).toBe('john.doe@example.com');
    expect(await normal('retour_normal_email', 'johndoe@example.com')).toBe('johndoe@example.com');
    expect(await normal('retour_normal_email', 'j.doe@gmail.com.example.nl')).toBe('j.doe@gmail.com.example.nl');
    expect(await normal('retour_normal_email', '')).toBeNull();
    expect(await normal('retour_normal_email', '   ')).toBeNull();
  });

  it('reads a phone number as its last nine digits, whichever way it is written', async () => {
    for (const p of ['+31 6 1234 5678', '0031 6 12345678', '06-12345678', '(06) 123 456 78', '+31 (0)6 12 34 56 78']) {
      expect(await normal('retour_normal_phone', p), p).toBe('612345678');
    }
    expect(await normal('retour_normal_phone', '+32 470 12 34 56')).toBe('470123456');
  });

  it('reads short numbers and numbers without digits as no phone at all', async () => {
    for (const p of ['112', '144', '12345', '', 'none', '+']) {
      expect(await normal('retour_normal_phone', p), p).toBeNull();
    }
  });

  it('reads a payment fingerprint without case or surrounding spaces', async () => {
    expect(await normal('retour_normal_fingerprint', ' FP_4242abcd ')).toBe('fp_4242abcd');
    expect(await normal('retour_normal_fingerprint', '  ')).toBeNull();
  });

  it('reads a door from country, postcode and house number, not from how they are spaced', async () => {
    expect(await at('Kerkstraat 12')).toBe('NL|1012AB|12');
    expect(await door({ line1: 'Kerkstraat 12', postcode: ' 1012ab ', country: 'nl' })).toBe('NL|1012AB|12');
    expect(await door({ line1: 'Kerkstraat 12', postcode: '1012-AB', country: 'NL' })).toBe('NL|1012AB|12');
    // The street's name is not compared: a typo in it is still the same door.
    expect(await at('Kerkstr. 12')).toBe(await at('Kerkstraat 12'));
  });

  it('keeps a house number’s letter, however it is spaced or cased', async () => {
    const twelveA = await at('Kerkstraat 12a');
    expect(await at('Kerkstraat 12 a')).toBe(twelveA);
    expect(await at('Kerkstraat 12A')).toBe(twelveA);
    expect(twelveA).not.toBe(await at('Kerkstraat 12'));
    expect(twelveA).not.toBe(await at('Kerkstraat 12b'));
  });

  it('takes the house number, not a number in the street’s name', async () => {
    expect(await at('1e Helmersstraat 12')).toBe('NL|1012AB|12');
    expect(await at('2e Helmersstraat 12')).toBe(await at('1e Helmersstraat 12'));
    expect(await at('1e Helmersstraat 14')).not.toBe(await at('1e Helmersstraat 12'));
  });

  it('tells doors apart by number, postcode and country', async () => {
    expect(await at('Kerkstraat 12')).not.toBe(await at('Kerkstraat 14'));
    expect(await at('Kerkstraat 12', '1013 AB')).not.toBe(await at('Kerkstraat 12'));
    expect(await at('Kerkstraat 12', '1012 AB', 'BE')).not.toBe(await at('Kerkstraat 12'));
  });

  it('has no door without a postcode', async () => {
    expect(await at('Kerkstraat 12', '')).toBeNull();
    expect(await at('Kerkstraat 12', '   ')).toBeNull();
    expect(await at('Kerkstraat 12', null)).toBeNull();
    expect(await door({ line1: 'Kerkstraat 12', country: 'NL' })).toBeNull();
  });

  it('reads an addition as one whether spaced, dashed or run on, and tells flats and numbers apart', async () => {
    expect(await at('Kerkstraat 12-a')).toBe(await at('Kerkstraat 12 a'));
    expect(await at('Kerkstraat 12 III')).toBe(await at('Kerkstraat 12-III'));
    expect(await at('Kerkstraat 12-III')).not.toBe(await at('Kerkstraat 12'));
    expect(await at('Kerkstraat 12-3')).not.toBe(await at('Kerkstraat 3'));
    expect(await at('12 rue de Rivoli')).toBe('NL|1012AB|12');
  });

  it('has no door without a house number, and no address without one @ and something before a +tag', async () => {
    expect(await at('Kerkstraat')).toBeNull();
    expect(await normal('retour_normal_email', '+tag@example.nl')).toBeNull();
    expect(await normal('retour_normal_email', 'a@b@example.nl')).toBeNull();
    expect(await normal('retour_normal_email', 'no-at-sign')).toBeNull();
  });
});

describe.skipIf(!POSTGRES_ANSWERS)(postgresOnly('risk normal forms use their indexes'), () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb('postgres');
  });
  afterAll(() => handle?.close());

  /** The plan of an equality lookup on a normal form, with sequential scans priced out so an empty
   * table still shows whether the index can answer it. */
  async function plan(statement: string, inOrder = false): Promise<string> {
    return handle.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      // For a page in order: a sort priced out too, so the plan sorts only when no index gives the order.
      if (inOrder) {
        await sql`set local enable_sort = off`.execute(trx);
        await sql`set local enable_bitmapscan = off`.execute(trx);
      }
      const r = await sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(statement)}`.execute(trx);
      return r.rows.map((row) => row['QUERY PLAN']).join('\n');
    });
  }

  it.each([
    [
      'orders_normal_email_idx',
      "select id from orders where retour_normal_email(email) = retour_normal_email('J.Doe@gmail.com')",
    ],
    ['orders_normal_address_idx', "select id from orders where retour_normal_address(shipping_address) = 'NL|1012AB|12'"],
    [
      'orders_fingerprint_idx',
      "select id from orders where retour_normal_fingerprint(payment_fingerprint) = retour_normal_fingerprint('fp_1')",
    ],
    [
      'customers_normal_phone_idx',
      "select id from customers where retour_normal_phone(phone) = retour_normal_phone('0612345678')",
    ],
  ])('%s answers an equality lookup', async (index, statement) => {
    const text = await plan(statement);
    expect(text).toContain(index);
    expect(text).not.toContain('Seq Scan');
  });

  // The risk queue reads a page after a cursor in its index's order.
  it.each([
    [
      'returns_risk_queue_idx',
      `select id from returns where (risk_score, created_at, id) < (50, now(), 'ret_x')
        order by risk_score desc, created_at desc, id desc limit 26`,
    ],
  ])('%s reads a page of the risk queue in order', async (index, statement) => {
    const text = await plan(statement, true);
    expect(text).toContain(index);
    expect(text).not.toContain('Sort');
  });
});
