import { SHOP_PLATFORM_FIELDS, type ShopSecretField } from '../../../../../../src/domain/shopConnectionFields.js';
import { SHOP_PLATFORM_CAPABILITIES, type ShopPlatform } from '../../../../../../src/domain/shopPlatforms.js';
import type { ShopConnection, ShopConnectionSettingsBody } from './connectionModel.js';

export type Toggle = 'importProducts' | 'refundThroughPlatform' | 'pushReturns' | 'pushRestocks';

/** What the connection form holds while it is being filled in. */
export interface ConnectionDraft {
  platform: ShopPlatform;
  name: string;
  shop: string;
  channelCode: string;
  apiVersion: string;
  enabled: boolean;
  secrets: Partial<Record<ShopSecretField, string>>;
  settings: ShopConnectionSettingsBody;
}

export function draftOf(editing: ShopConnection | null): ConnectionDraft {
  return {
    platform: editing?.platform ?? 'shopify',
    name: editing?.name ?? '',
    shop: editing?.shop ?? '',
    channelCode: editing?.channel.code ?? '',
    apiVersion: editing?.apiVersion ?? '',
    enabled: editing?.enabled ?? true,
    secrets: {},
    settings: editing?.settings ?? {},
  };
}

/** The toggles a platform can honour (src/domain/shopPlatforms.ts), each on unless switched off. */
export function togglesOf(platform: ShopPlatform): Toggle[] {
  const can = SHOP_PLATFORM_CAPABILITIES[platform];
  return [
    ...(can.ownsCatalog ? (['importProducts'] as const) : []),
    ...(can.refunds ? (['refundThroughPlatform'] as const) : []),
    ...(can.pushesReturns ? (['pushReturns'] as const) : []),
    ...(can.inventory ? (['pushRestocks'] as const) : []),
  ];
}

/** The body of the save: secrets only where typed, the shop and channel only where changed, and
 * only the settings of the platform chosen (one picked before the platform changed is not sent). */
export function bodyOf(draft: ConnectionDraft, editing: ShopConnection | null) {
  const { platform, settings } = draft;
  const given = Object.fromEntries(
    SHOP_PLATFORM_FIELDS[platform].secrets.flatMap((f) => (draft.secrets[f]?.trim() ? [[f, draft.secrets[f]?.trim()]] : [])),
  );
  const mappings =
    platform === 'channelengine'
      ? {
          reasonMap: settings.reasonMap,
          marketplaceReturnDays: settings.marketplaceReturnDays,
          // Off unless chosen: another system usually takes ChannelEngine's new orders.
          acknowledgeOrders: settings.acknowledgeOrders === true,
        }
      : platform === 'shopify'
        ? { locations: settings.locations }
        : {};
  const toggles = Object.fromEntries(togglesOf(platform).map((k) => [k, settings[k] !== false]));
  const shop = draft.shop.trim();
  const channelCode = draft.channelCode.trim();
  return {
    name: draft.name,
    enabled: draft.enabled,
    ...given,
    settings: { ...mappings, ...toggles },
    ...(shop !== (editing?.shop ?? '') ? { shop } : {}),
    ...(channelCode && channelCode !== editing?.channel.code ? { channelCode } : {}),
    ...(platform === 'shopify' ? { apiVersion: draft.apiVersion.trim() || null } : {}),
  };
}
