import type { Kysely } from 'kysely';
import type { Address, Database } from '../../db/schema.js';
import type { ShopperLocale } from '../../domain/policy/messages.js';

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
  };
}

const CACHE_MS = 5_000;
const cache = new WeakMap<object, { at: number; settings: ShopSettings }>();

/** Drops the cached settings of a database, after they changed (other processes catch up within
 * the cache's few seconds). */
export function forgetShopSettings(owner: object): void {
  cache.delete(owner);
}

/** The settings, re-read at most every few seconds: they are on the path of every return request
 * but change rarely. `reader` is the transaction to read through (a PGlite transaction holds the
 * only connection); `owner` is the database handle the cache belongs to. */
export async function getShopSettingsCached(owner: object, reader: Kysely<Database>): Promise<ShopSettings> {
  const hit = cache.get(owner);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.settings;
  const settings = await getShopSettings(reader);
  cache.set(owner, { at: Date.now(), settings });
  return settings;
}
