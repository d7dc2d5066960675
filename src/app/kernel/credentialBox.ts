import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RetourError } from '../../domain/errors.js';

/**
 * Seals credentials (payment providers', carriers' API keys) for storage: AES-256-GCM with a random nonce, so the
 * database holds only ciphertext and a stolen dump or backup reveals no key. The key comes from
 * RETOUR_ENCRYPTION_KEY, or from a key file made once in the data directory.
 */
export class CredentialBox {
  private derived: Buffer | null = null;

  /** `secret` may be given as a function: it is then read on the first seal or open, so a process
   * that never touches credentials (a migration) needs no key file. */
  constructor(private readonly secret: string | (() => string)) {}

  private get key(): Buffer {
    // Any string works as a secret; hashing gives the 32 bytes AES-256 needs.
    this.derived ??= createHash('sha256')
      .update(`retour-credentials:${typeof this.secret === 'function' ? this.secret() : this.secret}`)
      .digest();
    return this.derived;
  }

  seal(value: unknown): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return ['v1', nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  open<T>(sealed: string): T {
    const [version, nonce, tag, body] = sealed.split('.');
    if (version !== 'v1' || !nonce || !tag || body === undefined) throw keyMismatch();
    const key = this.key;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      return JSON.parse(text) as T;
    } catch {
      throw keyMismatch();
    }
  }
}

const keyMismatch = () =>
  new RetourError(
    'conflict',
    'CREDENTIALS_UNREADABLE',
    'Stored provider credentials cannot be opened with this encryption key: set the same RETOUR_ENCRYPTION_KEY on every process, or save the credentials again',
  );

/** The encryption secret: the configured one, else a key file created once in the data directory
 * (enough for one machine; several machines sharing a database need RETOUR_ENCRYPTION_KEY). */
export function credentialSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = join(dataDir, 'credentials.key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
      chmodSync(file, 0o600);
    } catch (err) {
      // Another process made it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return readFileSync(file, 'utf8').trim();
}
