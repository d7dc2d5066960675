import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { RetourError } from '../../domain/errors.js';
import { RETENTION_FIELDS, type RetentionPeriods, retentionIssues } from '../../domain/privacy/retention.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';

const COLUMNS = {
  photoDays: 'retention_photo_days',
  emailDays: 'retention_email_days',
  personalDays: 'retention_personal_days',
  logDays: 'retention_log_days',
} as const satisfies Record<keyof RetentionPeriods, string>;

/** The shop's retention periods (null: kept). */
export async function getRetentionPeriods(db: Kysely<Database>): Promise<RetentionPeriods> {
  const row = await db
    .selectFrom('shop_settings')
    .select(Object.values(COLUMNS))
    .where('id', '=', 'default')
    .executeTakeFirstOrThrow();
  return {
    photoDays: row.retention_photo_days,
    emailDays: row.retention_email_days,
    personalDays: row.retention_personal_days,
    logDays: row.retention_log_days,
  };
}

/** Changes the periods given (null: keep that kind); the event keeps what changed, from what to what.
 * A period outside its limits is refused whole (422 RETENTION_PERIOD_OUT_OF_RANGE naming the field). */
export async function setRetentionPeriods(
  ctx: AppContext,
  meta: CommandMeta,
  patch: Partial<RetentionPeriods>,
): Promise<RetentionPeriods> {
  const issues = retentionIssues(patch);
  if (issues.length > 0) {
    throw new RetourError('invalid', 'RETENTION_PERIOD_OUT_OF_RANGE', 'A retention period is outside its limits', issues);
  }
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const before = await getRetentionPeriods(tx);
    const given = RETENTION_FIELDS.filter((f) => patch[f] !== undefined);
    if (given.length > 0) {
      await tx
        .updateTable('shop_settings')
        .set({ ...Object.fromEntries(given.map((f) => [COLUMNS[f], patch[f]])), updated_at: now })
        .where('id', '=', 'default')
        .execute();
    }
    const after = await getRetentionPeriods(tx);
    const changed = given.filter((f) => before[f] !== after[f]);
    if (changed.length > 0) {
      record({
        type: 'settings.retention_changed',
        subjectType: 'shop',
        subjectId: 'default',
        data: { changed: Object.fromEntries(changed.map((f) => [f, { from: before[f], to: after[f] }])) },
      });
    }
    return after;
  });
}
