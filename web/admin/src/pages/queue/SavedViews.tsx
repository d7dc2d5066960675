import { type FormEvent, useState } from 'react';
import { api, problemText } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import type { SavedView, SavedViewList } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    views: 'Saved views',
    choose: 'Open a saved view',
    none: '— choose —',
    shared: 'shared',
    save: 'Save current filters',
    name: 'Name of the view',
    share: 'Share with colleagues',
    saveButton: 'Save view',
    remove: 'Delete view',
    cancel: 'Cancel',
  },
  nl: {
    views: 'Opgeslagen weergaven',
    choose: 'Open een opgeslagen weergave',
    none: '— kies —',
    shared: 'gedeeld',
    save: 'Huidige filters opslaan',
    name: 'Naam van de weergave',
    share: 'Delen met collega’s',
    saveButton: 'Weergave opslaan',
    remove: 'Weergave verwijderen',
    cancel: 'Annuleren',
  },
});

/** Named sets of queue filters: the caller's own and those colleagues shared. */
export function SavedViews({
  filters,
  onApply,
}: {
  filters: Record<string, string>;
  onApply: (f: Record<string, string>) => void;
}) {
  const t = useT(T);
  const views = useLoad(() => api<SavedViewList>('GET', '/saved-views'), []);
  const [current, setCurrent] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const items = views.data?.items ?? [];
  const chosen = items.find((v) => v.id === current);

  async function saved(view: SavedView) {
    await views.reload();
    setCurrent(view.id);
    setSaving(false);
  }

  async function remove() {
    if (!chosen) return;
    setError(null);
    try {
      await api('DELETE', `/saved-views/${chosen.id}`);
      setCurrent('');
      await views.reload();
    } catch (err) {
      setError(problemText(err));
    }
  }

  return (
    <section className="toolbar" aria-label={t.views}>
      <label>
        <span>{t.choose}</span>
        <select
          value={current}
          onChange={(e) => {
            setCurrent(e.target.value);
            const view = items.find((v) => v.id === e.target.value);
            if (view) onApply(view.filters);
          }}
        >
          <option value="">{t.none}</option>
          {items.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
              {v.shared ? ` (${t.shared})` : ''}
            </option>
          ))}
        </select>
      </label>
      {chosen?.mine && (
        <button type="button" className="danger" onClick={remove}>
          {t.remove}
        </button>
      )}
      {saving ? (
        <SaveViewForm filters={filters} onSaved={saved} onCancel={() => setSaving(false)} onError={setError} />
      ) : (
        <button type="button" onClick={() => setSaving(true)}>
          {t.save}
        </button>
      )}
      {error && <ErrorBox message={error} />}
    </section>
  );
}

/** Naming the current filters as a view, for oneself or shared with colleagues. */
function SaveViewForm({
  filters,
  onSaved,
  onCancel,
  onError,
}: {
  filters: Record<string, string>;
  onSaved: (view: SavedView) => Promise<void>;
  onCancel: () => void;
  onError: (error: string | null) => void;
}) {
  const t = useT(T);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    onError(null);
    try {
      const view = await api<SavedView>('POST', '/saved-views', { name, filters, shared });
      await onSaved(view);
    } catch (err) {
      onError(problemText(err));
    }
  }

  return (
    <form className="toolbar" onSubmit={save}>
      <label>
        <span>{t.name}</span>
        <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
        <span>{t.share}</span>
      </label>
      <button type="submit" className="primary">
        {t.saveButton}
      </button>
      <button type="button" onClick={onCancel}>
        {t.cancel}
      </button>
    </form>
  );
}
