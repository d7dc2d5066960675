import type { RetourDb } from '../../db/connection.js';
import { getShopSettings } from './shopSettings.js';

/** What the shopper portal shows of the shop before anyone signs in: name, brand, languages, where
 * returns go and which stores take them. Nothing internal. */
export async function getPortalShop(db: RetourDb) {
  const [settings, stores] = await Promise.all([
    getShopSettings(db),
    db
      .selectFrom('warehouses')
      .select(['id', 'name', 'address', 'opening_hours'])
      .where('kind', '=', 'store')
      .orderBy('name')
      .execute(),
  ]);
  return {
    name: settings.name,
    logoUrl: settings.logoUrl,
    brandColor: settings.brandColor,
    supportEmail: settings.supportEmail,
    defaultLocale: settings.defaultLocale,
    locales: settings.locales,
    timezone: settings.timezone,
    returnAddress: settings.returnAddress,
    stores: stores.map((s) => ({ id: s.id, name: s.name, address: s.address, openingHours: s.opening_hours })),
  };
}
