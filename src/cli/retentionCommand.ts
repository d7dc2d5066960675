import type { AppContext } from '../app/kernel/context.js';
import { RETENTION_STEPS, type RetentionReport, runRetention } from '../app/privacy/runRetention.js';
import { RETENTION_COUNT_KEYS, type RetentionCounts, type RetentionPeriods } from '../domain/privacy/retention.js';
import type { ParsedArgs } from './args.js';
import { ProgressBar } from './progress.js';

const WORDS: Record<keyof RetentionCounts, string> = {
  photos: 'photos',
  photoFiles: 'photo files',
  emails: 'e-mail bodies',
  returns: "closed returns' personal data",
  accessLog: 'access log entries',
  webhookPayloads: 'webhook payloads',
  webhookAttempts: 'webhook attempts',
  shopWebhooks: 'shop webhook bodies',
  carrierWebhooks: 'carrier webhook bodies',
  syncErrors: 'shop sync errors',
};

/** What a run removes row by row (photo files follow their rows). */
const ROW_KEYS = RETENTION_COUNT_KEYS.filter((k) => k !== 'photoFiles');

const PERIOD_WORDS: Record<keyof RetentionPeriods, string> = {
  photoDays: 'photos',
  emailDays: 'e-mail bodies',
  personalDays: "closed returns' personal data",
  logDays: 'logs',
};

/** The lines of a run's summary: the periods, then what went (or would go) per kind. */
export function retentionSummary(report: RetentionReport): string[] {
  const periods = (Object.keys(PERIOD_WORDS) as (keyof RetentionPeriods)[]).map(
    (k) => `  ${PERIOD_WORDS[k]}: ${report.periods[k] === null ? 'kept' : `${report.periods[k]} days`}`,
  );
  const verb = report.dryRun ? 'Would remove' : 'Removed';
  const counts = ROW_KEYS.map((k) => `  ${WORDS[k]}: ${report.counts[k]}`);
  return ['Retention periods:', ...periods, `${verb}:`, ...counts, `  ${WORDS.photoFiles}: ${report.counts.photoFiles}`];
}

/** Where the command writes: the summary, its complaints, and the progress bar. */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
  progress: NodeJS.WriteStream;
}

const consoleOutput: CommandOutput = { out: console.log, err: console.error, progress: process.stderr };

/** `retour retention run [--dry-run]`: enforces the retention periods now, with a progress bar
 * (over what a count found due first) and a summary; --dry-run counts and changes nothing. */
export async function runRetentionCommand(
  ctx: AppContext,
  args: string[],
  flags: ParsedArgs['flags'],
  io: CommandOutput = consoleOutput,
): Promise<number> {
  if (args[0] !== 'run') {
    io.err('Usage: retour retention run [--dry-run]');
    return 2;
  }
  const dryRun = flags['dry-run'] === true || flags['dry-run'] === 'true';
  const removed = (counts: RetentionCounts) => ROW_KEYS.reduce((n, k) => n + counts[k], 0);
  // A run's bar goes over what a count found due first; a dry run's over the kinds it counts.
  const due = dryRun ? null : await runRetention(ctx, { dryRun: true, startedBy: 'cli' });
  const total = due ? removed(due.counts) : RETENTION_STEPS.length;
  const bar = new ProgressBar(dryRun ? 'Counting' : 'Removing', io.progress);
  let counted = 0;
  const report = await runRetention(ctx, {
    dryRun,
    startedBy: 'cli',
    onProgress: (step, counts) => {
      if (total > 0) bar.update(dryRun ? ++counted : Math.min(removed(counts), total), total, WORDS[step]);
    },
  });
  // Kinds whose period is empty are not counted: the bar still ends.
  if (dryRun && counted < total) bar.update(total, total);
  bar.done();
  if (report.busy) {
    io.err('A retention run is under way in another process; nothing was done.');
    return 1;
  }
  for (const line of retentionSummary(report)) io.out(line);
  return 0;
}
