import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { RetourDb } from '../../src/db/connection.js';

export interface Finding {
  where: string;
  found: string;
}

/** Every column of every table in the database but the numeric ones, as the catalogue lists them
 * (not a list kept by hand: a table or a column type added later is scanned too). */
async function scannableColumns(db: RetourDb) {
  const { rows } = await sql<{ schema: string; table: string; column: string; type: string }>`
    select c.table_schema as schema, c.table_name as table, c.column_name as column, c.data_type as type
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where t.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema')
       and c.data_type not in ('smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision', 'boolean')
     order by 1, 2, 3`.execute(db);
  return rows;
}

/** An e-mail address is found only whole: ann@example.com is not in joann@example.com. */
function wholeAddress(value: string): string {
  if (!value.includes('@')) return '';
  return `(^|[^a-z0-9._%+-])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9_-])`;
}

/**
 * Looks in every column of every table but the numeric ones, read as text, for each value
 * (compared in lower case; bytes as they are) and for the bytes of each photo: answers where any
 * was found.
 */
export async function scanDatabase(db: RetourDb, values: string[], photos: Buffer[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const c of await scannableColumns(db)) {
    const table = sql`${sql.id(c.schema, c.table)}`;
    const column = sql.id(c.column);
    const asText = c.type === 'bytea' ? sql`encode(${column}, 'escape')` : sql`${column}::text`;
    // Named so that no column of the table scanned shadows them.
    const { rows } = await sql<{ v: string }>`
      select scan_value as v from unnest(${values}::text[], ${values.map(wholeAddress)}::text[]) as s(scan_value, scan_pattern)
       where exists (select 1 from ${table} where case when scan_pattern = '' then position(scan_value in lower(${asText})) > 0
         else lower(${asText}) ~ scan_pattern end)`.execute(db);
    for (const r of rows) findings.push({ where: `${c.schema}.${c.table}.${c.column}`, found: r.v });
    if (c.type !== 'bytea') continue;
    for (const [i, photo] of photos.entries()) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from ${table} where position(${photo} in ${column}) > 0`.execute(db);
      if (rows[0]?.n) findings.push({ where: `${c.schema}.${c.table}.${c.column}`, found: `photo ${i}` });
    }
  }
  return findings;
}

/** The values found nowhere in the database: a scan after an erasure proves something only for
 * values it found before (a trace spelled as no row holds it would pass by itself). */
export async function valuesMissing(db: RetourDb, values: string[]): Promise<string[]> {
  const found = new Set((await scanDatabase(db, values, [])).map((f) => f.found));
  return values.filter((v) => !found.has(v));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await filesUnder(path)));
    else files.push(path);
  }
  return files;
}

/** Looks in every file under the data directory for each value and each photo's bytes. */
export async function scanFiles(dataDir: string, values: string[], photos: Buffer[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const path of await filesUnder(dataDir)) {
    const bytes = await readFile(path);
    const text = bytes.toString('latin1').toLowerCase();
    for (const value of values)
      if (text.includes(Buffer.from(value, 'utf8').toString('latin1'))) findings.push({ where: path, found: value });
    for (const [i, photo] of photos.entries()) if (bytes.includes(photo)) findings.push({ where: path, found: `photo ${i}` });
  }
  return findings;
}

/** How many files are under the data directory (photos and the rest). */
export async function fileCount(dataDir: string): Promise<number> {
  return (await filesUnder(dataDir)).length;
}
