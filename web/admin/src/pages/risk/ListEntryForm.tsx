import { type FormEvent, useState } from 'react';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { LIST_TEXTS } from './listTexts.js';
import { LIST_KINDS, type ListEntry, type ListKind, type ListName, type NewListEntry } from './riskWire.js';

const EMPTY = {
  list: 'block' as ListName,
  kind: 'email' as ListKind,
  value: '',
  line1: '',
  postcode: '',
  country: '',
  reason: '',
  until: '',
};

/** A new block- or allow-list entry: an address as its street, postcode and country (the server
 * keeps its normal form), a reason, and an end date if it should lapse by itself. */
export function ListEntryForm({ onAdded }: { onAdded: (entry: ListEntry) => void }) {
  const t = useT(LIST_TEXTS);
  const action = useAction();
  const [f, setF] = useState(EMPTY);
  const [done, setDone] = useState(false);
  const set = (patch: Partial<Form>) => {
    setDone(false);
    setF({ ...f, ...patch });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body: NewListEntry = {
      list: f.list,
      kind: f.kind,
      value:
        f.kind === 'address'
          ? { line1: f.line1.trim(), postcode: f.postcode.trim(), country: f.country.trim().toUpperCase() }
          : f.value.trim(),
      reason: f.reason.trim(),
      ...(f.until ? { until: new Date(`${f.until}T23:59:59`).toISOString() } : {}),
    };
    let added: ListEntry | null = null;
    const ok = await action.run(async () => {
      added = await api<ListEntry>('POST', '/risk/lists', body);
    });
    if (ok && added) {
      setF({ ...EMPTY, list: f.list, kind: f.kind });
      setDone(true);
      onAdded(added);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="list-entry-title">
      <h2 id="list-entry-title">{t.adding}</h2>
      <div className="toolbar">
        <label>
          <span>{t.list}</span>
          <select value={f.list} onChange={(e) => set({ list: e.target.value as ListName })}>
            <option value="block">{t.block}</option>
            <option value="allow">{t.allow}</option>
          </select>
        </label>
        <label>
          <span>{t.kind}</span>
          <select value={f.kind} onChange={(e) => set({ kind: e.target.value as ListKind })}>
            {LIST_KINDS.map((k) => (
              <option key={k} value={k}>
                {t[k]}
              </option>
            ))}
          </select>
        </label>
        <ValueFields f={f} set={set} />
        <label>
          <span>{t.reason}</span>
          <input required maxLength={500} size={30} value={f.reason} onChange={(e) => set({ reason: e.target.value })} />
        </label>
        <label>
          <span>{t.until}</span>
          <input type="date" value={f.until} onChange={(e) => set({ until: e.target.value })} />
        </label>
        <button type="submit" className="primary" disabled={action.busy}>
          {t.add}
        </button>
      </div>
      {action.error && <ErrorBox message={action.error} />}
      {done && (
        <p className="ok" role="status">
          {t.added}
        </p>
      )}
    </form>
  );
}

type Form = typeof EMPTY;

/** The value to list: an address as its three parts, anything else as one field. */
function ValueFields({ f, set }: { f: Form; set: (patch: Partial<Form>) => void }) {
  const t = useT(LIST_TEXTS);
  return f.kind === 'address' ? (
    <>
      <label>
        <span>{t.line1}</span>
        <input required value={f.line1} onChange={(e) => set({ line1: e.target.value })} />
      </label>
      <label>
        <span>{t.postcode}</span>
        <input required size={8} value={f.postcode} onChange={(e) => set({ postcode: e.target.value })} />
      </label>
      <label>
        <span>{t.country}</span>
        <input
          required
          size={3}
          minLength={2}
          maxLength={2}
          value={f.country}
          onChange={(e) => set({ country: e.target.value })}
        />
      </label>
    </>
  ) : (
    <label>
      <span>{f.kind === 'customer' ? t.customerId : t.value}</span>
      <input
        required
        type={f.kind === 'email' ? 'email' : f.kind === 'phone' ? 'tel' : 'text'}
        value={f.value}
        onChange={(e) => set({ value: e.target.value })}
      />
    </label>
  );
}
