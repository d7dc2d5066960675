import { type FormEvent, useEffect, useState } from 'react';
import { MAX_STALLED_PARCEL_DAYS } from '../../../../../src/domain/parcelClaims.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    label: 'Flag a parcel as lost after this many working days without tracking news',
    save: 'Save',
    saved: 'Saved.',
  },
  nl: {
    label: 'Markeer een pakket als kwijt na zoveel werkdagen zonder trackingnieuws',
    save: 'Opslaan',
    saved: 'Opgeslagen.',
  },
});

/** When the tracking round counts a quiet parcel as lost: shown to those who manage settings. */
export function StalledSetting() {
  const me = useMe();
  if (!can(me.role, 'settings.manage')) return null;
  return <StalledForm />;
}

function StalledForm() {
  const t = useT(T);
  const state = useLoad(() => api<{ stalledParcelDays: number }>('GET', '/claims/settings'), []);
  const act = useAction();
  const [days, setDays] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (state.data) setDays(String(state.data.stalledParcelDays));
  }, [state.data]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(await act.run(() => api('PUT', '/claims/settings', { stalledParcelDays: Number(days) })));
  };
  return (
    <form className="toolbar" onSubmit={submit}>
      <label>
        <span>{t.label}</span>
        <input
          type="number"
          min={1}
          max={MAX_STALLED_PARCEL_DAYS}
          required
          value={days}
          onChange={(e) => {
            setDays(e.target.value);
            setSaved(false);
          }}
        />
      </label>
      <button type="submit" disabled={act.busy || state.data === null}>
        {t.save}
      </button>
      {saved && (
        <span role="status" aria-live="polite">
          {t.saved}
        </span>
      )}
      {act.error && <ErrorBox message={act.error} />}
    </form>
  );
}
