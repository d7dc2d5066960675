import type { TimestampDefault, WithDefault } from './columns.js';

/** Tables of the weekly analytics report by e-mail. */

/** When the report goes (one row, id 'default'): a weekday (1 Monday … 7 Sunday) and an hour, in the shop's time zone. */
export interface AnalyticsReportScheduleTable {
  id: string;
  enabled: WithDefault<boolean>;
  weekday: WithDefault<number>;
  hour: WithDefault<number>;
  updated_at: TimestampDefault;
}

/** Staff an admin chose to get the report, each in their language. */
export interface AnalyticsReportRecipientsTable {
  staff_user_id: string;
  /** 'en' or 'nl'. */
  locale: string;
  added_at: TimestampDefault;
}
