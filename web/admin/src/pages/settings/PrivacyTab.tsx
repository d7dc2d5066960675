import { type FormEvent, useEffect, useState } from 'react';
import type { RetentionPeriods } from '../../../../../src/domain/privacy/retention.js';
import { RETENTION_FIELDS } from '../../../../../src/domain/privacy/retention.js';
import type { RetentionRunWire, RetentionSettings } from '../../../../../src/http/routes/privacy/retention/schema.js';
import { api } from '../../api.js';
import { dateTime, useLang, useT } from '../../i18n.js';
import { Empty, ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { RETENTION_TEXTS } from './privacy/retentionTexts.js';

type Field = keyof RetentionPeriods;
type Form = Record<Field, string>;

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

const toForm = (p: RetentionSettings['periods']): Form =>
  Object.fromEntries(RETENTION_FIELDS.map((f) => [f, p[f] === null ? '' : String(p[f])])) as Form;

/** Settings › Privacy & retention: how long each kind of personal data is kept, and what the
 * round that enforces it did last. */
export function PrivacyTab() {
  const settings = useLoad(() => api<RetentionSettings>('GET', '/settings/retention'), []);
  return (
    <Loaded state={settings}>
      {(s) => (
        <>
          <PeriodsForm settings={s} onSaved={settings.reload} />
          <RunList runs={s.runs} />
        </>
      )}
    </Loaded>
  );
}

function PeriodsForm({ settings, onSaved }: { settings: RetentionSettings; onSaved: () => Promise<void> }) {
  const t = useT(RETENTION_TEXTS);
  const action = useAction();
  const [form, setForm] = useState<Form>(toForm(settings.periods));
  const [saved, setSaved] = useState(false);
  useEffect(() => setForm(toForm(settings.periods)), [settings.periods]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const body = Object.fromEntries(RETENTION_FIELDS.map((f) => [f, form[f].trim() === '' ? null : Number(form[f])]));
    if (await action.run(() => api('PUT', '/settings/retention', body))) {
      setSaved(true);
      await onSaved();
    }
  }
  return (
    <form className="card" onSubmit={submit} aria-labelledby="retention-title">
      <h2 id="retention-title">{t.title}</h2>
      <p>{t.intro}</p>
      {RETENTION_FIELDS.map((f) => {
        const limits = settings.limits[f];
        return (
          <div key={f} className="field">
            <label>
              <span>
                {t[f]} ({t.days})
              </span>
              <input
                type="number"
                inputMode="numeric"
                min={limits.min}
                max={limits.max}
                value={form[f]}
                onChange={(e) => setForm({ ...form, [f]: e.target.value })}
                aria-describedby={`retention-${f}-help`}
              />
            </label>
            <p id={`retention-${f}-help`} className="muted">
              {t[`${f}Help`]} {fill(t.range, { min: limits.min, max: limits.max, default: settings.defaults[f] ?? '—' })} {t.keep}
            </p>
          </div>
        );
      })}
      <h3>{t.kept}</h3>
      <p>{t.keptHelp}</p>
      {action.error && <ErrorBox message={action.error} />}
      <button type="submit" className="primary" disabled={action.busy}>
        {t.save}
      </button>
      <span role="status">{saved ? t.saved : ''}</span>
    </form>
  );
}

function RunList({ runs }: { runs: RetentionRunWire[] }) {
  const t = useT(RETENTION_TEXTS);
  const lang = useLang();
  const logs = (c: RetentionRunWire['counts']) =>
    (c.accessLog ?? 0) +
    (c.webhookPayloads ?? 0) +
    (c.webhookAttempts ?? 0) +
    (c.shopWebhooks ?? 0) +
    (c.carrierWebhooks ?? 0) +
    (c.syncErrors ?? 0);
  return (
    <section className="card" aria-labelledby="retention-runs-title">
      <h2 id="retention-runs-title">{t.runs}</h2>
      {runs.length === 0 ? (
        <Empty>{t.noRuns}</Empty>
      ) : (
        <ul data-testid="retention-runs">
          {runs.map((run) => (
            <li key={run.id}>
              <strong>{dateTime(run.startedAt, lang)}</strong> {fill(t.by, { who: run.startedBy === 'cli' ? t.cli : t.round })}
              {run.finishedAt === null ? ` — ${t.running}` : ''}
              {': '}
              {run.error
                ? fill(t.failed, { error: run.error })
                : fill(t.removed, {
                    photos: run.counts.photos ?? 0,
                    emails: run.counts.emails ?? 0,
                    returns: run.counts.returns ?? 0,
                    logs: logs(run.counts),
                  })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
