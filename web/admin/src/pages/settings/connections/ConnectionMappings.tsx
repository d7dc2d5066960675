import { CHANNELENGINE_RETURN_REASONS, DEFAULT_MARKETPLACE_REASON_MAP } from '../../../../../../src/domain/marketplaceReturns.js';
import type { ShopPlatform } from '../../../../../../src/domain/shopPlatforms.js';
import { api } from '../../../api.js';
import { useLang, useT } from '../../../i18n.js';
import type { Reason } from '../../../types.js';
import { Loaded } from '../../../ui/States.js';
import { useLoad } from '../../../ui/useLoad.js';
import type { ShopConnectionSettingsBody } from './connectionModel.js';
import { CONNECTION_TEXTS } from './connectionTexts.js';

interface WarehouseRef {
  id: string;
  name: string;
}

/** What a platform's settings map onto the shop's own: Shopify's location per warehouse (where
 * restocked units go), a marketplace's return reasons onto the shop's reasons and its return term. */
export function ConnectionMappings({
  platform,
  settings,
  onChange,
}: {
  platform: ShopPlatform;
  settings: ShopConnectionSettingsBody;
  onChange: (next: ShopConnectionSettingsBody) => void;
}) {
  if (platform === 'shopify' && settings.pushRestocks !== false) return <Locations settings={settings} onChange={onChange} />;
  if (platform === 'channelengine') return <MarketplaceReasons settings={settings} onChange={onChange} />;
  return null;
}

function Locations({
  settings,
  onChange,
}: {
  settings: ShopConnectionSettingsBody;
  onChange: (next: ShopConnectionSettingsBody) => void;
}) {
  const t = useT(CONNECTION_TEXTS);
  const warehouses = useLoad(() => api<WarehouseRef[]>('GET', '/warehouses'), []);
  const set = (id: string, value: string) => {
    const { [id]: _old, ...rest } = settings.locations ?? {};
    onChange({ ...settings, locations: value.trim() ? { ...rest, [id]: value.trim() } : rest });
  };
  return (
    <fieldset>
      <legend>{t.locations}</legend>
      <p className="muted">{t.locationsHint}</p>
      <Loaded state={warehouses}>
        {(items) => (
          <div className="field-grid">
            {items.map((w) => (
              <label key={w.id}>
                <span>{w.name}</span>
                <input
                  maxLength={200}
                  placeholder="gid://shopify/Location/…"
                  value={settings.locations?.[w.id] ?? ''}
                  onChange={(e) => set(w.id, e.target.value)}
                />
              </label>
            ))}
          </div>
        )}
      </Loaded>
    </fieldset>
  );
}

function MarketplaceReasons({
  settings,
  onChange,
}: {
  settings: ShopConnectionSettingsBody;
  onChange: (next: ShopConnectionSettingsBody) => void;
}) {
  const t = useT(CONNECTION_TEXTS);
  const lang = useLang();
  const reasons = useLoad(() => api<Reason[]>('GET', '/reasons'), []);
  const set = (theirs: string, ours: string) => {
    const { [theirs]: _old, ...rest } = settings.reasonMap ?? {};
    onChange({ ...settings, reasonMap: ours ? { ...rest, [theirs]: ours } : rest });
  };
  const days = settings.marketplaceReturnDays;
  return (
    <fieldset>
      <legend>{t.reasonMap}</legend>
      <p className="muted">{t.reasonMapHint}</p>
      <Loaded state={reasons}>
        {(items) => (
          <div className="field-grid">
            {CHANNELENGINE_RETURN_REASONS.map((theirs) => (
              <label key={theirs}>
                <span>
                  <code>{theirs}</code>
                </span>
                <select value={settings.reasonMap?.[theirs] ?? ''} onChange={(e) => set(theirs, e.target.value)}>
                  <option value="">{t.reasonDefault.replace('{code}', DEFAULT_MARKETPLACE_REASON_MAP[theirs])}</option>
                  {items
                    .filter((r) => r.active)
                    .map((r) => (
                      <option key={r.code} value={r.code}>
                        {r.labels[lang] ?? r.labels.en ?? r.code}
                      </option>
                    ))}
                </select>
              </label>
            ))}
          </div>
        )}
      </Loaded>
      <label>
        <span>{t.marketplaceReturnDays}</span>
        <input
          type="number"
          min={0}
          max={365}
          value={days ?? ''}
          onChange={(e) => {
            const { marketplaceReturnDays: _old, ...rest } = settings;
            onChange(e.target.value === '' ? rest : { ...rest, marketplaceReturnDays: Number(e.target.value) });
          }}
        />
      </label>
    </fieldset>
  );
}
