import { randomBytes } from 'node:crypto';
import { createStaffUser } from '../app/admin/createStaffUser.js';
import { cliActor } from '../app/kernel/context.js';
import { loadConfig, publicBaseUrl, type RetourConfig } from '../config/env.js';
import { DataDirInUseError } from '../db/dataDirOwner.js';
import { type DemoShowcase, demoShowcase, describeShowcase } from '../demo/showcase.js';
import { STAFF_ROLES, type StaffRole } from '../domain/access.js';
import { RetourError } from '../domain/errors.js';
import { isOneOf } from '../domain/oneOf.js';
import { RETURN_STATUSES } from '../domain/returnStatus.js';
import { boot, type Runtime } from '../runtime/boot.js';
import { runAnalyticsCommand } from './analyticsCommand.js';
import { intFlag, type ParsedArgs, parseArgs, stringFlag } from './args.js';
import { exportReturnsToPath } from './exportReturnsCommand.js';
import { runGdprCommand } from './gdprCommand.js';
import { gdprEraseCommand } from './gdprEraseCommand.js';
import { importOrdersFromFile, printImportSummary } from './importOrdersCommand.js';
import { runPolicyCommand } from './policyCommand.js';
import { runRetentionCommand } from './retentionCommand.js';
import { rotateKeyCommand } from './rotateKeyCommand.js';
import { serve } from './serve.js';
import { syncConnectionCommand } from './syncCommand.js';
import { runWorker } from './worker.js';

const HELP = `Usage: retour <command> [options]

Commands:
  serve [--demo] [--port N] [--host H]   Start the server (default command); --demo seeds a demo shop first
  worker                                 Run only the background workers (outbox, webhooks, emails, periodic
                                         rounds) beside servers started with RETOUR_WORKERS=off
  migrate                                Apply pending database migrations
  create-user --email E --name N --role R [--password P]
                                         Create a staff user (roles: ${STAFF_ROLES.join(', ')}); prints a password when none is given
  seed-demo [--customers N] [--orders N] Fill an empty database with the demo shop
  demo                                   Print the demo's ready-to-try orders and its admin login again
  import-orders <file.csv|file.json>     Import orders with a progress bar and a report of rejected rows
  sync <connection id or name> [--kind backfill|reconcile] [--resource orders|products]
                                         Bring a shop connection's orders (and products) in now, with a progress
                                         bar; a backfill that stopped goes on from where it was
  export-returns [--out file.csv] [--status s1,s2]
                                         Export returns as CSV, one row per return line (stdout without --out)
  analytics rebuild                      Build every analytics fact again from the live tables, with a progress bar
  gdpr export --customer ID | --email E [--out file.zip] [--lang en|nl]
                                         Everything kept about one shopper (all their customer rows by e-mail) as a
                                         ZIP: data.json, summary.html, summary.pdf, photos; recorded in the access log
  gdpr erase --customer ID | --email E --yes
                                         Erase one shopper's personal data everywhere (all their customer rows by
                                         e-mail), keeping amounts, dates and references; without --yes it only says
                                         what it would take and which open returns block it
  policy list [--json]                   Policy versions; * marks the active one
  policy simulate --version ID [--baseline ID] [--days 90] [--json]
                                         Replay a version against the last N days' returns and orders, next to
                                         the active version (or --baseline)
  retention run [--dry-run]              Remove what the shop's retention periods say is due now (photos, e-mail
                                         bodies, closed returns' personal data, logs), with progress and a
                                         summary; --dry-run only counts it
  rotate-key [--new-key K|-] [--batch N] [--drop-old]
                                         Re-seal every stored secret (provider, carrier and shop credentials,
                                         webhook and two-factor secrets) under a new encryption key while the
                                         servers keep running; --drop-old then drops the old one from the key file;
                                         --new-key - reads K from standard input (or RETOUR_NEW_ENCRYPTION_KEY)

The database is PostgreSQL when DATABASE_URL is set, else embedded PGlite in RETOUR_DATA_DIR (./data).`;

type Flags = ParsedArgs['flags'];
/** What a command that works on the database gets: the context, its arguments, and the migrations
 * the start applied. */
interface DatabaseRun {
  ctx: Runtime['ctx'];
  positional: string[];
  flags: Flags;
  migrationsApplied: string[];
}

async function createUser({ ctx, flags }: DatabaseRun): Promise<number> {
  const email = stringFlag(flags, 'email');
  const role = stringFlag(flags, 'role') as StaffRole | undefined;
  if (!email || !role || !STAFF_ROLES.includes(role)) {
    console.error(`create-user needs --email and --role (${STAFF_ROLES.join(', ')}), and --store for the store role`);
    return 2;
  }
  const given = stringFlag(flags, 'password');
  if (given !== undefined && given.length < 12) {
    console.error('The password needs at least 12 characters.');
    return 2;
  }
  const password = given ?? randomBytes(12).toString('base64url');
  const user = await createStaffUser(
    ctx,
    { actor: cliActor },
    // The store role works at one store: --store names it (a warehouse of kind store, by id).
    { email, name: stringFlag(flags, 'name') ?? email, password, role, storeId: stringFlag(flags, 'store') ?? null },
  );
  console.log(`Created ${user.role} ${user.email}${given ? '' : ` with password ${password}`}`);
  return 0;
}

