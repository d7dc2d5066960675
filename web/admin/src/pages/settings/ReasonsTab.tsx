import { type FormEvent, useState } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { texts, useLang, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { Empty, ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    code: 'Code',
    label: 'Label',
    controllable: 'The shop’s doing (fees waived)',
    photo: 'Photo required',
    defect: 'Defect (legal guarantee)',
    active: 'Offered to shoppers',
    parent: 'Under',
    top: '— top level —',
    yes: 'yes',
    none: 'No reasons yet.',
    add: 'Add a reason',
    en: 'English label',
    nl: 'Dutch label',
    de: 'German label',
    fr: 'French label',
    save: 'Add',
    edit: 'Edit',
    editing: 'Edit reason',
    update: 'Save changes',
    cancel: 'Cancel',
    saved: 'Saved.',
  },
  nl: {
    code: 'Code',
    label: 'Omschrijving',
    controllable: 'Door de winkel veroorzaakt (geen kosten)',
    photo: 'Foto verplicht',
    defect: 'Defect (wettelijke garantie)',
    active: 'Aangeboden aan shoppers',
    parent: 'Onder',
    top: '— bovenste niveau —',
    yes: 'ja',
    none: 'Nog geen redenen.',
    add: 'Reden toevoegen',
    en: 'Engelse omschrijving',
    nl: 'Nederlandse omschrijving',
    de: 'Duitse omschrijving',
    fr: 'Franse omschrijving',
    save: 'Toevoegen',
    edit: 'Wijzigen',
    editing: 'Reden wijzigen',
    update: 'Wijzigingen opslaan',
    cancel: 'Annuleren',
    saved: 'Opgeslagen.',
  },
});

interface Reason {
  id: string;
  active: boolean;
  code: string;
  parentCode: string | null;
  labels: Record<string, string>;
  controllable: boolean;
  requiresPhoto: boolean;
  defect: boolean;
}

/** The shopper portal's languages: a reason can have a label in each. */
const LABEL_LANGS = ['en', 'nl', 'de', 'fr'] as const;

const empty = {
  code: '',
  parentCode: '',
  en: '',
  nl: '',
  de: '',
  fr: '',
  controllable: false,
  requiresPhoto: false,
  defect: false,
};

const formOf = (r: Reason) => ({
  code: r.code,
  parentCode: r.parentCode ?? '',
  en: r.labels.en ?? '',
  nl: r.labels.nl ?? '',
  de: r.labels.de ?? '',
  fr: r.labels.fr ?? '',
  controllable: r.controllable,
  requiresPhoto: r.requiresPhoto,
  defect: r.defect,
});

/** The reason catalogue, nested one level, with what each reason means for fees and photos. */
export function ReasonsTab() {
  const t = useT(T);
  const lang = useLang();
  const me = useMe();
  const state = useLoad(() => api<Reason[]>('GET', '/reasons'), []);
  const action = useAction();
  const [form, setForm] = useState(empty);
  // The reason being changed, or null while the form adds a new one.
  const [editing, setEditing] = useState<Reason | null>(null);
  const [saved, setSaved] = useState(false);

  function edit(r: Reason) {
    action.clear();
    setSaved(false);
    setEditing(r);
    setForm(formOf(r));
    document.getElementById('reason-form')?.scrollIntoView({ block: 'nearest' });
  }

  function reset() {
    setEditing(null);
    setForm(empty);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const labels = Object.fromEntries(LABEL_LANGS.filter((l) => form[l].trim()).map((l) => [l, form[l].trim()]));
    const fields = {
      parentCode: form.parentCode || null,
      labels,
      controllable: form.controllable,
      requiresPhoto: form.requiresPhoto,
      defect: form.defect,
    };
    const ok = await action.run(() =>
      editing ? api('PATCH', `/reasons/${editing.id}`, fields) : api('POST', '/reasons', { code: form.code, ...fields }),
    );
    if (ok) {
      setSaved(Boolean(editing));
      reset();
      await state.reload();
    }
  }

  return (
    <Loaded state={state}>
      {(rows) => (
        <>
          {rows.length === 0 ? (
            <Empty>{t.none}</Empty>
          ) : (
            <div className="card table-wrap">
              <table className="grid">
                <thead>
                  <tr>
                    <th scope="col">{t.code}</th>
                    <th scope="col">{t.label}</th>
                    <th scope="col">{t.controllable}</th>
                    <th scope="col">{t.photo}</th>
                    <th scope="col">{t.defect}</th>
                    <th scope="col">{t.active}</th>
                    {can(me.role, 'reasons.manage') && (
                      <th scope="col">
                        <span className="sr-only">{t.edit}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.code}>
                      <td>
                        {r.parentCode ? '↳ ' : ''}
                        {r.code}
                      </td>
                      <td>{r.labels[lang] ?? r.labels.en ?? Object.values(r.labels)[0]}</td>
                      <td>{r.controllable ? t.yes : '—'}</td>
                      <td>{r.requiresPhoto ? t.yes : '—'}</td>
                      <td>{r.defect ? t.yes : '—'}</td>
                      <td>
                        <label className="check">
                          <input
                            type="checkbox"
                            checked={r.active}
                            disabled={!can(me.role, 'reasons.manage') || action.busy}
                            onChange={(e) =>
                              void action.run(async () => {
                                await api('PATCH', `/reasons/${r.id}`, { active: e.target.checked });
                                await state.reload();
                              })
                            }
                          />
                          <span>
                            {r.active ? t.yes : '—'}
                            <span className="sr-only"> {r.code}</span>
                          </span>
                        </label>
                      </td>
                      {can(me.role, 'reasons.manage') && (
                        <td>
                          <button type="button" onClick={() => edit(r)} aria-label={`${t.edit} ${r.code}`}>
                            {t.edit}
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {can(me.role, 'reasons.manage') && (
            <form className="card" id="reason-form" onSubmit={submit} aria-labelledby="reason-add">
              <h2 id="reason-add">{editing ? `${t.editing}: ${editing.code}` : t.add}</h2>
              {saved && (
                <p className="ok" role="status">
                  {t.saved}
                </p>
              )}
              <div className="toolbar">
                <label>
                  <span>{t.code}</span>
                  <input
                    required
                    pattern="[a-z0-9_]+"
                    readOnly={Boolean(editing)}
                    value={form.code}
                    onChange={(e) => setForm({ ...form, code: e.target.value })}
                  />
                </label>
                <label>
                  <span>{t.parent}</span>
                  <select value={form.parentCode} onChange={(e) => setForm({ ...form, parentCode: e.target.value })}>
                    <option value="">{t.top}</option>
                    {rows
                      // A reason goes under a top-level one, never under itself.
                      .filter((r) => !r.parentCode && r.code !== editing?.code)
                      .map((r) => (
                        <option key={r.code} value={r.code}>
                          {r.code}
                        </option>
                      ))}
                  </select>
                </label>
              </div>
              <div className="toolbar">
                {LABEL_LANGS.map((l) => (
                  <label key={l}>
                    <span>{t[l]}</span>
                    <input
                      required={l === 'en'}
                      lang={l}
                      value={form[l]}
                      onChange={(e) => setForm({ ...form, [l]: e.target.value })}
                    />
                  </label>
                ))}
              </div>
              {(['controllable', 'requiresPhoto', 'defect'] as const).map((k) => (
                <label className="check" key={k}>
                  <input type="checkbox" checked={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.checked })} />
                  <span>{k === 'controllable' ? t.controllable : k === 'requiresPhoto' ? t.photo : t.defect}</span>
                </label>
              ))}
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
      )}
    </Loaded>
  );
}
