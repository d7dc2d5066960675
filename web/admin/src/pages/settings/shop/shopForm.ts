import type { ShopSettingsView as Shop } from '../../../../../../src/http/routes/admin/settings/schema.js';

export type { Shop };

/** The settings as the form edits them: empty text for what is not set. */
export function formOf(shop: Shop) {
  return {
    ...shop,
    logoUrl: shop.logoUrl ?? '',
    brandColor: shop.brandColor ?? '#1d4e5f',
    supportEmail: shop.supportEmail ?? '',
    creditDays: shop.storeCreditValidityDays === null ? '' : String(shop.storeCreditValidityDays),
    address: shop.returnAddress ?? { line1: '', postcode: '', city: '', country: 'NL' },
  };
}
export type ShopForm = ReturnType<typeof formOf>;
export type SetShopForm = (patch: Partial<ShopForm>) => void;

/** The settings as the API takes them: what is empty is not set. */
export function bodyOf(form: ShopForm) {
  return {
    name: form.name,
    timezone: form.timezone,
    defaultLocale: form.defaultLocale,
    locales: form.locales,
    shipByDays: Number(form.shipByDays),
    storeCreditValidityDays: form.creditDays === '' ? null : Number(form.creditDays),
    exchangeSurplus: form.exchangeSurplus,
    instantExchangeUnreturned: form.instantExchangeUnreturned,
    logoUrl: form.logoUrl || null,
    brandColor: form.brandColor || null,
    supportEmail: form.supportEmail || null,
    returnAddress: form.address.line1 ? form.address : null,
  };
}
