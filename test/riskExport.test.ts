import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalPhoneForAds } from '../src/app/risk/suppressionExport.js';
import type { RiskSignal } from '../src/domain/risk/signals.js';
import { csvField } from '../src/integrations/csv.js';
import { DB_KINDS } from './support/databases.js';
import { seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const serial: RiskSignal = { code: 'SERIAL_RETURNING', points: 45, strength: 3, threshold: 2, weight: 60 };
const wardrobing: RiskSignal = { code: 'WARDROBING', points: 35, strength: 2, threshold: 2, weight: 70 };

describe('phone numbers for ad platforms', () => {
  it('become E.164 digits without the plus, from the customer’s country when written nationally', () => {
    expect(normalPhoneForAds('+31 6 1234 5678', null)).toBe('31612345678');
    expect(normalPhoneForAds('0031 6 12345678', 'DE')).toBe('31612345678');
    expect(normalPhoneForAds('06-12345678', 'nl')).toBe('31612345678');
    expect(normalPhoneForAds('030 123 4567', 'DE')).toBe('49301234567');
    expect(normalPhoneForAds('06-12345678', null)).toBeNull();
    expect(normalPhoneForAds('112', 'NL')).toBeNull();
  });
});

describe('CSV fields a spreadsheet opens', () => {
  it('keeps text that a spreadsheet would run as a formula from running, and plain numbers as they are', () => {
    expect(['=1+1', '+A1', '-2+3', '@SUM(A1)', '\tx', '\r=1'].map(csvField)).toEqual([
      "'=1+1",
      "'+A1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      '"\'\r=1"',
    ]);
    expect(['+31612345678', '-12.50', 'plain'].map(csvField)).toEqual(['+31612345678', '-12.50', 'plain']);
  });
});

describe.each(DB_KINDS)('marketplace suppression export (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;

  async function customer(id: string, email: string, phone: string | null, score: number, signals: RiskSignal[]) {
    await t.ctx.db
      .insertInto('customers')
      .values({
        id,
        email,
        phone,
        first_name: 'Eva',
        last_name: ' Jansen ',
        country: 'NL',
        postcode: '1012 AB',
        tags: JSON.stringify([]),
        risk_score: score,
        risk_signals: JSON.stringify(signals),
        risk_assessed_at: t.clock.now,
      })
      .execute();
  }
  const csv = async (query: string) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/risk/suppression.csv${query}`, staff: admin });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    return res.body.trim().split('\r\n');
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedStaff(t.ctx, ['admin', 'agent']);
    [admin, agent] = await Promise.all([t.login('admin'), t.login('agent')]);
    await customer('cus_serial', ' Eva.Jansen@Example.NL ', '06 1234 5678', 50, [serial]);
    await customer('cus_wardrobe', 'w@example.nl', null, 70, [wardrobing]);
    await customer('cus_allowed', 'allowed@example.nl', null, 55, [serial]);
    await customer('cus_clean', 'clean@example.nl', null, 0, []);
    await t.request({
      method: 'POST',
      url: '/api/v1/risk/lists',
      staff: admin,
      payload: { list: 'allow', kind: 'customer', value: 'cus_allowed', reason: 'wholesale' },
    });
  });
  afterAll(() => t?.close());

  it('lists serial returners once each with their details, leaving the allow list out', async () => {
    const lines = await csv('');
    expect(lines[0]).toBe('email,phone,first_name,last_name,country,postcode');
    // The phone in E.164 with its +, which the CSV guard leaves alone: a plain number is no formula.
    expect(lines.slice(1)).toEqual([' Eva.Jansen@Example.NL ,+31612345678,Eva, Jansen ,NL,1012 AB']);
  });

  it('adds customers scoring at least minScore', async () => {
    const lines = await csv('?minScore=60');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([' Eva.Jansen@Example.NL ', 'w@example.nl']);
  });

  it('hashes e-mail, phone and names as Google and Meta match them', async () => {
    const [header, row] = await csv('?hashed=true');
    expect(header).toBe('email,phone,first_name,last_name,country,postcode');
    expect(row?.split(',')).toEqual([
      sha('eva.jansen@example.nl'),
      sha('31612345678'),
      sha('eva'),
      sha('jansen'),
      'NL',
      '1012 AB',
    ]);
    expect(row).not.toContain('Eva');
  });

  it('is for admins only', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/risk/suppression.csv', staff: agent });
    expect(res.statusCode).toBe(403);
  });
});
