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
import { processesLackingKey } from '../app/kernel/keyHolders.js';
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

/** Whether a live process lacks the new key (it would fail on every value re-sealed under it):
 * then they are listed and nothing is re-sealed. */
async function refusedForProcesses(ctx: AppContext, keyId: string): Promise<boolean> {
  const lacking = await processesLackingKey(ctx.db, keyId);
  if (lacking.length === 0) return false;
  console.error(
    `${lacking.length} running process(es) do not have the new key (${keyId}) yet; restart them with it first in ` +
      'RETOUR_ENCRYPTION_KEY ("new,old"), then run `retour rotate-key` again:',
  );
  for (const p of lacking) console.error(`  ${p.holder} (keys ${p.keyIds.join(', ')})`);
  return true;
}

/** Where a new key may come from besides the command line. */
export interface KeyInput {
  env: Record<string, string | undefined>;
  stdin: AsyncIterable<string | Buffer>;
}

/** The new key given: `--new-key K`, `--new-key -` (standard input) or RETOUR_NEW_ENCRYPTION_KEY,
 * the last two keeping it out of the shell's history; null when standard input held none. */
async function givenNewKey(flags: Flags, io: KeyInput): Promise<string | undefined | null> {
  const flag = stringFlag(flags, 'new-key');
  if (flag === '-') {
    let text = '';
    for await (const chunk of io.stdin) text += chunk.toString();
    return text.trim() || null;
  }
  return flag ?? (io.env.RETOUR_NEW_ENCRYPTION_KEY?.trim() || undefined);
}

function printSummary(results: ResealProgress[]): void {
  for (const r of results)
    console.log(
      `${`${r.table}.${r.column}`.padEnd(40)} ${r.resealed} re-sealed${r.unreadable ? `, ${r.unreadable} unreadable` : ''}`,
    );
}

/**
 * `retour rotate-key [--new-key K|-] [--batch N] [--drop-old]`: re-seals every stored secret under a
 * new encryption key while servers keep running. With RETOUR_ENCRYPTION_KEY the new key is the
 * first of its list ("new,old"), set on every process beforehand; with the data directory's key
 * file the command puts a new key (or K: given, read from standard input with `-`, or from
 * RETOUR_NEW_ENCRYPTION_KEY) first in it. `--drop-old` then removes the old keys from
 * the key file, once nothing stored needs them.
 */
export async function rotateKeyCommand(
  ctx: AppContext,
  config: Pick<RetourConfig, 'encryptionKey' | 'dataDir'>,
  flags: Flags,
  io: KeyInput = { env: process.env, stdin: process.stdin },
): Promise<number> {
  const batchSize = intFlag(flags, 'batch', 200);
  if (flags['drop-old']) return dropOldKeys(ctx, config);
  const given = await givenNewKey(flags, io);
  if (given === null) {
    console.error('--new-key - reads the new key from standard input, which was empty.');
    return 2;
  }
  const keys = rotationKeys(config, given);
  if (!keys) return config.encryptionKey && given ? 2 : 0;
  const box = new CredentialBox(keys.join(','));
  if (config.encryptionKey && (await refusedForProcesses(ctx, box.sealingKeyId))) return 1;
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

/** How many stored secrets are not under the box's sealing key, and where. */
async function staleSecrets(ctx: AppContext, box: CredentialBox): Promise<{ count: number; where: string }> {
  const stale = (await countStaleSecrets(ctx.db, box)).filter((c) => c.total > 0);
  return {
    count: stale.reduce((n, c) => n + c.total, 0),
    where: stale.map((c) => `${c.table}.${c.column}: ${c.total}`).join(', '),
  };
}

/** Keeps only the sealing key in the key file, when no stored secret needs another. The rows are
 * looked at again right before the file is written, and once more after: a server sealing with
 * an old key meanwhile (one that had not yet seen the new file) gets the old keys put back. */
async function dropOldKeys(ctx: AppContext, config: Pick<RetourConfig, 'encryptionKey' | 'dataDir'>): Promise<number> {
  if (config.encryptionKey) {
    console.error('The keys are in RETOUR_ENCRYPTION_KEY: remove the old one there (the first seals).');
    return 2;
  }
  const keys = splitKeys(credentialSecret(undefined, config.dataDir));
  const box = new CredentialBox(keys.join(','));
  const before = await staleSecrets(ctx, box);
  if (before.count > 0) {
    console.error(`${before.count} stored secret(s) still need an old key (${before.where}): run \`retour rotate-key\` first.`);
    return 1;
  }
  writeKeyFile(config.dataDir, keys.slice(0, 1));
  const after = await staleSecrets(ctx, box);
  if (after.count > 0) {
    writeKeyFile(config.dataDir, keys);
    console.error(
      `${after.count} secret(s) were sealed under an old key while dropping it (${after.where}); the old keys are kept: ` +
        'run `retour rotate-key` again, then `--drop-old`.',
    );
    return 1;
  }
  console.log(`${keyFilePath(config.dataDir)} holds only key ${box.sealingKeyId} now.`);
  return 0;
}
