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
    save: 'Add',
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
    save: 'Toevoegen',
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

const empty = { code: '', parentCode: '', en: '', nl: '', controllable: false, requiresPhoto: false, defect: false };

/** The reason catalogue, nested one level, with what each reason means for fees and photos. */
export function ReasonsTab() {
  const t = useT(T);
  const lang = useLang();
  const me = useMe();
  const state = useLoad(() => api<Reason[]>('GET', '/reasons'), []);
  const action = useAction();
  const [form, setForm] = useState(empty);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(() =>
      api('POST', '/reasons', {
        code: form.code,
        parentCode: form.parentCode || null,
        labels: { en: form.en, ...(form.nl ? { nl: form.nl } : {}) },
        controllable: form.controllable,
        requiresPhoto: form.requiresPhoto,
        defect: form.defect,
      }),
    );
    if (ok) {
      setForm(empty);
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
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {can(me.role, 'reasons.manage') && (
            <form className="card" onSubmit={submit} aria-labelledby="reason-add">
              <h2 id="reason-add">{t.add}</h2>
              <div className="toolbar">
                <label>
                  <span>{t.code}</span>
                  <input
                    required
                    pattern="[a-z0-9_]+"
                    value={form.code}
                    onChange={(e) => setForm({ ...form, code: e.target.value })}
                  />
                </label>
                <label>
                  <span>{t.parent}</span>
                  <select value={form.parentCode} onChange={(e) => setForm({ ...form, parentCode: e.target.value })}>
                    <option value="">{t.top}</option>
                    {rows
                      .filter((r) => !r.parentCode)
                      .map((r) => (
                        <option key={r.code} value={r.code}>
                          {r.code}
                        </option>
                      ))}
                  </select>
                </label>
                <label>
                  <span>{t.en}</span>
                  <input required value={form.en} onChange={(e) => setForm({ ...form, en: e.target.value })} />
                </label>
                <label>
                  <span>{t.nl}</span>
                  <input value={form.nl} onChange={(e) => setForm({ ...form, nl: e.target.value })} />
                </label>
              </div>
              {(['controllable', 'requiresPhoto', 'defect'] as const).map((k) => (
                <label className="check" key={k}>
                  <input type="checkbox" checked={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.checked })} />
                  <span>{k === 'controllable' ? t.controllable : k === 'requiresPhoto' ? t.photo : t.defect}</span>
                </label>
              ))}
              {action.error && <ErrorBox message={action.error} />}
              <button type="submit" className="primary" disabled={action.busy}>
                {t.save}
              </button>
            </form>
          )}
        </>
      )}
    </Loaded>
  );
}
