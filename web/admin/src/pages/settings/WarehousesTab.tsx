import { type FormEvent, useState } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { Empty, ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLabels } from '../../ui/useLabels.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    code: 'Code',
    name: 'Name',
    kind: 'Kind',
    warehouse: 'Warehouse',
    store: 'Store (takes returns over the counter)',
    address: 'Address',
    hours: 'Opening hours',
    isDefault: 'Default (receives unrouted returns)',
    yes: 'default',
    none: 'No warehouses yet.',
    add: 'Add a warehouse or store',
    line1: 'Street and number',
    postcode: 'Postcode',
    city: 'City',
    country: 'Country (ISO code)',
    save: 'Add',
    edit: 'Edit',
    editing: 'Edit',
    update: 'Save changes',
    cancel: 'Cancel',
    saved: 'Saved.',
  },
  nl: {
    code: 'Code',
    name: 'Naam',
    kind: 'Soort',
    warehouse: 'Magazijn',
    store: 'Winkel (neemt retouren aan de balie aan)',
    address: 'Adres',
    hours: 'Openingstijden',
    isDefault: 'Standaard (ontvangt niet-gerouteerde retouren)',
    yes: 'standaard',
    none: 'Nog geen magazijnen.',
    add: 'Magazijn of winkel toevoegen',
    line1: 'Straat en nummer',
    postcode: 'Postcode',
    city: 'Plaats',
    country: 'Land (ISO-code)',
    save: 'Toevoegen',
    edit: 'Wijzigen',
    editing: 'Wijzigen',
    update: 'Wijzigingen opslaan',
    cancel: 'Annuleren',
    saved: 'Opgeslagen.',
  },
});

interface Warehouse {
  id: string;
  code: string;
  name: string;
  kind: string;
  isDefault: boolean;
  address: { line1: string; postcode: string; city: string; country: string };
  openingHours: string | null;
}

const empty = {
  code: '',
  name: '',
  kind: 'warehouse',
  isDefault: false,
  openingHours: '',
  line1: '',
  postcode: '',
  city: '',
  country: 'NL',
};

const formOf = (w: Warehouse) => ({
  code: w.code,
  name: w.name,
  kind: w.kind,
  isDefault: w.isDefault,
  openingHours: w.openingHours ?? '',
  line1: w.address.line1,
  postcode: w.address.postcode,
  city: w.address.city,
  country: w.address.country,
});

export function WarehousesTab() {
  const t = useT(T);
  const label = useLabels();
  const me = useMe();
  const state = useLoad(() => api<Warehouse[]>('GET', '/warehouses'), []);
  const action = useAction();
  const [form, setForm] = useState(empty);
  // The warehouse being changed, or null while the form adds a new one.
  const [editing, setEditing] = useState<Warehouse | null>(null);
  const [saved, setSaved] = useState(false);
  const manage = can(me.role, 'warehouses.manage');
  const text = (k: 'code' | 'name' | 'openingHours' | 'line1' | 'postcode' | 'city' | 'country') => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }),
  });

  function edit(w: Warehouse) {
    action.clear();
    setSaved(false);
    setEditing(w);
    setForm(formOf(w));
    document.getElementById('wh-form')?.scrollIntoView({ block: 'nearest' });
  }

  function reset() {
    setEditing(null);
    setForm(empty);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const fields = {
      name: form.name,
      kind: form.kind,
      openingHours: form.openingHours || null,
      address: { line1: form.line1, postcode: form.postcode, city: form.city, country: form.country.toUpperCase() },
    };
    const ok = await action.run(() =>
      editing
        ? // The default can only move here, never be switched off: some warehouse must take unrouted returns.
          api('PATCH', `/warehouses/${editing.id}`, {
            ...fields,
            ...(form.isDefault && !editing.isDefault ? { isDefault: true } : {}),
          })
        : api('POST', '/warehouses', { code: form.code, isDefault: form.isDefault, ...fields }),
    );
    if (ok) {
      setSaved(Boolean(editing));
      reset();
      await state.reload();
    }
  }

  return (
    <>
      <Loaded state={state}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>{t.none}</Empty>
          ) : (
            <div className="card table-wrap">
              <table className="grid">
                <thead>
                  <tr>
                    <th scope="col">{t.code}</th>
                    <th scope="col">{t.name}</th>
                    <th scope="col">{t.kind}</th>
                    <th scope="col">{t.address}</th>
                    <th scope="col">{t.hours}</th>
                    {manage && (
                      <th scope="col">
                        <span className="sr-only">{t.edit}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((w) => (
                    <tr key={w.id}>
                      <td>
                        {w.code} {w.isDefault && <span className="badge good">{t.yes}</span>}
                      </td>
                      <td>{w.name}</td>
                      <td>{label.warehouseKind(w.kind)}</td>
                      <td>
                        {w.address.line1}, {w.address.postcode} {w.address.city} ({w.address.country})
                      </td>
                      <td>{w.openingHours ?? '—'}</td>
                      {manage && (
                        <td>
                          <button type="button" onClick={() => edit(w)} aria-label={`${t.edit} ${w.code}`}>
                            {t.edit}
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {manage && (
        <form className="card" id="wh-form" onSubmit={submit} aria-labelledby="wh-add">
          <h2 id="wh-add">{editing ? `${t.editing}: ${editing.code}` : t.add}</h2>
          {saved && (
            <p className="ok" role="status">
              {t.saved}
            </p>
          )}
          <div className="toolbar">
            <label>
              <span>{t.code}</span>
              <input required pattern="[a-z0-9_-]+" readOnly={Boolean(editing)} {...text('code')} />
            </label>
            <label>
              <span>{t.name}</span>
              <input required {...text('name')} />
            </label>
            <label>
              <span>{t.kind}</span>
              <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
                <option value="warehouse">{t.warehouse}</option>
                <option value="store">{t.store}</option>
              </select>
            </label>
          </div>
          <div className="toolbar">
            <label>
              <span>{t.line1}</span>
              <input required {...text('line1')} />
            </label>
            <label>
              <span>{t.postcode}</span>
              <input required {...text('postcode')} />
            </label>
            <label>
              <span>{t.city}</span>
              <input required {...text('city')} />
            </label>
            <label>
              <span>{t.country}</span>
              <input required size={3} {...text('country')} />
            </label>
          </div>
          <label>
            <span>{t.hours}</span>
            <input size={50} {...text('openingHours')} />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.isDefault}
              disabled={Boolean(editing?.isDefault)}
              onChange={(e) => setForm({ ...form, isDefault: e.target.checked })}
            />
            <span>{t.isDefault}</span>
          </label>
          {action.error && <ErrorBox message={action.error} />}
          <div className="toolbar">
            <button type="submit" className="primary" disabled={action.busy}>
              {editing ? t.update : t.save}
            </button>
            {editing && (
              <button type="button" onClick={reset}>
                {t.cancel}
              </button>
            )}
          </div>
        </form>
      )}
    </>
  );
}
