import type { Address } from '../../db/schema.js';
import { RetourError } from '../../domain/errors.js';
import type { ShopperLocale } from '../../domain/policy/messages.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { forgetShopSettings, getShopSettings, type ShopSettings } from './shopSettings.js';

export interface ShopSettingsPatch {
  name?: string;
  timezone?: string;
  defaultLocale?: ShopperLocale;
  locales?: ShopperLocale[];
  shipByDays?: number;
  storeCreditValidityDays?: number | null;
  exchangeSurplus?: ShopSettings['exchangeSurplus'];
  instantExchangeUnreturned?: ShopSettings['instantExchangeUnreturned'];
  returnAddress?: Address | null;
  logoUrl?: string | null;
  brandColor?: string | null;
  supportEmail?: string | null;
  handlingRatePerHour?: number;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Changes the shop's settings; the event keeps what changed, from what to what. */
export async function updateShopSettings(ctx: AppContext, meta: CommandMeta, patch: ShopSettingsPatch): Promise<ShopSettings> {
  if (patch.timezone !== undefined && !isTimeZone(patch.timezone)) {
    throw new RetourError('invalid', 'INVALID_TIME_ZONE', `Unknown time zone ${patch.timezone}`, [
      { path: 'timezone', message: 'an IANA time zone such as Europe/Amsterdam' },
    ]);
  }
  const after = await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const before = await getShopSettings(tx);
    const locales = patch.locales ?? before.locales;
    const defaultLocale = patch.defaultLocale ?? before.defaultLocale;
    if (!locales.includes(defaultLocale)) {
      throw new RetourError('invalid', 'DEFAULT_LOCALE_NOT_OFFERED', 'The default language must be one of the languages', [
        {
          path: patch.defaultLocale !== undefined ? 'defaultLocale' : 'locales',
          message: `add ${defaultLocale} or pick another`,
        },
      ]);
    }
    await tx
      .updateTable('shop_settings')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.timezone !== undefined ? { timezone: patch.timezone } : {}),
        ...(patch.defaultLocale !== undefined ? { default_locale: patch.defaultLocale } : {}),
        ...(patch.locales !== undefined ? { locales: JSON.stringify(patch.locales) } : {}),
        ...(patch.shipByDays !== undefined ? { ship_by_days: patch.shipByDays } : {}),
        ...(patch.storeCreditValidityDays !== undefined ? { store_credit_validity_days: patch.storeCreditValidityDays } : {}),
        ...(patch.exchangeSurplus !== undefined ? { exchange_surplus: patch.exchangeSurplus } : {}),
        ...(patch.instantExchangeUnreturned !== undefined
          ? { instant_exchange_unreturned: patch.instantExchangeUnreturned }
          : {}),
        ...(patch.returnAddress !== undefined ? { return_address: JSON.stringify(patch.returnAddress) } : {}),
        ...(patch.logoUrl !== undefined ? { logo_url: patch.logoUrl } : {}),
        ...(patch.brandColor !== undefined ? { brand_color: patch.brandColor?.toLowerCase() ?? null } : {}),
        ...(patch.supportEmail !== undefined ? { support_email: patch.supportEmail } : {}),
        ...(patch.handlingRatePerHour !== undefined ? { analytics_handling_rate: patch.handlingRatePerHour } : {}),
        updated_at: now,
      })
      .where('id', '=', 'default')
      .execute();
    const after = await getShopSettings(tx);
    const changed = (Object.keys(patch) as (keyof ShopSettingsPatch)[]).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    );
    if (changed.length > 0) {
      record({
        type: 'settings.updated',
        subjectType: 'shop',
        subjectId: 'default',
        data: { changed: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])) },
      });
    }
    return after;
  });
  await forgetShopSettings(ctx.caches);
  return after;
}
