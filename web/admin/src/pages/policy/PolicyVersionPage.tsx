import type { FormEvent } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { useMe } from '../../session.js';
import type { PolicyVersion } from '../../types.js';
import { ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLabels } from '../../ui/useLabels.js';
import { useLoad } from '../../ui/useLoad.js';
import { FormEditor, JsonEditor } from './DocumentEditors.js';
import { SampleVerdict } from './SampleVerdict.js';
import { Simulator } from './Simulator.js';
import { useVersionEditing } from './useVersionEditing.js';
import { VersionActions } from './VersionActions.js';
import { VERSION_TEXTS } from './versionTexts.js';

/** One version: its defaults and rules as forms (or JSON), and for a draft the verdict for a
 * sample order that follows every edit before anything is saved. */
export function PolicyVersionPage({ versionId }: { versionId: string }) {
  const t = useT(VERSION_TEXTS);
  const state = useLoad(() => api<PolicyVersion>('GET', `/policy-versions/${versionId}`), [versionId]);
  return (
    <>
      <p>
        <a {...linkProps('/policies')}>{t.back}</a>
      </p>
      <Loaded state={state}>{(v) => <VersionView version={v} reload={state.reload} />}</Loaded>
    </>
  );
}

function VersionView({ version: v, reload }: { version: PolicyVersion; reload: () => Promise<unknown> }) {
  const t = useT(VERSION_TEXTS);
  const label = useLabels();
  const me = useMe();
  const action = useAction();
  const editing = useVersionEditing();
  const manage = can(me.role, 'policy.manage');
  const draft = v.status === 'draft' && manage;
  const doc = editing.edited ?? v.document;
  const dirty = editing.edited !== null;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (editing.jsonError) return;
    const ok = await action.run(() => api('PUT', `/policy-versions/${v.id}`, { document: doc }));
    if (ok) {
      editing.setSaved(true);
      editing.discard();
      await reload();
    }
  }
  return (
    <>
      <h1>
        v{v.number} {v.name}{' '}
        <span className={`badge ${v.active ? 'good' : v.status === 'draft' ? 'warn' : ''}`}>
          {v.active ? '✓' : label.policyStatus(v.status)}
        </span>{' '}
        {dirty && <span className="badge warn">{t.unsavedChanges}</span>}
      </h1>
      <div className="columns">
        <form onSubmit={save} aria-label={`v${v.number} ${v.name}`}>
          <fieldset className="plain toolbar">
            <legend className="sr-only">{t.editAs}</legend>
            <span aria-hidden="true">{t.editAs}:</span>
            <button type="button" aria-pressed={editing.mode === 'form'} onClick={editing.showForm}>
              {t.form}
            </button>
            <button type="button" aria-pressed={editing.mode === 'json'} onClick={() => editing.showJson(doc)}>
              {t.json}
            </button>
          </fieldset>
          {editing.mode === 'form' ? (
            <FormEditor doc={doc} draft={draft} edit={editing.edit} />
          ) : (
            <JsonEditor doc={doc} draft={draft} editing={editing} />
          )}
          {!draft && <p className="muted">{t.readOnly}</p>}
          {action.error && <ErrorBox message={action.error} />}
          {editing.saved && (
            <p className="ok" role="status">
              {t.saved}
            </p>
          )}
          <VersionActions version={v} draft={draft} manage={manage} editing={editing} action={action} reload={reload} />
        </form>
        <div>
          <SampleVerdict versionId={v.id} document={draft && dirty && !editing.jsonError ? doc : null} />
          {can(me.role, 'policy.simulate') && <Simulator versionId={v.id} />}
        </div>
      </div>
    </>
  );
}
