import { type FormEvent, useState } from 'react';
import { SHOP_PLATFORM_FIELDS, type ShopSecretField } from '../../../../../../src/domain/shopConnectionFields.js';
import { SHOP_PLATFORM_NAMES, SHOP_PLATFORMS, type ShopPlatform } from '../../../../../../src/domain/shopPlatforms.js';
import { api } from '../../../api.js';
import { useT } from '../../../i18n.js';
import { FormActions } from '../../../ui/FormActions.js';
import type { useAction } from '../../../ui/useAction.js';
import { ConnectionMappings } from './ConnectionMappings.js';
import { bodyOf, type ConnectionDraft, draftOf, togglesOf } from './connectionDraft.js';
import type { ShopConnection } from './connectionModel.js';
import { CONNECTION_TEXTS } from './connectionTexts.js';

type Change = (patch: Partial<ConnectionDraft>) => void;

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
  const [draft, setDraft] = useState<ConnectionDraft>(() => draftOf(editing));
  const change: Change = (patch) => setDraft((d) => ({ ...d, ...patch }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = bodyOf(draft, editing);
    let saved: ShopConnection | null = null;
    const ok = await action.run(async () => {
      saved = editing
        ? await api<ShopConnection>('PUT', `/connections/${editing.id}`, body)
        : await api<ShopConnection>('POST', '/connections', { platform: draft.platform, ...body });
    });
    if (ok) {
      change({ secrets: {} });
      await onDone(saved);
    }
  }

  return (
    <form onSubmit={submit} aria-label={editing ? t.change : t.add}>
      <h3>{editing ? `${t.change}: ${editing.name}` : t.add}</h3>
      {editing && !editing.readable && <p className="error">{t.unreadable}</p>}
      <PlatformFields draft={draft} editing={editing} change={change} />
      <fieldset>
        <legend>{t.directions}</legend>
        <p className="muted">{t.inOrders}</p>
        {togglesOf(draft.platform).map((k) => (
          <label className="check" key={`${draft.platform}-${k}`}>
            <input
              type="checkbox"
              checked={draft.settings[k] !== false}
              onChange={(e) => change({ settings: { ...draft.settings, [k]: e.target.checked } })}
            />
            <span>{t[k]}</span>
          </label>
        ))}
        {draft.platform === 'channelengine' && (
          <label className="check">
            <input
              type="checkbox"
              checked={draft.settings.acknowledgeOrders === true}
              onChange={(e) => change({ settings: { ...draft.settings, acknowledgeOrders: e.target.checked } })}
            />
            <span>{t.acknowledgeOrders}</span>
          </label>
        )}
      </fieldset>
      <ConnectionMappings platform={draft.platform} settings={draft.settings} onChange={(settings) => change({ settings })} />
      <label className="check">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
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

/** The platform, where the shop is, the channel and the secrets the platform asks for. */
function PlatformFields({ draft, editing, change }: { draft: ConnectionDraft; editing: ShopConnection | null; change: Change }) {
  const t = useT(CONNECTION_TEXTS);
  const { platform } = draft;
  const { secrets: fields, optional } = SHOP_PLATFORM_FIELDS[platform];
  const stored = (f: ShopSecretField) => Boolean(editing?.readable && editing.fields.find((x) => x.field === f)?.stored);
  const label = (f: ShopSecretField) => (f === 'apiSecret' ? t.apiSecret : t[`${f}_${platform}` as keyof typeof t]);
  return (
    <div className="field-grid">
      <label>
        <span>{t.platform}</span>
        <select
          value={platform}
          disabled={editing !== null}
          onChange={(e) => change({ platform: e.target.value as ShopPlatform })}
        >
          {SHOP_PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {SHOP_PLATFORM_NAMES[p]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.name}</span>
        <input required maxLength={100} value={draft.name} onChange={(e) => change({ name: e.target.value })} />
      </label>
      <label>
        <span>{t[`shop_${platform}`]}</span>
        <input required maxLength={300} value={draft.shop} onChange={(e) => change({ shop: e.target.value })} />
      </label>
      <label>
        <span>
          {t.channelCode} <small className="muted">({t.optional})</small>
        </span>
        <input
          maxLength={64}
          pattern="[a-z0-9][a-z0-9_.\-]*"
          value={draft.channelCode}
          placeholder={platform}
          title={t.channelHint}
          onChange={(e) => change({ channelCode: e.target.value })}
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
            value={draft.secrets[f] ?? ''}
            onChange={(e) => change({ secrets: { ...draft.secrets, [f]: e.target.value } })}
          />
        </label>
      ))}
      {platform === 'shopify' && (
        <label>
          <span>{t.apiVersion}</span>
          <input
            pattern="\d{4}-\d{2}"
            placeholder="2026-01"
            value={draft.apiVersion}
            onChange={(e) => change({ apiVersion: e.target.value })}
          />
        </label>
      )}
    </div>
  );
}
