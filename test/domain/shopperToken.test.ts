import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ShopperTokens } from '../../src/app/kernel/shopperTokens.js';

const now = new Date('2026-06-01T12:00:00Z');
const tokens = new ShopperTokens('secret-secret-secret-secret', 60);

describe('shopper tokens', () => {
  it('round-trips the order and customer until they expire', async () => {
    const { token, expiresAt } = await tokens.issue({ customerId: 'cus_1', orderId: 'ord_1' }, now);
    expect(expiresAt.toISOString()).toBe('2026-06-01T13:00:00.000Z');
    await expect(tokens.verify(token, now)).resolves.toEqual({ customerId: 'cus_1', orderId: 'ord_1' });
    await expect(tokens.verify(token, expiresAt)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('refuses tokens signed with another secret, altered claims, "none" and other algorithms', async () => {
    const { token } = await tokens.issue({ customerId: 'cus_1', orderId: 'ord_1' }, now);
    const other = new ShopperTokens('another-secret-another-secret', 60);
    await expect(other.verify(token, now)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'cus_2', ord: 'ord_2', aud: 'retour:shopper', iat: 0, exp: 9e9 })).toString(
      'base64url',
    );
    await expect(tokens.verify(`${header}.${forged}.${signature}`, now)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await expect(tokens.verify(`${none}.${forged}.`, now)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    const hs512 = Buffer.from(JSON.stringify({ alg: 'HS512', typ: 'JWT' })).toString('base64url');
    const sig = createHmac('sha512', 'secret-secret-secret-secret').update(`${hs512}.${forged}`).digest('base64url');
    await expect(tokens.verify(`${hs512}.${forged}.${sig}`, now)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(tokens.verify('garbage', now)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });
});
