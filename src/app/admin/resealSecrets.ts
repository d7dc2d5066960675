import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CredentialBox } from '../kernel/credentialBox.js';

/** A column holding values sealed with the CredentialBox, and the key of its rows. */
export interface SealedColumn {
  table: string;
  key: string;
  column: string;
}

/**
 * Every column of sealed secrets: what `retour rotate-key` re-seals and checks. A table a newer
 * part of Retour adds may be missing from an older database; it is then skipped. A new sealed
 * column belongs here, or the old key stays needed for it.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'payment_providers', key: 'provider', column: 'credentials' },
  { table: 'carrier_connections', key: 'id', column: 'credentials' },
  { table: 'shop_connections', key: 'id', column: 'credentials' },
  { table: 'webhook_endpoints', key: 'id', column: 'secret' },
  { table: 'staff_two_factor', key: 'user_id', column: 'secret_sealed' },
  { table: 'sso_settings', key: 'id', column: 'client_secret_sealed' },
];

export interface ResealProgress {
  table: string;
  column: string;
  resealed: number;
  /** Rows whose value no key of the box opens (left as they are). */
  unreadable: number;
  /** Rows still sealed under another key when the pass began. */
  total: number;
}

/** Whether a sealed column's value is under another key than `keyId`: compared as a prefix, not
 * with LIKE, whose `_` a key id may hold. */
function underOtherKey(c: SealedColumn, keyId: string) {
  const prefix = `v2.${keyId}.`;
  return sql`${sql.ref(c.column)} is not null and left(${sql.ref(c.column)}, ${prefix.length}) <> ${prefix}`;
}

async function tableExists(db: Kysely<Database>, table: string): Promise<boolean> {
  const { rows } = await sql<{ found: string | null }>`select to_regclass(${table})::text as found`.execute(db);
  return Boolean(rows[0]?.found);
}

/** The rows of a column not sealed under the box's sealing key, after `after` in key order. */
function staleRows(db: Kysely<Database>, c: SealedColumn, keyId: string, after: string | null, limit: number) {
  return sql<{ k: string; v: string }>`
    select ${sql.ref(c.key)}::text as k, ${sql.ref(c.column)} as v from ${sql.table(c.table)}
    where ${underOtherKey(c, keyId)}
      and (${after}::text is null or ${sql.ref(c.key)}::text > ${after})
    order by ${sql.ref(c.key)}::text limit ${limit}`.execute(db);
}

/** How many values of each sealed column are not (yet) under the box's sealing key. */
export async function countStaleSecrets(db: Kysely<Database>, box: CredentialBox): Promise<ResealProgress[]> {
  const counts: ResealProgress[] = [];
  for (const c of SEALED_COLUMNS) {
    if (!(await tableExists(db, c.table))) continue;
    const { rows } = await sql<{ n: string }>`
      select count(*)::text as n from ${sql.table(c.table)}
      where ${underOtherKey(c, box.sealingKeyId)}`.execute(db);
    counts.push({ table: c.table, column: c.column, resealed: 0, unreadable: 0, total: Number(rows[0]?.n ?? 0) });
  }
  return counts;
}

/**
 * Re-seals every stored secret under the box's sealing key, `batchSize` rows a statement, telling
 * `onProgress` after each batch. Each row is written only if it still holds what was read, so a
 * secret saved meanwhile by a running server (sealed under the new key already) is left as it is.
 * Rows already under the sealing key are not read again: a pass that stopped goes on where it was,
 * and a second pass finds nothing to do. A value no key opens is counted, not changed.
 */
export async function resealSecrets(
  db: Kysely<Database>,
  box: CredentialBox,
  options: { batchSize?: number; onProgress?: (progress: ResealProgress) => void | Promise<void> } = {},
): Promise<ResealProgress[]> {
  const batchSize = Math.max(1, options.batchSize ?? 200);
  const done = await countStaleSecrets(db, box);
  for (const progress of done) {
    const c = SEALED_COLUMNS.find((s) => s.table === progress.table && s.column === progress.column) as SealedColumn;
    let after: string | null = null;
    for (;;) {
      const { rows } = await staleRows(db, c, box.sealingKeyId, after, batchSize);
      if (rows.length === 0) break;
      for (const row of rows) {
        let next: string;
        try {
          next = box.reseal(row.v);
        } catch {
          progress.unreadable++;
          continue;
        }
        const result = await sql`update ${sql.table(c.table)} set ${sql.ref(c.column)} = ${next}
          where ${sql.ref(c.key)}::text = ${row.k} and ${sql.ref(c.column)} = ${row.v}`.execute(db);
        if (Number(result.numAffectedRows ?? 0) > 0) progress.resealed++;
      }
      after = rows[rows.length - 1]?.k ?? null;
      await options.onProgress?.({ ...progress });
    }
  }
  return done;
}
