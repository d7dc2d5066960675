import type { RetourDb } from '../../db/connection.js';
import type { AppContext } from '../kernel/context.js';

/** The database the dashboards read: the read replica when one is configured, else the primary. */
export function analyticsDbOf(ctx: Pick<AppContext, 'db' | 'analyticsDb'>): RetourDb {
  return ctx.analyticsDb ?? ctx.db;
}
