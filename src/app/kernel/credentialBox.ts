import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RetourError } from '../../domain/errors.js';

/** One encryption key: the AES-256 key made from a secret, and the id sealed values name it by
 * (a hash of the key, which tells nothing of it). */
interface BoxKey {
  id: string;
  key: Buffer;
}

function boxKey(secret: string): BoxKey {
  // Any string works as a secret; hashing gives the 32 bytes AES-256 needs.
  const key = createHash('sha256').update(`retour-credentials:${secret}`).digest();
  return { id: createHash('sha256').update(key).digest('base64url').slice(0, 8), key };
}

/** The keys a secret list names: "new,old" (RETOUR_ENCRYPTION_KEY or the key file), first first. */
export function splitKeys(secrets: string): string[] {
  return secrets
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Seals credentials (payment providers', carriers' and shops' API keys, webhook and TOTP secrets)
 * for storage: AES-256-GCM with a random nonce, so the database holds only ciphertext and a stolen
 * dump or backup reveals no key. The key comes from RETOUR_ENCRYPTION_KEY, or from a key file made
 * once in the data directory.
 *
 * Either may hold several keys, "new,old": the first seals, every one opens. A sealed value names
 * its key (`v2.<key id>.…`), so while `retour rotate-key` re-seals stored values under the new key
 * the processes read both kinds; a value from before key ids (`v1.…`) is tried with each key.
 */
export class CredentialBox {
  private keys: BoxKey[] | null = null;
  private loadedStamp: string | null = null;

  /** `secret` may be given as a function: it is then read on the first seal or open, so a process
   * that never touches credentials (a migration) needs no key file. A function is read again when
   * a value names a key it does not know: the key file may have gained one since.
   *
   * `stamp` (the key file's, see keyFileStamp) is looked at before every seal, and the secret read
   * again when it changed: a server must seal with the key `retour rotate-key` just put first, not
   * the one it loaded, or `--drop-old` would leave what it seals with no key that opens it. */
  constructor(
    private readonly secret: string | (() => string),
    private readonly stamp?: () => string | null,
  ) {}

  private loaded(): BoxKey[] {
    if (!this.keys) {
      // Stamped before reading: a file replaced in between is read again at the next look.
      const stamp = this.stamp?.() ?? null;
      const keys = splitKeys(typeof this.secret === 'function' ? this.secret() : this.secret).map(boxKey);
      if (keys.length === 0) throw new Error('The encryption key is empty');
      this.keys = keys;
      this.loadedStamp = stamp;
    }
    return this.keys;
  }

  /** The keys as they are now: read again when the key file changed since they were loaded. */
  private current(): BoxKey[] {
    if (this.keys && this.stamp && this.stamp() !== this.loadedStamp) this.keys = null;
    return this.loaded();
  }

  /** The id of the key that seals (and that `retour rotate-key` re-seals under). */
  get sealingKeyId(): string {
    return (this.current()[0] as BoxKey).id;
  }

  /** The ids of every key this box holds, the sealing one first. */
  get keyIds(): string[] {
    return this.current().map((k) => k.id);
  }

  /** Whether a value is sealed under the key that seals now (nothing left to re-seal). */
  sealedUnderSealingKey(sealed: string): boolean {
    return sealed.startsWith(`v2.${this.sealingKeyId}.`);
  }

  seal(value: unknown): string {
    const { id, key } = this.current()[0] as BoxKey;
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return ['v2', id, nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(
      '.',
    );
  }

  open<T>(sealed: string): T {
    const parts = sealed.split('.');
    if (parts[0] === 'v1' && parts.length === 4) {
      for (const { key } of this.loaded()) {
        const opened = openWith<T>(key, parts[1], parts[2], parts[3]);
        if (opened.ok) return opened.value;
      }
      throw keyMismatch();
    }
    if (parts[0] !== 'v2' || parts.length !== 5) throw keyMismatch();
    let entry = this.loaded().find((k) => k.id === parts[1]);
    if (!entry && typeof this.secret === 'function') {
      this.keys = null;
      entry = this.loaded().find((k) => k.id === parts[1]);
    }
    if (!entry) throw keyMismatch(parts[1]);
    const opened = openWith<T>(entry.key, parts[2], parts[3], parts[4]);
    if (!opened.ok) throw keyMismatch();
    return opened.value;
  }

  /** The value sealed again under the sealing key. */
  reseal(sealed: string): string {
    return this.seal(this.open<unknown>(sealed));
  }
}

function openWith<T>(key: Buffer, nonce = '', tag = '', body = ''): { ok: true; value: T } | { ok: false } {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    return { ok: true, value: JSON.parse(text) as T };
  } catch {
    return { ok: false };
  }
}

const keyMismatch = (keyId?: string) =>
  new RetourError(
    'conflict',
    'CREDENTIALS_UNREADABLE',
    keyId
      ? `Stored credentials are sealed under encryption key ${keyId}, which this process does not have: add it to RETOUR_ENCRYPTION_KEY ("new,old") on every process until \`retour rotate-key\` has re-sealed everything`
      : 'Stored provider credentials cannot be opened with this encryption key: set the same RETOUR_ENCRYPTION_KEY on every process, or save the credentials again',
    [],
    keyId ? { keyId } : {},
  );

/** The key file in the data directory, used when RETOUR_ENCRYPTION_KEY is not set. */
export const keyFilePath = (dataDir: string) => join(dataDir, 'credentials.key');

/** What changes when the key file is written again (it is replaced whole, see writeKeyFile): a
 * stat, cheap enough to look at before every seal. */
export function keyFileStamp(dataDir: string): string | null {
  const stat = statSync(keyFilePath(dataDir), { throwIfNoEntry: false });
  return stat ? `${stat.ino}:${stat.mtimeMs}:${stat.size}` : null;
}

/** The encryption secret: the configured one, else a key file created once in the data directory
 * (enough for one machine; several machines sharing a database need RETOUR_ENCRYPTION_KEY). */
export function credentialSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = keyFilePath(dataDir);
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

/** Writes the key file whole at once (a process reading it meanwhile sees the old or the new). */
export function writeKeyFile(dataDir: string, secrets: string[]): void {
  const file = keyFilePath(dataDir);
  const next = `${file}.next`;
  writeFileSync(next, secrets.join(','), { mode: 0o600 });
  chmodSync(next, 0o600);
  renameSync(next, file);
}

/** A new random key, as the key file holds one. */
export const newEncryptionKey = () => randomBytes(32).toString('base64url');
