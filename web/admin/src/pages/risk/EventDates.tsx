import type { RiskEventDate } from '../../../../../src/domain/risk/settings.js';
import { useT } from '../../i18n.js';
import { SETTINGS_TEXTS } from './settingsTexts.js';

const today = () => new Date().toISOString().slice(0, 10);
const whole = (v: number) => (Number.isFinite(v) ? Math.round(v) : 0);

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
  return (
    <fieldset className="card">
      <legend>{t.eventsTitle}</legend>
      <p className="muted">{t.eventsNote}</p>
      {events.length === 0 && <p className="muted">{t.noEvents}</p>}
      {events.map((e, i) => (
        <EventRow
          // biome-ignore lint/suspicious/noArrayIndexKey: an event being typed has no other identity; its place is it
          key={i}
          event={e}
          editable={editable}
          onChange={(patch) => onChange(events.map((x, j) => (j === i ? { ...x, ...patch } : x)))}
          onRemove={() => onChange(events.filter((_, j) => j !== i))}
        />
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

/** One event: its name, date, whether it comes back every year, and the days around it that count. */
function EventRow({
  event: e,
  editable,
  onChange,
  onRemove,
}: {
  event: RiskEventDate;
  editable: boolean;
  onChange: (patch: Partial<RiskEventDate>) => void;
  onRemove: () => void;
}) {
  const t = useT(SETTINGS_TEXTS);
  return (
    <div className="field-grid">
      <label>
        <span>{t.eventName}</span>
        <input required maxLength={80} disabled={!editable} value={e.name} onChange={(x) => onChange({ name: x.target.value })} />
      </label>
      <label>
        <span>{t.eventDate}</span>
        <input type="date" required disabled={!editable} value={e.date} onChange={(x) => onChange({ date: x.target.value })} />
      </label>
      <label>
        <input type="checkbox" disabled={!editable} checked={e.yearly} onChange={(x) => onChange({ yearly: x.target.checked })} />{' '}
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
          onChange={(x) => onChange({ daysBefore: whole(x.target.valueAsNumber) })}
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
          onChange={(x) => onChange({ daysAfter: whole(x.target.valueAsNumber) })}
        />
      </label>
      {editable && (
        <button type="button" onClick={onRemove}>
          {t.removeEvent.replace('{name}', e.name || '…')}
        </button>
      )}
    </div>
  );
}
