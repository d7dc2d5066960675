import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpCode, totpStep } from '../../src/domain/totp.js';

// RFC 6238 appendix B, SHA-1: the seed is the ASCII string "12345678901234567890", 8 digits.
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(RFC_VECTORS)('gives the RFC test vector at %i s', (seconds, code) => {
    expect(totpCode(RFC_SEED, new Date(seconds * 1000), 8)).toBe(code);
    // Six digits are the last six of the same number.
    expect(totpCode(RFC_SEED, new Date(seconds * 1000))).toBe(code.slice(2));
  });

  it("gives RFC 4226's HOTP test values", () => {
    expect([0, 1, 2, 9].map((counter) => hotp(RFC_SEED, counter))).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('accepts a code one step either side, and not one already used', () => {
    const at = new Date('2026-06-15T10:00:10Z');
    const step = totpStep(at);
    expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step), at, null)).toBe(step);
    expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step - 1), at, null)).toBe(step - 1);
    expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step + 1), at, null)).toBe(step + 1);
    expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step - 2), at, null)).toBeNull();
    expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step), at, step)).toBeNull();
    // A code older than the last one used is refused too: it would be a replay.
    expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step - 1), at, step)).toBeNull();
    expect(matchTotp(RFC_SEED, 'abcdef', at, null)).toBeNull();
  });

  it('writes and reads base32 as authenticator apps do', () => {
    // RFC 4648 section 10.
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
    expect(base32Decode(base32Encode(RFC_SEED)).equals(RFC_SEED)).toBe(true);
  });

  it('makes an otpauth URI naming the issuer and account', () => {
    const uri = otpauthUri({ issuer: 'Retour', account: 'ann@shop.test', secret: 'MZXW6YTBOI' });
    expect(uri).toBe('otpauth://totp/Retour:ann%40shop.test?secret=MZXW6YTBOI&issuer=Retour&algorithm=SHA1&digits=6&period=30');
  });
});
