import type { RiskEventDate } from '../../../../../src/domain/risk/settings.js';
import { useT } from '../../i18n.js';
import { SETTINGS_TEXTS } from './settingsTexts.js';

const today = () => new Date().toISOString().slice(0, 10);

/** The dates customers may buy for and send back after (wardrobing): added, changed and removed. */
export function EventDates({
  events,
  editable,
  onChange,
}: {
  events: RiskEventDate[];
  editable: boolean;
  onChange: (events: RiskEventDate[]) => void;
}) {
  const t = useT(SETTINGS_TEXTS);
  const set = (i: number, patch: Partial<RiskEventDate>) => onChange(events.map((e, j) => (j === i ? { ...e, ...patch } : e)));
  const whole = (v: number) => (Number.isFinite(v) ? Math.round(v) : 0);
  return (
    <fieldset className="card">
      <legend>{t.eventsTitle}</legend>
      <p className="muted">{t.eventsNote}</p>
      {events.length === 0 && <p className="muted">{t.noEvents}</p>}
      {events.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an event being typed has no other identity; its place is it
        <div className="field-grid" key={i} data-event={i}>
          <label>
            <span>{t.eventName}</span>
            <input
              required
              maxLength={80}
              disabled={!editable}
              value={e.name}
              onChange={(x) => set(i, { name: x.target.value })}
            />
          </label>
          <label>
            <span>{t.eventDate}</span>
            <input type="date" required disabled={!editable} value={e.date} onChange={(x) => set(i, { date: x.target.value })} />
          </label>
          <label>
            <input
              type="checkbox"
              disabled={!editable}
              checked={e.yearly}
              onChange={(x) => set(i, { yearly: x.target.checked })}
            />{' '}
            <span>{t.yearly}</span>
          </label>
          <label>
            <span>{t.daysBefore}</span>
            <input
              type="number"
              min={0}
              max={60}
              disabled={!editable}
              value={e.daysBefore}
              onChange={(x) => set(i, { daysBefore: whole(x.target.valueAsNumber) })}
            />
          </label>
          <label>
            <span>{t.daysAfter}</span>
            <input
              type="number"
              min={0}
              max={60}
              disabled={!editable}
              value={e.daysAfter}
              onChange={(x) => set(i, { daysAfter: whole(x.target.valueAsNumber) })}
            />
          </label>
          {editable && (
            <button type="button" onClick={() => onChange(events.filter((_, j) => j !== i))}>
              {t.removeEvent.replace('{name}', e.name || '…')}
            </button>
          )}
        </div>
      ))}
      {editable && (
        <button
          type="button"
          onClick={() => onChange([...events, { name: '', date: today(), yearly: true, daysBefore: 7, daysAfter: 7 }])}
        >
          {t.addEvent}
        </button>
      )}
    </fieldset>
  );
}
