import { type FormEvent, useState } from 'react';
import type { PolicyDocumentInput } from '../../../../../src/domain/policy/document.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { currencySign, texts, useLang, useT } from '../../i18n.js';
import { linkProps, navigate } from '../../router.js';
import { useMe } from '../../session.js';
import { ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLabels, useShopCurrency } from '../../ui/useLabels.js';
import { useLoad } from '../../ui/useLoad.js';
import { EffectsEditor } from './EffectsEditor.js';
import { NumberField } from './fields.js';
import { RulesEditor } from './RulesEditor.js';
import { SampleVerdict } from './SampleVerdict.js';
import { Simulator } from './Simulator.js';

const T = texts({
  en: {
    back: '← All versions',
    defaults: 'Defaults (every line starts from these)',
    returnCost: 'What one return costs the shop (for keep-the-item)',
    rules: 'Rules',
    form: 'Form',
    json: 'JSON',
    editAs: 'Edit as',
    document: 'Policy document (JSON)',
    save: 'Save draft',
    saved: 'Saved.',
    unsavedChanges: 'Unsaved changes',
    discard: 'Discard changes',
    badJson: 'The document is not valid JSON',
    publish: 'Publish',
    confirmPublish: 'Publish and put in force for new returns?',
    yes: 'Yes, publish',
    no: 'No',
    newDraft: 'New draft from this version',
    readOnly: 'Published versions cannot change; make a new draft from it.',
    saveFirst: 'Save the draft before publishing it.',
  },
  nl: {
    back: '← Alle versies',
    defaults: 'Standaard (elke regel begint hiermee)',
    returnCost: 'Wat één retour de winkel kost (voor artikel houden)',
    rules: 'Regels',
    form: 'Formulier',
    json: 'JSON',
    editAs: 'Bewerken als',
    document: 'Beleidsdocument (JSON)',
    save: 'Concept opslaan',
    saved: 'Opgeslagen.',
    unsavedChanges: 'Niet-opgeslagen wijzigingen',
    discard: 'Wijzigingen weggooien',
    badJson: 'Het document is geen geldige JSON',
    publish: 'Publiceren',
    confirmPublish: 'Publiceren en laten gelden voor nieuwe retouren?',
    yes: 'Ja, publiceren',
    no: 'Nee',
    newDraft: 'Nieuw concept van deze versie',
    readOnly: 'Gepubliceerde versies veranderen niet; maak er een nieuw concept van.',
    saveFirst: 'Sla het concept op voordat je het publiceert.',
  },
});

interface Version {
  id: string;
  number: number;
  name: string;
  status: 'draft' | 'published';
  active: boolean;
  document: PolicyDocumentInput;
}

/** One version: its defaults and rules as forms (or JSON), and for a draft the verdict for a
 * sample order that follows every edit before anything is saved. */
