import { createHmac } from 'node:crypto';
import { RetourError } from '../../domain/errors.js';
import { safeEqual } from './tokens.js';

const AUDIENCE = 'retour:shopper';
/** A status link: opens one return for as long as a shopper may want to follow it. */
const RETURN_AUDIENCE = 'retour:return';
export const STATUS_LINK_DAYS = 400;
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

interface Claims {
  sub: string;
  ord: string;
  ret?: string;
  aud: string;
  iat: number;
  exp: number;
}

/** Short-lived tokens that let a shopper act on one order only: compact JWTs signed with
 * HMAC-SHA256. Signed with node:crypto directly: they sit on every shopper request, and the
 * synchronous HMAC costs a fraction of the asynchronous WebCrypto path. */
export class ShopperTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlMinutes: number,
  ) {}

  private sign(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url');
  }

  async issue(claims: { customerId: string; orderId: string }, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlMinutes * 60;
    return {
      token: this.encode({ sub: claims.customerId, ord: claims.orderId, aud: AUDIENCE, iat, exp }),
      expiresAt: new Date(exp * 1000),
    };
  }

  private encode(body: Claims): string {
    const unsigned = `${HEADER}.${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  /** The token of a return's status link. It depends only on the return, so a repeated request
   * gets the same link. */
  statusLink(claims: { returnId: string; customerId: string; orderId: string; createdAt: Date }): string {
    const iat = Math.floor(claims.createdAt.getTime() / 1000);
    return this.encode({
      sub: claims.customerId,
      ord: claims.orderId,
      ret: claims.returnId,
      aud: RETURN_AUDIENCE,
      iat,
      exp: iat + STATUS_LINK_DAYS * 86_400,
    });
  }

  async verify(token: string, now: Date): Promise<{ customerId: string; orderId: string; returnId?: string }> {
    const invalid = () => new RetourError('unauthorized', 'INVALID_TOKEN', 'The access token is invalid or has expired');
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature || token.split('.').length !== 3) throw invalid();
    // Only our own header is accepted, so no other algorithm (or "none") can slip in.
    if (header !== HEADER || !safeEqual(signature, this.sign(`${header}.${payload}`))) throw invalid();
    let claims: Partial<Claims>;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Claims>;
    } catch {
      throw invalid();
    }
    if (typeof claims.sub !== 'string' || typeof claims.ord !== 'string') throw invalid();
    const scoped = claims.aud === RETURN_AUDIENCE && typeof claims.ret === 'string';
    if (claims.aud !== AUDIENCE && !scoped) throw invalid();
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) throw invalid();
    return { customerId: claims.sub, orderId: claims.ord, ...(scoped ? { returnId: claims.ret } : {}) };
  }
}
