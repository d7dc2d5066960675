import type { Kysely } from 'kysely';
import type { Address, Database } from '../../db/schema.js';
import type { ShopperLocale } from '../../domain/policy/messages.js';
import type { AppCaches } from '../kernel/context.js';
import { TimedValue } from '../kernel/timedValue.js';

export interface ShopSettings {
  name: string;
  currency: string;
  timezone: string;
  defaultLocale: ShopperLocale;
  locales: ShopperLocale[];
  shipByDays: number;
  /** Days store credit from a return stays valid; null: it does not expire. */
  storeCreditValidityDays: number | null;
  /** Where the surplus of an exchange for something cheaper goes. */
  exchangeSurplus: 'refund' | 'store_credit';
  /** An instant exchange whose old item is not back by its date: charge the shopper, or review. */
  instantExchangeUnreturned: 'charge' | 'review';
  /** The published policy version that judges new returns. */
  activePolicyVersionId: string | null;
  returnAddress: Address | null;
  /** Brand for the shopper portal, e-mails and documents. */
  logoUrl: string | null;
  brandColor: string | null;
  supportEmail: string | null;
  /** What an hour of inspection costs, in minor units of the shop's currency: the costs report
   * prices recorded inspection time at it. */
  handlingRatePerHour: number;
}

/** The shop's settings (one row per installation, created by the first migration). */
export async function getShopSettings(db: Kysely<Database>): Promise<ShopSettings> {
  const row = await db.selectFrom('shop_settings').selectAll().where('id', '=', 'default').executeTakeFirstOrThrow();
  return {
    name: row.name,
    currency: row.currency,
    timezone: row.timezone,
    // Written only through updateShopSettings, which takes shopper locales.
    defaultLocale: row.default_locale as ShopperLocale,
    locales: row.locales as ShopperLocale[],
    shipByDays: row.ship_by_days,
    storeCreditValidityDays: row.store_credit_validity_days,
    exchangeSurplus: row.exchange_surplus === 'store_credit' ? 'store_credit' : 'refund',
    instantExchangeUnreturned: row.instant_exchange_unreturned === 'charge' ? 'charge' : 'review',
    activePolicyVersionId: row.active_policy_version_id,
    returnAddress: row.return_address,
    logoUrl: row.logo_url,
    brandColor: row.brand_color,
    supportEmail: row.support_email,
    handlingRatePerHour: row.analytics_handling_rate,
  };
}

const CACHE_MS = 5_000;

declare module '../kernel/context.js' {
  interface AppCaches {
    /** The shop's settings: on the path of every return request, but changed rarely. */
    shopSettings: TimedValue<ShopSettings>;
  }
}

export const shopSettingsCache = () => new TimedValue<ShopSettings>(CACHE_MS);

/** Drops the cached settings after they changed; resolves once the other processes were told
 * (they drop theirs within milliseconds). */
export function forgetShopSettings(caches: AppCaches): Promise<void> {
  return caches.shopSettings.forget();
}

/** The settings, re-read at most every few seconds. `reader` is the transaction to read through
 * (a PGlite transaction holds the only connection). */
export async function getShopSettingsCached(caches: AppCaches, reader: Kysely<Database>): Promise<ShopSettings> {
  return caches.shopSettings.get(() => getShopSettings(reader));
}
