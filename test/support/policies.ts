import { expect } from 'vitest';
import type { StaffClient, TestApp } from './testApp.js';

/** Saves a policy document as a draft and publishes it, as an admin does in the back office;
 * answers the new version's id. */
export async function publishPolicy(t: TestApp, admin: StaffClient, name: string, document: object): Promise<string> {
  const draft = await t.request({ method: 'POST', url: '/api/v1/policy-versions', staff: admin, payload: { name, document } });
  expect(draft.statusCode, draft.body).toBe(201);
  const id = draft.json().id as string;
  const published = await t.request({ method: 'POST', url: `/api/v1/policy-versions/${id}/publish`, staff: admin, payload: {} });
  expect(published.statusCode, published.body).toBe(200);
  return id;
}