async function seedDemoCommand({ ctx, flags }: DatabaseRun): Promise<number> {
  const { LARGE_SHOP_ORDERS, seedLargeShopCommand } = await import('./largeSeedCommand.js');
  const orders = intFlag(flags, 'orders', 5000);
  if (orders >= LARGE_SHOP_ORDERS) {
    await seedLargeShopCommand(ctx, orders);
    return 0;
  }
  const { seedDemoWithProgress } = await import('./seedDemoCommand.js');
  await seedDemoWithProgress(ctx, { customers: intFlag(flags, 'customers', 1000), orders });
  const showcase = await demoShowcase(ctx);
  if (showcase) for (const line of describeShowcase(showcase, null)) console.log(line);
  return 0;
}

async function importOrders({ ctx, positional, flags }: DatabaseRun): Promise<number> {
  const file = positional[1];
  if (!file) {
    console.error('import-orders needs a file: retour import-orders orders.csv');
    return 2;
  }
  const summary = await importOrdersFromFile(ctx, file, intFlag(flags, 'batch', 500));
  printImportSummary(summary);
  return summary.rejected.length > 0 && summary.imported === 0 ? 1 : 0;
}

async function exportReturns({ ctx, flags }: DatabaseRun): Promise<number> {
  const asked = stringFlag(flags, 'status')?.split(',').filter(Boolean);
  const unknown = asked?.filter((s) => !isOneOf(RETURN_STATUSES, s));
  if (unknown?.length) {
    console.error(`Unknown status: ${unknown.join(', ')}`);
    return 2;
  }
  const out = stringFlag(flags, 'out');
  const rows = await exportReturnsToPath(ctx, out, { status: asked?.filter((s) => isOneOf(RETURN_STATUSES, s)) });
  console.error(`Exported ${rows} return line(s)${out ? ` to ${out}` : ''}.`);
  return 0;
}

/** The commands that open the database, run once and close it again; each returns the exit code. */
const DATABASE_COMMANDS: Record<string, (run: DatabaseRun) => Promise<number>> = {
  migrate: async ({ migrationsApplied }) => {
    console.error(migrationsApplied.length ? `Applied: ${migrationsApplied.join(', ')}` : 'The database is up to date.');
    return 0;
  },
  'create-user': createUser,
  'seed-demo': seedDemoCommand,
  'import-orders': importOrders,
  'export-returns': exportReturns,
  sync: ({ ctx, positional, flags }) =>
    syncConnectionCommand(ctx, positional[1], { kind: stringFlag(flags, 'kind'), resource: stringFlag(flags, 'resource') }),
  policy: ({ ctx, positional, flags }) => runPolicyCommand(ctx, positional.slice(1), flags),
  analytics: ({ ctx, positional }) => runAnalyticsCommand(ctx, positional.slice(1)),
  gdpr: ({ ctx, positional, flags }) =>
    positional[1] === 'erase' ? gdprEraseCommand(ctx, flags) : runGdprCommand(ctx, positional.slice(1), flags),
  retention: ({ ctx, positional, flags }) => runRetentionCommand(ctx, positional.slice(1), flags),
  'rotate-key': ({ ctx, flags }) => rotateKeyCommand(ctx, configFrom(flags), flags),
};

/** The configuration from the environment, with what the flags override. */
function configFrom(flags: Flags): RetourConfig {
  const config = loadConfig();
  if (flags.demo) config.demo = true;
  if (typeof flags.port === 'string') config.port = intFlag(flags, 'port', config.port);
  if (typeof flags.host === 'string') config.host = flags.host;
  return config;
}

/** Runs a command; -1 means it keeps running (a server or workers). */
async function main(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const command = positional[0] ?? 'serve';
  if (flags.help || command === 'help') {
    console.log(HELP);
    return 0;
  }
  const config = configFrom(flags);
  if (command === 'serve') {
    await serve(config);
    return -1;
  }
  if (command === 'worker') {
    await runWorker(config);
    return -1;
  }
  if (command === 'demo') return printDemo(config);
  const run = Object.hasOwn(DATABASE_COMMANDS, command) ? DATABASE_COMMANDS[command] : undefined;
  if (!run) {
    console.error(`Unknown command "${command}".\n\n${HELP}`);
    return 2;
  }
  const { handle, ctx, migrationsApplied } = await boot(config, `retour ${command}`);
  try {
    return await run({ ctx, positional, flags, migrationsApplied });
  } finally {
    await handle.close();
  }
}

/** `retour demo`: the demo's ready-to-try orders and admin login. While a server holds the
 * embedded database, what it printed at its start (kept with its lock) is printed again. */
async function printDemo(config: RetourConfig): Promise<number> {
  let runtime: Awaited<ReturnType<typeof boot>>;
  try {
    runtime = await boot(config, 'retour demo');
  } catch (err) {
    const demo = err instanceof DataDirInUseError ? (err.owner.notes?.demo as DemoShowcase | undefined) : undefined;
    if (!(err instanceof DataDirInUseError) || !demo) throw err;
    console.log(`As printed by the server running at ${err.owner.url ?? '?'} (pid ${err.owner.pid}) when it started:`);
    for (const line of describeShowcase(demo, err.owner.url ?? null)) console.log(line);
    return 0;
  }
  try {
    const showcase = await demoShowcase(runtime.ctx);
    if (!showcase) {
      console.error('This database was not made by --demo or seed-demo (it has no demo admin).');
      return 1;
    }
    for (const line of describeShowcase(showcase, publicBaseUrl(config))) console.log(line);
    return 0;
  } finally {
    await runtime.handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof RetourError) console.error(`${err.code}: ${err.message}`);
    else console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
