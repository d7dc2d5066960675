import { type FormEvent, useState } from 'react';
import { can } from '../access.js';
import { api } from '../api.js';
import { dateTime, texts, useLang, useT } from '../i18n.js';
import { linkProps } from '../router.js';
import { useMe } from '../session.js';
import { Empty, ErrorBox, Loaded } from '../ui/States.js';
import { useAction } from '../ui/useAction.js';
import { useLoad } from '../ui/useLoad.js';
import { ExperimentResults } from './policy/ExperimentResults.js';
import { PolicyVersionPage } from './policy/PolicyVersionPage.js';

const T = texts({
  en: {
    title: 'Return policies',
    versions: 'Versions',
    version: 'Version',
    name: 'Name',
    status: 'Status',
    active: 'in force',
    published: 'published',
    draft: 'draft',
    when: 'Published',
    none: 'No versions yet.',
    experiments: 'Experiments',
    noExperiments: 'No experiment is running.',
    control: 'Control',
    variant: 'Variant',
    share: 'Share to the variant',
    stop: 'Stop',
    start: 'Start an experiment',
    expName: 'Name',
    variantVersion: 'Variant version (published)',
    percent: 'Percent of customers',
    finished: 'Earlier experiments',
  },
  nl: {
    title: 'Retourbeleid',
    versions: 'Versies',
    version: 'Versie',
    name: 'Naam',
    status: 'Status',
    active: 'van kracht',
    published: 'gepubliceerd',
    draft: 'concept',
    when: 'Gepubliceerd',
    none: 'Nog geen versies.',
    experiments: 'Experimenten',
    noExperiments: 'Er loopt geen experiment.',
    control: 'Controle',
    variant: 'Variant',
    share: 'Aandeel naar de variant',
    stop: 'Stoppen',
    start: 'Experiment starten',
    expName: 'Naam',
    variantVersion: 'Variantversie (gepubliceerd)',
    percent: 'Percentage klanten',
    finished: 'Eerdere experimenten',
  },
});

export interface VersionRow {
  id: string;
  number: number;
  name: string;
  status: 'draft' | 'published';
  active: boolean;
  publishedAt: string | null;
}
interface Experiment {
  id: string;
  name: string;
  status: string;
  controlVersionId: string;
  variantVersionId: string;
  variantPercent: number;
  stoppedAt: string | null;
}

/** The policy's versions and experiments; a version opens in its own page (editor for drafts). */
export function PoliciesPage({ versionId }: { versionId: string | null }) {
  if (versionId) return <PolicyVersionPage versionId={versionId} />;
  return <PolicyList />;
}

function PolicyList() {
  const t = useT(T);
  const lang = useLang();
  const me = useMe();
  const state = useLoad(
    () =>
      Promise.all([
        api<{ items: VersionRow[] }>('GET', '/policy-versions'),
        api<{ items: Experiment[] }>('GET', '/policy-experiments'),
      ]),
    [],
  );
  const action = useAction();
  const [form, setForm] = useState({ name: '', variantVersionId: '', variantPercent: '50' });
  const manage = can(me.role, 'policy.manage');

  return (
    <>
      <h1>{t.title}</h1>
      <Loaded state={state}>
        {([versions, experiments]) => {
          const label = (id: string) => {
            const v = versions.items.find((x) => x.id === id);
            return v ? `v${v.number} ${v.name}` : id;
          };
          const running = experiments.items.filter((e) => e.status === 'running');
          const finished = experiments.items.filter((e) => e.status !== 'running');
          async function start(e: FormEvent) {
            e.preventDefault();
            const ok = await action.run(() =>
              api('POST', '/policy-experiments', { ...form, variantPercent: Number(form.variantPercent) }),
            );
            if (ok) await state.reload();
          }
          return (
            <>
              <section className="card table-wrap">
                <h2>{t.versions}</h2>
                {versions.items.length === 0 ? (
                  <Empty>{t.none}</Empty>
                ) : (
                  <table className="grid">
                    <thead>
                      <tr>
                        <th scope="col">{t.version}</th>
                        <th scope="col">{t.name}</th>
                        <th scope="col">{t.status}</th>
                        <th scope="col">{t.when}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {versions.items.map((v) => (
                        <tr key={v.id}>
                          <td>
                            <a {...linkProps(`/policies/${v.id}`)}>v{v.number}</a>
                          </td>
                          <td>{v.name}</td>
                          <td>
                            <span className={`badge ${v.active ? 'good' : v.status === 'draft' ? 'warn' : ''}`}>
                              {v.active ? t.active : v.status === 'draft' ? t.draft : t.published}
                            </span>
                          </td>
                          <td>{dateTime(v.publishedAt, lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
              <section className="card">
                <h2>{t.experiments}</h2>
                {running.length === 0 ? (
                  <p className="muted">{t.noExperiments}</p>
                ) : (
                  <ul>
                    {running.map((x) => (
                      <li key={x.id}>
                        <strong>{x.name}</strong>: {t.control} {label(x.controlVersionId)} · {t.variant}{' '}
                        {label(x.variantVersionId)} · {t.share} {x.variantPercent}%{' '}
                        {manage && (
                          <button
                            type="button"
                            className="danger"
                            disabled={action.busy}
                            onClick={() =>
                              void action.run(async () => {
                                await api('POST', `/policy-experiments/${x.id}/stop`, {});
                                await state.reload();
                              })
                            }
                          >
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
                {manage && running.length === 0 && (
                  <form className="toolbar" onSubmit={start}>
                    <label>
                      <span>{t.expName}</span>
                      <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
                    </label>
                    <label>
                      <span>{t.variantVersion}</span>
                      <select
                        required
                        value={form.variantVersionId}
                        onChange={(e) => setForm({ ...form, variantVersionId: e.target.value })}
                      >
                        <option value="">—</option>
                        {versions.items
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
                )}
                {action.error && <ErrorBox message={action.error} />}
              </section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}
