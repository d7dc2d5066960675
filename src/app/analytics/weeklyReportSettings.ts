import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { can, type StaffRole } from '../../domain/access.js';
import { RetourError } from '../../domain/errors.js';
import type { StaffLang } from '../../domain/staffNotifications.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';

/** Who gets the weekly analytics report, and when it goes. */
export interface WeeklyReportSettings {
  enabled: boolean;
  /** 1 Monday … 7 Sunday, in the shop's time zone. */
  weekday: number;
  /** The hour of that day (0–23) from which it goes. */
  hour: number;
  recipients: { staffUserId: string; name: string; email: string; locale: StaffLang; active: boolean }[];
}

export interface WeeklyReportSettingsInput {
  enabled: boolean;
  weekday: number;
  hour: number;
  recipients: { staffUserId: string; locale: StaffLang }[];
}

/** The weekly report's schedule and its recipients (by name). */
export async function weeklyReportSettings(db: Kysely<Database>): Promise<WeeklyReportSettings> {
  const [schedule, recipients] = await Promise.all([
    db
      .selectFrom('analytics_report_schedule')
      .select(['enabled', 'weekday', 'hour'])
      .where('id', '=', 'default')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('analytics_report_recipients as r')
      .innerJoin('staff_users as s', 's.id', 'r.staff_user_id')
      .select(['r.staff_user_id', 'r.locale', 's.name', 's.email', 's.active'])
      .orderBy('s.name')
      .orderBy('s.id')
      .execute(),
  ]);
  return {
    enabled: schedule.enabled,
    weekday: schedule.weekday,
    hour: schedule.hour,
    recipients: recipients.map((r) => ({
      staffUserId: r.staff_user_id,
      name: r.name,
      email: r.email,
      locale: r.locale === 'nl' ? 'nl' : 'en',
      active: r.active,
    })),
  };
}

/**
 * Sets when the weekly report goes and who gets it (the whole list). Only staff who may read
 * analytics can be chosen: the report holds sales and money figures. The change is a settings
 * event, from what to what.
 */
export async function updateWeeklyReportSettings(
  ctx: AppContext,
  meta: CommandMeta,
  input: WeeklyReportSettingsInput,
): Promise<WeeklyReportSettings> {
  return inUnit(ctx, meta, async (unit) => {
    const ids = [...new Set(input.recipients.map((r) => r.staffUserId))];
    const staff = ids.length
      ? await unit.tx.selectFrom('staff_users').select(['id', 'role']).where('id', 'in', ids).execute()
      : [];
    const refused = input.recipients.flatMap((r, i) => {
      const found = staff.find((s) => s.id === r.staffUserId);
      if (!found) return [{ path: `recipients.${i}.staffUserId`, message: `no staff member ${r.staffUserId}` }];
      if (!can(found.role as StaffRole, 'analytics.read'))
        return [{ path: `recipients.${i}.staffUserId`, message: `a ${found.role} may not read analytics` }];
      return [];
    });
    if (refused.length)
      throw new RetourError(
        'invalid',
        'REPORT_RECIPIENT_NOT_ALLOWED',
        'Recipients must be staff who may read analytics',
        refused,
      );
    const before = await weeklyReportSettings(unit.tx);
    await unit.tx
      .updateTable('analytics_report_schedule')
      .set({ enabled: input.enabled, weekday: input.weekday, hour: input.hour, updated_at: unit.now })
      .where('id', '=', 'default')
      .execute();
    await unit.tx.deleteFrom('analytics_report_recipients').execute();
    const chosen = new Map(input.recipients.map((r) => [r.staffUserId, r.locale]));
    if (chosen.size)
      await unit.tx
        .insertInto('analytics_report_recipients')
        .values([...chosen].map(([id, locale]) => ({ staff_user_id: id, locale, added_at: unit.now })))
        .execute();
    const after = await weeklyReportSettings(unit.tx);
    const brief = (s: WeeklyReportSettings) => ({
      enabled: s.enabled,
      weekday: s.weekday,
      hour: s.hour,
      recipients: s.recipients.map((r) => ({ staffUserId: r.staffUserId, locale: r.locale })),
    });
    unit.record({
      type: 'settings.updated',
      subjectType: 'shop',
      subjectId: 'default',
      data: { changed: { weeklyReport: { from: brief(before), to: brief(after) } } },
    });
    return after;
  });
}
