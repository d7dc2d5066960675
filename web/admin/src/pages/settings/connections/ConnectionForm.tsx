import { type FormEvent, useState } from 'react';
import { SHOP_PLATFORM_FIELDS, type ShopSecretField } from '../../../../../../src/domain/shopConnectionFields.js';
import {
  SHOP_PLATFORM_CAPABILITIES,
  SHOP_PLATFORM_NAMES,
  SHOP_PLATFORMS,
  type ShopPlatform,
} from '../../../../../../src/domain/shopPlatforms.js';
import { api } from '../../../api.js';
import { useT } from '../../../i18n.js';
import { FormActions } from '../../../ui/FormActions.js';
import type { useAction } from '../../../ui/useAction.js';
import { ConnectionMappings } from './ConnectionMappings.js';
import type { ShopConnection, ShopConnectionSettingsBody } from './connectionModel.js';
import { CONNECTION_TEXTS } from './connectionTexts.js';

type Toggle = 'importProducts' | 'refundThroughPlatform' | 'pushReturns' | 'pushRestocks';

/** The toggles a platform can honour (src/domain/shopPlatforms.ts), each on unless switched off. */
function togglesOf(platform: ShopPlatform): Toggle[] {
  const can = SHOP_PLATFORM_CAPABILITIES[platform];
  return [
    ...(can.ownsCatalog ? (['importProducts'] as const) : []),
    ...(can.refunds ? (['refundThroughPlatform'] as const) : []),
    ...(can.pushesReturns ? (['pushReturns'] as const) : []),
    ...(can.inventory ? (['pushRestocks'] as const) : []),
  ];
}

/** A new connection, or a change to one: the fields the chosen platform asks for, secrets as
 * password inputs that keep the stored value when left empty, and what syncs in which direction. */
export function ConnectionForm({
  editing,
  action,
  onDone,
}: {
  editing: ShopConnection | null;
  action: ReturnType<typeof useAction>;
  onDone: (saved: ShopConnection | null) => Promise<void>;
}) {
  const t = useT(CONNECTION_TEXTS);
  const [platform, setPlatform] = useState<ShopPlatform>(editing?.platform ?? 'shopify');
  const [name, setName] = useState(editing?.name ?? '');
  const [shop, setShop] = useState(editing?.shop ?? '');
  const [channelCode, setChannelCode] = useState(editing?.channel.code ?? '');
  const [apiVersion, setApiVersion] = useState(editing?.apiVersion ?? '');
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [secrets, setSecrets] = useState<Partial<Record<ShopSecretField, string>>>({});
  const [settings, setSettings] = useState<ShopConnectionSettingsBody>(editing?.settings ?? {});
  const { secrets: fields, optional } = SHOP_PLATFORM_FIELDS[platform];
  const stored = (f: ShopSecretField) => Boolean(editing?.readable && editing.fields.find((x) => x.field === f)?.stored);
  const label = (f: ShopSecretField) => (f === 'apiSecret' ? t.apiSecret : t[`${f}_${platform}` as keyof typeof t]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const given = Object.fromEntries(fields.flatMap((f) => (secrets[f]?.trim() ? [[f, secrets[f]?.trim()]] : [])));
    // Only the current platform's toggles: one picked before the platform changed is not sent.
    const { importProducts: _p, refundThroughPlatform: _r, pushReturns: _s, pushRestocks: _i, ...mappings } = settings;
    const kept =
      platform === 'channelengine'
        ? { reasonMap: mappings.reasonMap, marketplaceReturnDays: mappings.marketplaceReturnDays }
        : platform === 'shopify'
          ? { locations: mappings.locations }
          : {};
    const toggles = Object.fromEntries(togglesOf(platform).map((k) => [k, settings[k] !== false]));
    const body = {
      name,
      enabled,
      ...given,
      settings: { ...kept, ...toggles },
      ...(shop.trim() !== (editing?.shop ?? '') ? { shop: shop.trim() } : {}),
      ...(channelCode.trim() && channelCode.trim() !== editing?.channel.code ? { channelCode: channelCode.trim() } : {}),
      ...(platform === 'shopify' ? { apiVersion: apiVersion.trim() || null } : {}),
    };
    let saved: ShopConnection | null = null;
    const ok = await action.run(async () => {
      saved = editing
        ? await api<ShopConnection>('PUT', `/connections/${editing.id}`, body)
        : await api<ShopConnection>('POST', '/connections', { platform, ...body });
    });
    if (ok) {
      setSecrets({});
      await onDone(saved);
    }
  }

  return (
    <form onSubmit={submit} aria-label={editing ? t.change : t.add}>
      <h3>{editing ? `${t.change}: ${editing.name}` : t.add}</h3>
      {editing && !editing.readable && <p className="error">{t.unreadable}</p>}
      <div className="field-grid">
        <label>
          <span>{t.platform}</span>
          <select value={platform} disabled={editing !== null} onChange={(e) => setPlatform(e.target.value as ShopPlatform)}>
            {SHOP_PLATFORMS.map((p) => (
              <option key={p} value={p}>
                {SHOP_PLATFORM_NAMES[p]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t.name}</span>
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          <span>{t[`shop_${platform}`]}</span>
          <input required maxLength={300} value={shop} onChange={(e) => setShop(e.target.value)} />
        </label>
        <label>
          <span>
            {t.channelCode} <small className="muted">({t.optional})</small>
          </span>
          <input
            maxLength={64}
            pattern="[a-z0-9][a-z0-9_.\-]*"
            value={channelCode}
            placeholder={platform}
            title={t.channelHint}
            onChange={(e) => setChannelCode(e.target.value)}
          />
        </label>
        {fields.map((f) => (
          <label key={`${platform}-${f}`}>
            <span>
              {label(f)}
              {optional.includes(f) && !stored(f) && <small className="muted"> ({t.optional})</small>}
              {stored(f) && <small className="muted"> ({t.keepHint})</small>}
            </span>
            <input
              type="password"
              autoComplete="off"
              required={!stored(f) && !optional.includes(f)}
              value={secrets[f] ?? ''}
              onChange={(e) => setSecrets({ ...secrets, [f]: e.target.value })}
            />
          </label>
        ))}
        {platform === 'shopify' && (
          <label>
            <span>{t.apiVersion}</span>
            <input
              pattern="\d{4}-\d{2}"
              placeholder="2025-07"
              value={apiVersion}
              onChange={(e) => setApiVersion(e.target.value)}
            />
          </label>
        )}
      </div>
      <fieldset>
        <legend>{t.directions}</legend>
        <p className="muted">{t.inOrders}</p>
        {togglesOf(platform).map((k) => (
          <label className="check" key={`${platform}-${k}`}>
            <input
              type="checkbox"
              checked={settings[k] !== false}
              onChange={(e) => setSettings({ ...settings, [k]: e.target.checked })}
            />
            <span>{t[k]}</span>
          </label>
        ))}
      </fieldset>
      <ConnectionMappings platform={platform} settings={settings} onChange={setSettings} />
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        <span>{t.enabled}</span>
      </label>
      <FormActions
        busy={action.busy}
        error={action.error}
        changing={editing !== null}
        texts={t}
        onCancel={() => void onDone(null)}
      />
    </form>
  );
}
