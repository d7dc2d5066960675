import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { DEFAULT_RISK_SETTINGS, type RiskSettings, riskSettingsSchema } from '../../domain/risk/settings.js';
import type { AppCaches, AppContext, CommandMeta } from '../kernel/context.js';
import { TimedValue } from '../kernel/timedValue.js';
import { inUnit } from '../kernel/transaction.js';

/** The shop's risk settings and the key its portal sightings are hashed with. */
export interface RiskSetup {
  settings: RiskSettings;
  /** Whether the shop changed the settings (false: the defaults). */
  customised: boolean;
  salt: string;
  updatedAt: Date;
  updatedBy: string | null;
}

/** The stored settings, read as the current schema reads them: a signal added since they were saved
 * takes its default. */
export async function getRiskSetup(db: Kysely<Database>): Promise<RiskSetup> {
  const row = await db.selectFrom('risk_settings').selectAll().where('id', '=', 'shop').executeTakeFirstOrThrow();
  const stored = row.document as Partial<RiskSettings> | null;
  const settings = stored
    ? riskSettingsSchema.parse({
        ...DEFAULT_RISK_SETTINGS,
        ...stored,
        signals: { ...DEFAULT_RISK_SETTINGS.signals, ...(stored.signals ?? {}) },
      })
    : DEFAULT_RISK_SETTINGS;
  return { settings, customised: stored !== null, salt: row.salt, updatedAt: row.updated_at, updatedBy: row.updated_by };
}

const CACHE_MS = 5_000;

declare module '../kernel/context.js' {
  interface AppCaches {
    /** The risk settings: read by every return request and inspection, changed rarely. */
    riskSetup: TimedValue<RiskSetup>;
  }
}

export const riskSetupCache = () => new TimedValue<RiskSetup>(CACHE_MS);

/** The settings, re-read at most every few seconds; `reader` is the transaction to read through. */
export function getRiskSetupCached(caches: AppCaches, reader: Kysely<Database>): Promise<RiskSetup> {
  return caches.riskSetup.get(() => getRiskSetup(reader));
}

/** Replaces the settings (validated by the route against riskSettingsSchema), on the record. */
export async function updateRiskSettings(ctx: AppContext, meta: CommandMeta, settings: RiskSettings): Promise<RiskSetup> {
  await inUnit(ctx, meta, async ({ tx, now, record }) => {
    await tx
      .updateTable('risk_settings')
      .set({ document: JSON.stringify(settings), updated_at: now, updated_by: meta.actor.id })
      .where('id', '=', 'shop')
      .execute();
    record({ subjectType: 'risk_settings', subjectId: 'shop', type: 'risk.settings_updated', data: { settings } });
  });
  await ctx.caches.riskSetup.forget();
  return getRiskSetup(ctx.db);
}
