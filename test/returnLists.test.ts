import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

// What belongs to a return is listed through one query: an unknown return is a 404 naming it, not
// an empty list that would read as "none yet".
describe.each(DB_KINDS)("a return's settlements, exchange orders, repairs and notes (%s)", (kind) => {
  let t: TestApp;
  let admin: StaffClient;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedStaff(t.ctx, ['admin']);
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(['settlements', 'exchange-orders', 'repairs', 'notes'])('of an unknown return answer 404 (%s)', async (list) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/returns/ret_unknown/${list}`, staff: admin });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('RETURN_NOT_FOUND');
  });
});
