import { writeFile } from 'node:fs/promises';
import { recordAccess } from '../app/admin/accessLog.js';
import type { AppContext } from '../app/kernel/context.js';
import { exportShopperData } from '../app/privacy/exportShopperData.js';
import type { ParsedArgs } from './args.js';
import { stringFlag } from './args.js';
import { systemUser } from './exportReturnsCommand.js';

type Flags = ParsedArgs['flags'];

/** Where the command's progress and report go (stderr: stdout stays free for pipes). */
export interface GdprOutput {
  write(text: string): unknown;
}

/** `retour gdpr export --customer <id> | --email <e> [--out file.zip] [--lang en|nl]`: the access
 * request's bundle of one shopper written to a new file readable by its owner alone (an existing
 * file is refused, exit 1), with each step on stderr, and recorded in the access log as an export
 * by the system user who ran it. */
export async function gdprExportCommand(ctx: AppContext, flags: Flags, out: GdprOutput = process.stderr): Promise<number> {
  const customerId = stringFlag(flags, 'customer');
  const email = stringFlag(flags, 'email');
  const lang = stringFlag(flags, 'lang');
  if (!customerId === !email || (lang !== undefined && lang !== 'en' && lang !== 'nl')) {
    out.write('gdpr export needs either --customer <id> or --email <address> (and --lang en or nl, if given)\n');
    return 2;
  }
  const asked = customerId ? { customerId } : { email: email as string };
  const bundle = await exportShopperData(ctx, asked, {
    ...(lang ? { language: lang as 'en' | 'nl' } : {}),
    onProgress: (step) => out.write(`gdpr export: ${step}…\n`),
  });
  const path = stringFlag(flags, 'out') ?? bundle.fileName;
  // Only the one who ran it may read what is kept about a person, and an earlier file stays as it is.
  try {
    await writeFile(path, bundle.zip, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    out.write(`gdpr export: ${path} exists already; remove it or choose another file with --out\n`);
    return 1;
  }
  await recordAccess(
    ctx,
    {
      actor: { type: 'cli', id: systemUser() },
      action: 'export',
      subject: { type: 'customer', id: bundle.subject.customerIds[0] as string },
      detail: 'privacy.export',
      filters: { ...asked, customerIds: bundle.subject.customerIds, path },
    },
    (err) => out.write(`the export was not written to the access log: ${String(err)}\n`),
  );
  const rows = Object.values(bundle.document.sections).reduce((n, rowsOf) => n + rowsOf.length, 0);
  out.write(
    `Exported ${rows} record(s) and ${bundle.document.files.length} file(s) of ${bundle.subject.customerIds.length} customer row(s) to ${path}.\n`,
  );
  return 0;
}

/** `retour gdpr <subcommand>`: a shopper's rights over their data. */
export async function runGdprCommand(ctx: AppContext, args: string[], flags: Flags): Promise<number> {
  if (args[0] === 'export') return gdprExportCommand(ctx, flags);
  process.stderr.write(`Unknown gdpr command "${args[0] ?? ''}": try retour gdpr export --customer <id>\n`);
  return 2;
}
