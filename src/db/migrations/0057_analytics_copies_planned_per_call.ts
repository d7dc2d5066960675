import type { Kysely } from 'kysely';
import { createCopyFunctions } from './0042_analytics_narrow_facts.js';

// The narrow facts' copy triggers (0042) kept the plans a session made at their first firing. A
// session that first fired while the statistics called a copy empty (a new shop, analysed) kept a
// scan of the whole copy for each deleted row, for as long as it lived: the workers' sessions live
// for weeks, PGlite's one session for the process. A refresh of a few hundred customers came to
// take seconds as the shop grew. Each statement is now planned when it runs.

export async function up(db: Kysely<unknown>): Promise<void> {
  await createCopyFunctions(db, 'per-call');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await createCopyFunctions(db, 'cached', { replace: true });
}
