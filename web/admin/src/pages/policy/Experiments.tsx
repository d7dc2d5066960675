import { type FormEvent, useState } from 'react';
import { api } from '../../api.js';
import { dateTime, useLang, useT } from '../../i18n.js';
import type { PolicyExperiment, PolicyVersionSummary } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { ExperimentResults } from './ExperimentResults.js';
import { POLICIES_TEXTS } from './policiesTexts.js';

type Action = ReturnType<typeof useAction>;

/** The experiment running (to stop), the last ones finished, and starting one when none runs. */
export function Experiments({
  experiments,
  versions,
  manage,
  reload,
}: {
  experiments: PolicyExperiment[];
  versions: PolicyVersionSummary[];
  manage: boolean;
  reload: () => Promise<unknown>;
}) {
  const t = useT(POLICIES_TEXTS);
  const lang = useLang();
  const action = useAction();
  const label = (id: string) => {
    const v = versions.find((x) => x.id === id);
    return v ? `v${v.number} ${v.name}` : id;
  };
  const running = experiments.filter((e) => e.status === 'running');
  const finished = experiments.filter((e) => e.status !== 'running');
  const stop = (x: PolicyExperiment) =>
    void action.run(async () => {
      await api('POST', `/policy-experiments/${x.id}/stop`, {});
      await reload();
    });
  return (
    <section className="card">
      <h2>{t.experiments}</h2>
      {running.length === 0 ? (
        <p className="muted">{t.noExperiments}</p>
      ) : (
        <ul>
          {running.map((x) => (
            <li key={x.id}>
              <strong>{x.name}</strong>: {t.control} {label(x.controlVersionId)} · {t.variant} {label(x.variantVersionId)} ·{' '}
              {t.share} {x.variantPercent}%{' '}
              {manage && (
                <button type="button" className="danger" disabled={action.busy} onClick={() => stop(x)}>
                  {t.stop}
                </button>
              )}
              <ExperimentResults experimentId={x.id} />
            </li>
          ))}
        </ul>
      )}
      {finished.length > 0 && (
        <>
          <h3>{t.finished}</h3>
          {finished.slice(0, 5).map((x) => (
            <details key={x.id}>
              <summary>
                {x.name}: {label(x.controlVersionId)} / {label(x.variantVersionId)} · {x.variantPercent}%
                {x.stoppedAt ? ` · ${dateTime(x.stoppedAt, lang)}` : ''}
              </summary>
              <ExperimentResults experimentId={x.id} />
            </details>
          ))}
        </>
      )}
      {manage && running.length === 0 && <ExperimentForm versions={versions} action={action} reload={reload} />}
      {action.error && <ErrorBox message={action.error} />}
    </section>
  );
}

/** A new experiment: a published version that is not in force takes a share of new returns. */
function ExperimentForm({
  versions,
  action,
  reload,
}: {
  versions: PolicyVersionSummary[];
  action: Action;
  reload: () => Promise<unknown>;
}) {
  const t = useT(POLICIES_TEXTS);
  const [form, setForm] = useState({ name: '', variantVersionId: '', variantPercent: '50' });
  async function start(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(() =>
      api('POST', '/policy-experiments', { ...form, variantPercent: Number(form.variantPercent) }),
    );
    if (ok) await reload();
  }
  return (
    <form className="toolbar" onSubmit={start}>
      <label>
        <span>{t.expName}</span>
        <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      </label>
      <label>
        <span>{t.variantVersion}</span>
        <select required value={form.variantVersionId} onChange={(e) => setForm({ ...form, variantVersionId: e.target.value })}>
          <option value="">—</option>
          {versions
            .filter((v) => v.status === 'published' && !v.active)
            .map((v) => (
              <option key={v.id} value={v.id}>
                v{v.number} {v.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        <span>{t.percent}</span>
        <input
          type="number"
          min={1}
          max={99}
          value={form.variantPercent}
          onChange={(e) => setForm({ ...form, variantPercent: e.target.value })}
        />
      </label>
      <button type="submit" className="primary" disabled={action.busy}>
        {t.start}
      </button>
    </form>
  );
}
