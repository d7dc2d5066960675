import { describe, expect, it } from 'vitest';
import { keyForBody } from '../../web/portal/src/idempotency.js';

describe('the portal’s Idempotency-Keys', () => {
  it('reuse the key for the same body and give a changed body a key of its own', () => {
    const keys = new Map<string, string>();
    const first = keyForBody(keys, { method: 'qr', lines: [{ orderLineId: 'ol_1', quantity: 1 }] });
    expect(keyForBody(keys, { method: 'qr', lines: [{ orderLineId: 'ol_1', quantity: 1 }] })).toBe(first);
    const changed = keyForBody(keys, { method: 'label', lines: [{ orderLineId: 'ol_1', quantity: 1 }] });
    expect(changed).not.toBe(first);
    // Going back to the first choice retries the first request, under its first key.
    expect(keyForBody(keys, { method: 'qr', lines: [{ orderLineId: 'ol_1', quantity: 1 }] })).toBe(first);
  });
});
