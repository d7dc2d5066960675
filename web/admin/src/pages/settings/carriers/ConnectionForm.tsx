import { type FormEvent, useState } from 'react';
import { CARRIER_FIELDS, CARRIERS, type CarrierName, type CredentialField } from '../../../../../../src/domain/carriers.js';
import { api } from '../../../api.js';
import { useT } from '../../../i18n.js';
import { FormActions } from '../../../ui/FormActions.js';
import type { useAction } from '../../../ui/useAction.js';
import type { CarrierConnection } from './carrierModel.js';
import { CARRIER_NAMES, CARRIER_TEXTS } from './carrierTexts.js';

const OPTIONAL: readonly CredentialField[] = ['webhookSecret'];

/** A new connection, or a change to one: the fields of the chosen carrier, secrets as password
 * inputs that keep the stored value when left empty. */
export function ConnectionForm({
  editing,
  action,
  onDone,
}: {
  editing: CarrierConnection | null;
  action: ReturnType<typeof useAction>;
  onDone: () => Promise<void>;
}) {
  const t = useT(CARRIER_TEXTS);
  const [carrier, setCarrier] = useState<CarrierName>(editing?.carrier ?? 'sendcloud');
  const [name, setName] = useState(editing?.name ?? '');
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [values, setValues] = useState<Partial<Record<CredentialField, string>>>({});
  const stored = (f: CredentialField) => Boolean(editing?.readable && editing.fields.find((x) => x.field === f)?.stored);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const credentials = Object.fromEntries(
      CARRIER_FIELDS[carrier].flatMap((f) => (values[f]?.trim() ? [[f, values[f]?.trim()]] : [])),
    );
    const ok = await action.run(() =>
      editing
        ? api('PATCH', `/carriers/${editing.id}`, { name, enabled, ...credentials })
        : api('POST', '/carriers', { carrier, name, enabled, ...credentials }),
    );
    if (ok) {
      setValues({});
      if (!editing) setName('');
      await onDone();
    }
  }

  return (
    <form onSubmit={submit} aria-label={editing ? t.change : t.add}>
      <h3>{editing ? `${t.change}: ${editing.name}` : t.add}</h3>
      {editing && !editing.readable && <p className="error">{t.unreadable}</p>}
      <div className="field-grid">
        <label>
          <span>{t.carrier}</span>
          <select value={carrier} disabled={editing !== null} onChange={(e) => setCarrier(e.target.value as CarrierName)}>
            {CARRIERS.map((c) => (
              <option key={c} value={c}>
                {CARRIER_NAMES[c]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t.name}</span>
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        {CARRIER_FIELDS[carrier].map((f) => (
          <label key={`${carrier}-${f}`}>
            <span>
              {t[f]}
              {stored(f) && <small className="muted"> ({t.keepHint})</small>}
            </span>
            <input
              type="password"
              autoComplete="off"
              required={!stored(f) && !OPTIONAL.includes(f)}
              value={values[f] ?? ''}
              onChange={(e) => setValues({ ...values, [f]: e.target.value })}
            />
          </label>
        ))}
      </div>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        <span>{t.enabled}</span>
      </label>
      <FormActions busy={action.busy} error={action.error} changing={editing !== null} texts={t} onCancel={() => void onDone()} />
    </form>
  );
}
