import { useEffect, useState } from 'react';
import type { Reason } from '../../../../src/http/routes/admin/reasons/schema.js';
import type { ShopSettingsView } from '../../../../src/http/routes/admin/settings/schema.js';
import type { Channel } from '../../../../src/http/routes/catalog/channels/schema.js';
import { api } from '../api.js';
import { useLang } from '../i18n.js';
import { humanise, type Labels, labelsFor } from '../labels.js';

// The shop names its own reasons and channels; the back office reads them once per page load and
// shares them between screens (they change rarely, and a stale label is still the right one).
let reasons: Promise<Reason[]> | null = null;
let channels: Promise<Channel[]> | null = null;
let shop: Promise<ShopSettingsView> | null = null;

function useOnce<T>(load: () => Promise<T>, empty: T): T {
  const [value, setValue] = useState<T>(empty);
  useEffect(() => {
    let live = true;
    load().then(
      (v) => live && setValue(v),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [load]);
  return value;
}

const loadReasons = () => {
  reasons ??= api<Reason[]>('GET', '/reasons').catch((err) => {
    reasons = null;
    throw err;
  });
  return reasons;
};
const loadChannels = () => {
  channels ??= api<Channel[]>('GET', '/channels').catch((err) => {
    channels = null;
    throw err;
  });
  return channels;
};

const loadShop = () => {
  shop ??= api<ShopSettingsView>('GET', '/settings/shop').catch((err) => {
    shop = null;
    throw err;
  });
  return shop;
};

/** The shop's currency, for amounts that belong to no record (policy fees, rule thresholds); null
 * until it is known. */
export function useShopCurrency(): string | null {
  return useOnce(loadShop, null as ShopSettingsView | null)?.currency ?? null;
}

/** A reason's name in the staff member's language as the shop wrote it (GET /reasons), e.g.
 * not_as_described → "Niet zoals beschreven". */
export function useReasonLabel(): (code: string | null | undefined) => string {
  const lang = useLang();
  const list = useOnce(loadReasons, [] as Reason[]);
  return (code) => {
    if (!code) return '—';
    const r = list.find((x) => x.code === code);
    return r?.labels[lang] ?? r?.labels.en ?? humanise(code);
  };
}

/** A sales channel's name as the shop set it up, e.g. webshop → "Webshop NL". */
export function useChannelLabel(): (code: string | null | undefined) => string {
  const list = useOnce(loadChannels, [] as Channel[]);
  return (code) => {
    if (!code) return '—';
    return list.find((c) => c.code === code)?.name ?? humanise(code);
  };
}

/** The labels of every kind of code (see labels.ts) in the staff member's language. */
export function useLabels(): Labels {
  return labelsFor(useLang());
}
