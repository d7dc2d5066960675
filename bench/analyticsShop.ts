import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { type DbHandle, openDb } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { type LargeShopOptions, type LargeShopResult, seedLargeShop } from '../src/demo/largeShop/seedLargeShop.js';
import { ADMIN_URL } from './pgDatabases.js';

/** The analytics bench's shop: a database of its own (`BENCH_ANALYTICS_DATABASE`, by default
 * retour_bench_analytics), kept between runs (making it is the slow part), so the other benches and
 * the tests never see it; another name leaves the default one, and whoever times queries on it, alone. */
export const FIXTURE_DATABASE = fixtureDatabase(process.env.BENCH_ANALYTICS_DATABASE);

function fixtureDatabase(name: string | undefined): string {
  const database = name?.trim() || 'retour_bench_analytics';
  // The name goes into statements unquoted.
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`BENCH_ANALYTICS_DATABASE is not a plain lower-case name: ${name}`);
  return database;
}

/** What the fixture is made of. A fixture is reused only when every one of these is what this
 * checkout would make: the same options, the same generator and catalogue (their sources'
 * hash), and the same schema (the migrations applied, none new). */
export interface FixtureStamp {
  orders: number;
  days: number;
  seed: number;
  /** The fixture's "now", kept so a reused fixture is read as of the day it was made. */
  asOf: string;
  generator: string;
  migrations: string[];
  /** How long making it took, and the rows it wrote per table. */
  seconds: number;
  rows: Record<string, number>;
}

export interface AnalyticsFixture {
  handle: DbHandle;
  url: string;
  stamp: FixtureStamp;
  /** The fixture was made in this run (null when an identical one was reused). */
  made: LargeShopResult | null;
}

const SOURCES = [
  'src/demo/largeShop',
  'src/demo/catalogue.ts',
  'src/demo/reasons.ts',
  'src/demo/demoShop.ts',
  'bench/analyticsShop.ts',
];

/** A hash of the sources that decide what the fixture holds. */
function generatorHash(): string {
  const hash = createHash('sha256');
  const root = join(import.meta.dirname, '..');
  for (const source of SOURCES) {
    const path = join(root, source);
    const files = source.endsWith('.ts')
      ? [path]
      : readdirSync(path)
          .sort()
          .map((f) => join(path, f));
    for (const file of files) hash.update(file.slice(root.length)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

async function withAdmin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end().catch(() => {});
  }
}

/** The stamp kept as the database's comment, or null when there is no such database or stamp. */
async function readStamp(): Promise<FixtureStamp | null> {
  const { rows } = await withAdmin((c) =>
    c.query<{ stamp: string | null }>(
      `select shobj_description(oid, 'pg_database') as stamp from pg_database where datname = $1`,
      [FIXTURE_DATABASE],
    ),
  );
  try {
    return rows[0]?.stamp ? (JSON.parse(rows[0].stamp) as FixtureStamp) : null;
  } catch {
    return null;
  }
}

function fixtureUrl(): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${FIXTURE_DATABASE}`;
  return url.toString();
}

const sameStamp = (a: FixtureStamp, b: Pick<FixtureStamp, 'orders' | 'days' | 'seed' | 'generator'>) =>
  a.orders === b.orders && a.days === b.days && a.seed === b.seed && a.generator === b.generator;

/** Opens the fixture when one identical to what `wanted` asks is there (schema included); else
 * makes it afresh in a new database and stamps it once it is whole. `rebuild` forces a new one. */
export async function analyticsFixture(
  wanted: Omit<LargeShopOptions, 'asOf'>,
  log: (line: string) => void,
  rebuild = false,
): Promise<AnalyticsFixture> {
  const generator = generatorHash();
  const url = fixtureUrl();
  const existing = rebuild ? null : await readStamp();
  if (existing && sameStamp(existing, { ...wanted, generator })) {
    const handle = await openDb({ databaseUrl: url, poolSize: 4 });
    // A migration this checkout has and the fixture lacks means another schema: make it again.
    const applied = await migrateToLatest(handle.db).catch(() => ['(failed)']);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handle.db);
    const migrations = rows.map((r) => r.name);
    if (applied.length === 0 && JSON.stringify(migrations) === JSON.stringify(existing.migrations)) {
      log(
        `[analytics] reusing ${FIXTURE_DATABASE}: same options, generator ${generator} and schema (${migrations.length} migrations)`,
      );
      return { handle, url, stamp: existing, made: null };
    }
    log(`[analytics] ${FIXTURE_DATABASE} has another schema (${applied.length} migrations new to it): making it again`);
    await handle.close();
  } else if (existing) {
    log(`[analytics] ${FIXTURE_DATABASE} was made with other options or another generator: making it again`);
  }
  await withAdmin(async (c) => {
    await c.query(`drop database if exists ${FIXTURE_DATABASE} with (force)`);
    await c.query(`create database ${FIXTURE_DATABASE}`);
  });
  const handle = await openDb({ databaseUrl: url, poolSize: 4 });
  await migrateToLatest(handle.db);
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handle.db);
  // Whole seconds: the shop's "now" is also the dashboards' today.
  const asOf = new Date(Math.floor(Date.now() / 1000) * 1000);
  log(`[analytics] making a shop of ${wanted.orders} orders over ${wanted.days} days in ${FIXTURE_DATABASE}…`);
  // Two connections: one loads while the other builds the indexes of the tables already loaded.
  const made = await seedLargeShop(handle.db, { ...wanted, asOf, connections: 2 }, (step, seconds) =>
    log(`[analytics]   ${step}: ${seconds.toFixed(1)} s`),
  );
  const stamp: FixtureStamp = {
    ...wanted,
    asOf: asOf.toISOString(),
    generator,
    migrations: rows.map((r) => r.name),
    seconds: made.seconds,
    rows: made.rows,
  };
  // Stamped last: a run that stopped halfway leaves no stamp, and the next one starts over.
  await withAdmin((c) => c.query(`comment on database ${FIXTURE_DATABASE} is '${JSON.stringify(stamp).replaceAll("'", "''")}'`));
  return { handle, url, stamp, made };
}
