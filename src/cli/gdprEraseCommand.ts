import type { AppContext } from '../app/kernel/context.js';
import { eraseCustomer } from '../app/privacy/eraseCustomer.js';
import { customersOfPerson } from '../app/privacy/erasureScope.js';
import { erasureStatus } from '../app/privacy/erasureStatus.js';
import { RetourError } from '../domain/errors.js';
import type { ParsedArgs } from './args.js';
import { stringFlag } from './args.js';
import { systemUser } from './exportReturnsCommand.js';

type Flags = ParsedArgs['flags'];

/** Where the command's report goes (stderr: stdout stays free for pipes). */
export interface EraseOutput {
  write(text: string): unknown;
}

/** `retour gdpr erase --customer <id> | --email <e> --yes`: erases one shopper's personal data
 * (every customer row with their e-mail). Without --yes it only says what it would take and what
 * blocks it; run again, it removes photo files an earlier run could not. */
export async function gdprEraseCommand(ctx: AppContext, flags: Flags, out: EraseOutput = process.stderr): Promise<number> {
  const customerId = stringFlag(flags, 'customer');
  const email = stringFlag(flags, 'email');
  if (!customerId === !email) {
    out.write('gdpr erase needs either --customer <id> or --email <address>, and --yes to erase\n');
    return 2;
  }
  const asked = customerId ? { customerId } : { email: email as string };
  if (!flags.yes) return preview(ctx, asked, out);
  try {
    const result = await eraseCustomer(ctx, { actor: { type: 'cli', id: systemUser() } }, asked);
    const counts = Object.entries(result.counts).map(([kind, n]) => `${kind} ${n}`);
    out.write(
      result.outcome === 'already_erased'
        ? `Already erased (${result.erasureId}, ${result.erasedAt.toISOString()}).\n`
        : `Erased ${result.customerIds.length} customer row(s) (${result.erasureId}): ${counts.join(', ') || 'nothing else'}.\n`,
    );
    if (result.filesPending > 0)
      out.write(`${result.filesPending} photo file(s) could not be removed yet: run the command again.\n`);
    return result.filesPending > 0 ? 1 : 0;
  } catch (err) {
    if (!(err instanceof RetourError) || err.kind !== 'conflict') throw err;
    out.write(`${err.code}: ${err.message}\n`);
    return 1;
  }
}

async function preview(ctx: AppContext, asked: { customerId: string } | { email: string }, out: EraseOutput): Promise<number> {
  const first = (await customersOfPerson(ctx.db, asked))[0];
  if (!first) {
    out.write('No customer found.\n');
    return 1;
  }
  const status = await erasureStatus(ctx.db, first.id);
  if (status.erasedAt) {
    out.write(`Already erased on ${status.erasedAt.toISOString()}.\n`);
    return 0;
  }
  const { orders, returns, photos, emails } = status.holds;
  out.write(
    `Would erase ${status.customerIds.length} customer row(s): ${orders} order(s), ${returns} return(s), ${photos} photo(s), ${emails} e-mail(s); amounts, dates and references stay.\n`,
  );
  const blocked = [...status.blockers.openReturns, ...status.blockers.pendingSettlements];
  if (status.blockedBy) out.write(`Blocked (${status.blockedBy}) by returns ${blocked.join(', ')}.\n`);
  out.write('Add --yes to erase.\n');
  return 2;
}