export function PolicyVersionPage({ versionId }: { versionId: string }) {
  const t = useT(T);
  const label = useLabels();
  const lang = useLang();
  const currency = useShopCurrency();
  const me = useMe();
  const state = useLoad(() => api<Version>('GET', `/policy-versions/${versionId}`), [versionId]);
  const action = useAction();
  // The document as edited, or null while it is as saved.
  const [edited, setEdited] = useState<PolicyDocumentInput | null>(null);
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState<string | null>(null);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const manage = can(me.role, 'policy.manage');

  function edit(next: PolicyDocumentInput) {
    setEdited(next);
    setSaved(false);
  }

  function discard() {
    setEdited(null);
    setJsonText(null);
    setJsonError(null);
  }

  return (
    <>
      <p>
        <a {...linkProps('/policies')}>{t.back}</a>
      </p>
      <Loaded state={state}>
        {(v) => {
          const draft = v.status === 'draft' && manage;
          const doc = edited ?? v.document;
          const dirty = edited !== null;
          async function save(e: FormEvent) {
            e.preventDefault();
            if (jsonError) return;
            const ok = await action.run(() => api('PUT', `/policy-versions/${v.id}`, { document: doc }));
            if (ok) {
              setSaved(true);
              discard();
              await state.reload();
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
                    <button type="button" aria-pressed={mode === 'form'} onClick={() => setMode('form')}>
                      {t.form}
                    </button>
                    <button
                      type="button"
                      aria-pressed={mode === 'json'}
                      onClick={() => {
                        setJsonText(JSON.stringify(doc, null, 2));
                        setJsonError(null);
                        setMode('json');
                      }}
                    >
                      {t.json}
                    </button>
                  </fieldset>
                  {mode === 'form' ? (
                    <>
                      <section className="card">
                        <h2>{t.defaults}</h2>
                        <fieldset disabled={!draft} className="plain">
                          <EffectsEditor
                            defaults
                            value={doc.defaults}
                            // In `defaults` mode the editor always keeps a window, which is all the type adds.
                            onChange={(defaults) => edit({ ...doc, defaults: defaults as PolicyDocumentInput['defaults'] })}
                          />
                          <NumberField
                            label={t.returnCost}
                            suffix={currency ? currencySign(currency, lang) : undefined}
                            scale={100}
                            value={doc.returnCostEstimate}
                            onChange={(n) => edit({ ...doc, returnCostEstimate: n })}
                          />
                        </fieldset>
                      </section>
                      <section className="card">
                        <h2>{t.rules}</h2>
                        <RulesEditor rules={doc.rules ?? []} readOnly={!draft} onChange={(rules) => edit({ ...doc, rules })} />
                      </section>
                    </>
                  ) : (
                    <section className="card">
                      <label>
                        <span>{t.document}</span>
                        <textarea
                          rows={24}
                          spellCheck={false}
                          readOnly={!draft}
                          value={jsonText ?? JSON.stringify(doc, null, 2)}
                          onChange={(e) => {
                            setJsonText(e.target.value);
                            try {
                              edit(JSON.parse(e.target.value) as PolicyDocumentInput);
                              setJsonError(null);
                            } catch (err) {
                              setJsonError(`${t.badJson}: ${(err as Error).message}`);
                            }
                          }}
                        />
                      </label>
                      {jsonError && <ErrorBox message={jsonError} />}
                    </section>
                  )}
                  {!draft && <p className="muted">{t.readOnly}</p>}
                  {action.error && <ErrorBox message={action.error} />}
                  {saved && (
                    <p className="ok" role="status">
                      {t.saved}
                    </p>
                  )}
                  <div className="toolbar">
                    {draft && (
                      <button type="submit" className="primary" disabled={action.busy || !dirty || Boolean(jsonError)}>
                        {t.save}
                      </button>
                    )}
                    {draft && dirty && (
                      <button type="button" onClick={discard}>
                        {t.discard}
                      </button>
                    )}
                    {draft && !confirming && (
                      <button
                        type="button"
                        disabled={dirty}
                        title={dirty ? t.saveFirst : undefined}
                        onClick={() => setConfirming(true)}
                      >
                        {t.publish}
                      </button>
                    )}
                    {confirming && (
                      <>
                        <strong>{t.confirmPublish}</strong>
                        <button
                          type="button"
                          className="primary"
                          onClick={() =>
                            void action.run(async () => {
                              await api('POST', `/policy-versions/${v.id}/publish`, { activate: true });
                              setConfirming(false);
                              await state.reload();
                            })
                          }
                        >
                          {t.yes}
                        </button>
                        <button type="button" onClick={() => setConfirming(false)}>
                          {t.no}
                        </button>
                      </>
                    )}
                    {manage && (
                      <button
                        type="button"
                        onClick={() =>
                          void action.run(async () => {
                            const created = await api<{ id: string }>('POST', '/policy-versions', {
                              name: `${v.name} (draft)`,
                              basedOn: v.id,
                            });
                            discard();
                            navigate(`/policies/${created.id}`);
                          })
                        }
                      >
                        {t.newDraft}
                      </button>
                    )}
                  </div>
                </form>
                <div>
                  <SampleVerdict versionId={v.id} document={draft && dirty && !jsonError ? doc : null} />
                  {can(me.role, 'policy.simulate') && <Simulator versionId={v.id} />}
                </div>
              </div>
            </>
          );
        }}
      </Loaded>
    </>
  );
}
