import { type Migration, type MigrationProvider, type MigrationResult, Migrator } from 'kysely';
import type { RetourDb } from './connection.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_policies.js';
import * as m0003 from './migrations/0003_feedback.js';
import * as m0004 from './migrations/0004_portal.js';
import * as m0005 from './migrations/0005_backoffice.js';
import * as m0006 from './migrations/0006_money.js';
import * as m0007 from './migrations/0007_refund_facts.js';
import * as m0008 from './migrations/0008_exchanges.js';
import * as m0009 from './migrations/0009_webhooks.js';
import * as m0010 from './migrations/0010_exchange_payments.js';
import * as m0011 from './migrations/0011_emails.js';
import * as m0012 from './migrations/0012_staff_notifications.js';
import * as m0013 from './migrations/0013_automation.js';
import * as m0015 from './migrations/0015_stock_search.js';
import * as m0016 from './migrations/0016_variant_position.js';
import * as m0018 from './migrations/0018_repairs.js';
import * as m0019 from './migrations/0019_process_leases.js';
import * as m0020 from './migrations/0020_sandbox_payments.js';
import * as m0021 from './migrations/0021_amounts_bigint.js';
import * as m0022 from './migrations/0022_exchange_bonus.js';
import * as m0023 from './migrations/0023_logistics.js';
import * as m0024 from './migrations/0024_tracking_polls.js';
import * as m0025 from './migrations/0025_shop_connections.js';
import * as m0026 from './migrations/0026_store_counter.js';
import * as m0027 from './migrations/0027_platform_restocks.js';
import * as m0028 from './migrations/0028_settlement_claims.js';
import * as m0029 from './migrations/0029_category_owner.js';
import * as m0030 from './migrations/0030_shop_webhook_claims.js';
import * as m0031 from './migrations/0031_platform_line_refunds.js';
import * as m0032 from './migrations/0032_parcel_claims.js';
import * as m0033 from './migrations/0033_parcel_carriers.js';
import * as m0034 from './migrations/0034_stock_by_return_line.js';
import * as m0035 from './migrations/0035_parcel_watch_ended.js';
import * as m0036 from './migrations/0036_analytics.js';
import * as m0037 from './migrations/0037_analytics_facts.js';
import * as m0039 from './migrations/0039_analytics_weekly_report.js';
import * as m0040 from './migrations/0040_analytics_forecast_received.js';
import * as m0041 from './migrations/0041_analytics_product_and_shopper_indexes.js';
import * as m0042 from './migrations/0042_analytics_narrow_facts.js';
import * as m0043 from './migrations/0043_analytics_indexes_for_narrow_facts.js';
import * as m0044 from './migrations/0044_risk.js';
import * as m0045 from './migrations/0045_analytics_returners_index.js';
import * as m0046 from './migrations/0046_risk_list_indexes.js';
import * as m0047 from './migrations/0047_risk_normal_forms_plpgsql.js';
import * as m0048 from './migrations/0048_api_key_scopes.js';
import * as m0049 from './migrations/0049_two_factor.js';
import * as m0050 from './migrations/0050_access_log.js';
import * as m0051 from './migrations/0051_privacy_erasures.js';
import * as m0052 from './migrations/0052_retention.js';
import * as m0053 from './migrations/0053_single_sign_on.js';
import * as m0054 from './migrations/0054_secret_rotation.js';
import * as m0055 from './migrations/0055_privacy_indexes.js';
import * as m0056 from './migrations/0056_sso_trust_provider_mfa.js';
import * as m0057 from './migrations/0057_analytics_copies_planned_per_call.js';

// Migrations are imported statically (not read from a folder) so they work the same from
// source, from a bundle and inside tests.
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_policies': m0002,
  '0003_feedback': m0003,
  '0004_portal': m0004,
  '0005_backoffice': m0005,
  '0006_money': m0006,
  '0007_refund_facts': m0007,
  '0008_exchanges': m0008,
  '0009_webhooks': m0009,
  '0010_exchange_payments': m0010,
  '0011_emails': m0011,
  '0012_staff_notifications': m0012,
  '0013_automation': m0013,
  '0015_stock_search': m0015,
  '0016_variant_position': m0016,
  '0018_repairs': m0018,
  '0019_process_leases': m0019,
  '0020_sandbox_payments': m0020,
  '0021_amounts_bigint': m0021,
  '0022_exchange_bonus': m0022,
  '0023_logistics': m0023,
  '0024_tracking_polls': m0024,
  '0025_shop_connections': m0025,
  '0026_store_counter': m0026,
  '0027_platform_restocks': m0027,
  '0028_settlement_claims': m0028,
  '0029_category_owner': m0029,
  '0030_shop_webhook_claims': m0030,
  '0031_platform_line_refunds': m0031,
  '0032_parcel_claims': m0032,
  '0033_parcel_carriers': m0033,
  '0034_stock_by_return_line': m0034,
  '0035_parcel_watch_ended': m0035,
  '0036_analytics': m0036,
  '0037_analytics_facts': m0037,
  '0039_analytics_weekly_report': m0039,
  '0040_analytics_forecast_received': m0040,
  '0041_analytics_product_and_shopper_indexes': m0041,
  '0042_analytics_narrow_facts': m0042,
  '0043_analytics_indexes_for_narrow_facts': m0043,
  '0044_risk': m0044,
  '0045_analytics_returners_index': m0045,
  '0046_risk_list_indexes': m0046,
  '0047_risk_normal_forms_plpgsql': m0047,
  '0048_api_key_scopes': m0048,
  '0049_two_factor': m0049,
  '0050_access_log': m0050,
  '0051_privacy_erasures': m0051,
  '0052_retention': m0052,
  '0053_single_sign_on': m0053,
  '0054_secret_rotation': m0054,
  '0055_privacy_indexes': m0055,
  '0056_sso_trust_provider_mfa': m0056,
  '0057_analytics_copies_planned_per_call': m0057,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; returns the names applied now. */
export async function migrateToLatest(db: RetourDb): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies the pending migrations up to and including `name` (to stand a database where an older
 * version left it); returns the names applied now. */
export async function migrateTo(db: RetourDb, name: string): Promise<string[]> {
  if (!(name in migrations)) throw new Error(`no migration named ${name}`);
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
}
