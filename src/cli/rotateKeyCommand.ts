import { countStaleSecrets, type ResealProgress, resealSecrets } from '../app/admin/resealSecrets.js';
import type { AppContext } from '../app/kernel/context.js';
import {
  CredentialBox,
  credentialSecret,
  keyFilePath,
  newEncryptionKey,
  splitKeys,
  writeKeyFile,
} from '../app/kernel/credentialBox.js';
import type { RetourConfig } from '../config/env.js';
import { intFlag, type ParsedArgs, stringFlag } from './args.js';
import { ProgressBar } from './progress.js';

type Flags = ParsedArgs['flags'];

/** The keys to re-seal with, first the new one; or null when there is nothing to re-seal yet
 * (what to do first has been printed). */
function rotationKeys(config: Pick<RetourConfig, 'encryptionKey' | 'dataDir'>, given: string | undefined): string[] | null {
  if (config.encryptionKey) {
    const configured = splitKeys(config.encryptionKey);
    if (given && !configured.includes(given)) {
      console.error(
        'Every process must be able to open what is re-sealed: put the new key first in RETOUR_ENCRYPTION_KEY ' +
          '("new,old") on every process, restart them one by one, then run `retour rotate-key` again.',
      );
      return null;
    }
    if (!given && configured.length < 2) {
      console.log(`A new encryption key: ${newEncryptionKey()}`);
      console.log(
        'Set RETOUR_ENCRYPTION_KEY to "<new key>,<current key>" on every process and restart them one by one (they ' +
          'then seal with the new key and open both), then run `retour rotate-key` again to re-seal what is stored.',
      );
      return null;
    }
    return given ? [given, ...configured.filter((k) => k !== given)] : configured;
  }
  // The key file of this machine: servers on it find the new key there when they meet a value
  // sealed under it, so they keep working while the rows are re-sealed.
  const current = splitKeys(credentialSecret(undefined, config.dataDir));
  const first = given ?? (current.length > 1 ? (current[0] as string) : newEncryptionKey());
  const keys = [first, ...current.filter((k) => k !== first)];
  writeKeyFile(config.dataDir, keys);
  console.log(`${keyFilePath(config.dataDir)} seals with a new key now and still opens the old one.`);
  return keys;
}

function printSummary(results: ResealProgress[]): void {
  for (const r of results)
    console.log(
      `${`${r.table}.${r.column}`.padEnd(40)} ${r.resealed} re-sealed${r.unreadable ? `, ${r.unreadable} unreadable` : ''}`,
    );
}

/**
 * `retour rotate-key [--new-key K] [--batch N] [--drop-old]`: re-seals every stored secret under a
 * new encryption key while servers keep running. With RETOUR_ENCRYPTION_KEY the new key is the
 * first of its list ("new,old"), set on every process beforehand; with the data directory's key
 * file the command puts a new key (or K) first in it. `--drop-old` then removes the old keys from
 * the key file, once nothing stored needs them.
 */
export async function rotateKeyCommand(
  ctx: AppContext,
  config: Pick<RetourConfig, 'encryptionKey' | 'dataDir'>,
  flags: Flags,
): Promise<number> {
  const batchSize = intFlag(flags, 'batch', 200);
  if (flags['drop-old']) return dropOldKeys(ctx, config);
  const keys = rotationKeys(config, stringFlag(flags, 'new-key'));
  if (!keys) return config.encryptionKey && stringFlag(flags, 'new-key') ? 2 : 0;
  const box = new CredentialBox(keys.join(','));
  const bars = new Map<string, ProgressBar>();
  const results = await resealSecrets(ctx.db, box, {
    batchSize,
    onProgress: (p) => {
      const name = `${p.table}.${p.column}`;
      const bar = bars.get(name) ?? new ProgressBar(`Re-sealing ${name}`);
      bars.set(name, bar);
      bar.update(p.resealed + p.unreadable, Math.max(p.total, p.resealed + p.unreadable));
    },
  });
  for (const bar of bars.values()) bar.done();
  printSummary(results);
  const left = (await countStaleSecrets(ctx.db, box)).reduce((n, c) => n + c.total, 0);
  if (left > 0) {
    console.error(
      `${left} stored secret(s) are not under the new key (${box.sealingKeyId}) yet: a value no key opens, or one a ` +
        'process still on the old key sealed meanwhile. Keep the old key; restart every process with the new key ' +
        'first and run `retour rotate-key` again.',
    );
    return 1;
  }
  console.log(
    `Every stored secret is sealed under key ${box.sealingKeyId}. Once every process runs with the new key first, the ` +
      (config.encryptionKey
        ? 'old key may be dropped from RETOUR_ENCRYPTION_KEY (restart them one by one with the new key alone).'
        : 'old key may be dropped: `retour rotate-key --drop-old`.'),
  );
  return 0;
}

/** Keeps only the sealing key in the key file, when no stored secret needs another. */
async function dropOldKeys(ctx: AppContext, config: Pick<RetourConfig, 'encryptionKey' | 'dataDir'>): Promise<number> {
  if (config.encryptionKey) {
    console.error('The keys are in RETOUR_ENCRYPTION_KEY: remove the old one there (the first seals).');
    return 2;
  }
  const keys = splitKeys(credentialSecret(undefined, config.dataDir));
  const box = new CredentialBox(keys.join(','));
  const left = (await countStaleSecrets(ctx.db, box)).reduce((n, c) => n + c.total, 0);
  if (left > 0) {
    console.error(`${left} stored secret(s) still need an old key: run \`retour rotate-key\` first.`);
    return 1;
  }
  writeKeyFile(config.dataDir, keys.slice(0, 1));
  console.log(`${keyFilePath(config.dataDir)} holds only key ${box.sealingKeyId} now.`);
  return 0;
}
