import { type FormEvent, useState } from 'react';
import { can } from '../../access.js';
import { api, query } from '../../api.js';
import { money, texts, useLang, useT } from '../../i18n.js';
import { linkProps, navigate } from '../../router.js';
import { useMe } from '../../session.js';
import { ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { Simulator } from './Simulator.js';

const T = texts({
  en: {
    back: '← All versions',
    rules: 'Rules',
    noRules: 'No rules: the shop defaults apply.',
    when: 'when',
    thenWord: 'then',
    always: 'always',
    document: 'Policy document (JSON)',
    save: 'Save draft',
    saved: 'Saved.',
    badJson: 'The document is not valid JSON',
    publish: 'Publish',
    confirmPublish: 'Publish and put in force for new returns?',
    yes: 'Yes, publish',
    no: 'No',
    newDraft: 'New draft from this version',
    sample: 'Verdict for a sample order',
    orderNumber: 'Order number',
    check: 'Check',
    notFound: 'No order with that number.',
    eligible: 'returnable',
    notEligible: 'not returnable',
    refund: 'Refund',
    fee: 'Return shipping fee',
    readOnly: 'Published versions cannot change; make a new draft from it.',
  },
  nl: {
    back: '← Alle versies',
    rules: 'Regels',
    noRules: 'Geen regels: de standaard van de winkel geldt.',
    when: 'als',
    thenWord: 'dan',
    always: 'altijd',
    document: 'Beleidsdocument (JSON)',
    save: 'Concept opslaan',
    saved: 'Opgeslagen.',
    badJson: 'Het document is geen geldige JSON',
    publish: 'Publiceren',
    confirmPublish: 'Publiceren en laten gelden voor nieuwe retouren?',
    yes: 'Ja, publiceren',
    no: 'Nee',
    newDraft: 'Nieuw concept van deze versie',
    sample: 'Oordeel voor een voorbeeldorder',
    orderNumber: 'Ordernummer',
    check: 'Controleren',
    notFound: 'Geen order met dat nummer.',
    eligible: 'retourneerbaar',
    notEligible: 'niet retourneerbaar',
    refund: 'Terugbetaling',
    fee: 'Retourkosten',
    readOnly: 'Gepubliceerde versies veranderen niet; maak er een nieuw concept van.',
  },
});

interface Version {
  id: string;
  number: number;
  name: string;
  status: 'draft' | 'published';
  active: boolean;
  document: { rules?: { id?: string; name?: string; when?: unknown; then?: unknown }[]; [k: string]: unknown };
}
interface Verdict {
  currency: string;
  lines: { orderLineId: string; eligible: boolean; codes: string[] }[];
  totals: { refund: number; returnShippingFee: number };
}

/** One version: its rules, and for a draft an editor with the verdict for a sample order next to it. */
export function PolicyVersionPage({ versionId }: { versionId: string }) {
  const t = useT(T);
  const lang = useLang();
  const me = useMe();
  const state = useLoad(() => api<Version>('GET', `/policy-versions/${versionId}`), [versionId]);
  const action = useAction();
  const [text, setText] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [orderNumber, setOrderNumber] = useState('');
  const [verdict, setVerdict] = useState<{ verdict: Verdict; lines: Map<string, string> } | null>(null);
  const sample = useAction();
  const manage = can(me.role, 'policy.manage');

  async function check(id: string) {
    await sample.run(async () => {
      const found = await api<{ items: { id: string }[] }>('GET', `/orders${query({ q: orderNumber.trim(), limit: 1 })}`);
      const order = found.items[0];
      if (!order) throw new Error(t.notFound);
      const [v, detail] = await Promise.all([
        api<{ verdict: Verdict }>('POST', `/orders/${order.id}/policy-evaluation`, { versionId: id }),
        api<{ lines: { id: string; title: string }[] }>('GET', `/orders/${order.id}`),
      ]);
      setVerdict({ verdict: v.verdict, lines: new Map(detail.lines.map((l) => [l.id, l.title])) });
    });
  }

  return (
    <>
      <p>
        <a {...linkProps('/policies')}>{t.back}</a>
      </p>
      <Loaded state={state}>
        {(v) => {
          const draft = v.status === 'draft' && manage;
          const current = text ?? JSON.stringify(v.document, null, 2);
          async function save(e: FormEvent) {
            e.preventDefault();
            setSaved(false);
            let document: unknown;
            try {
              document = JSON.parse(current);
            } catch (err) {
              action.clear();
              await action.run(() => Promise.reject(new Error(`${t.badJson}: ${(err as Error).message}`)));
              return;
            }
            const ok = await action.run(() => api('PUT', `/policy-versions/${v.id}`, { document }));
            if (ok) {
              setSaved(true);
              setText(null);
              await state.reload();
              if (orderNumber.trim()) await check(v.id);
            }
          }
          return (
            <>
              <h1>
                v{v.number} {v.name}{' '}
                <span className={`badge ${v.active ? 'good' : v.status === 'draft' ? 'warn' : ''}`}>
                  {v.active ? '✓' : v.status}
                </span>
              </h1>
              <div className="columns">
                <div>
                  <section className="card">
                    <h2>{t.rules}</h2>
                    {(v.document.rules ?? []).length === 0 ? (
                      <p className="muted">{t.noRules}</p>
                    ) : (
                      <ol>
                        {(v.document.rules ?? []).map((r, i) => (
                          <li key={r.id ?? i}>
                            <strong>{r.name ?? r.id}</strong> — {t.when} <code>{r.when ? JSON.stringify(r.when) : t.always}</code>{' '}
                            {t.thenWord} <code>{JSON.stringify(r.then)}</code>
                          </li>
                        ))}
                      </ol>
                    )}
                  </section>
                  <form className="card" onSubmit={save}>
                    <label>
                      <span>{t.document}</span>
                      <textarea
                        rows={18}
                        spellCheck={false}
                        readOnly={!draft}
                        value={current}
                        onChange={(e) => {
                          setText(e.target.value);
                          setSaved(false);
                        }}
                      />
                    </label>
                    {!draft && <p className="muted">{t.readOnly}</p>}
                    {action.error && <ErrorBox message={action.error} />}
                    {saved && (
                      <p className="ok" role="status">
                        {t.saved}
                      </p>
                    )}
                    <div className="toolbar">
                      {draft && (
                        <button type="submit" className="primary" disabled={action.busy}>
                          {t.save}
                        </button>
                      )}
                      {draft && !confirming && (
                        <button type="button" onClick={() => setConfirming(true)}>
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
                              navigate(`/policies/${created.id}`);
                            })
                          }
                        >
                          {t.newDraft}
                        </button>
                      )}
                    </div>
                  </form>
                </div>
                <div>
                  <section className="card">
                    <h2>{t.sample}</h2>
                    <form
                      className="toolbar"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void check(v.id);
                      }}
                    >
                      <label>
                        <span>{t.orderNumber}</span>
                        <input required value={orderNumber} onChange={(e) => setOrderNumber(e.target.value)} />
                      </label>
                      <button type="submit" disabled={sample.busy}>
                        {t.check}
                      </button>
                    </form>
                    {sample.error && <ErrorBox message={sample.error} />}
                    {verdict && (
                      <div aria-live="polite">
                        <ul>
                          {verdict.verdict.lines.map((l) => (
                            <li key={l.orderLineId}>
                              {verdict.lines.get(l.orderLineId) ?? l.orderLineId}:{' '}
                              <strong>{l.eligible ? t.eligible : t.notEligible}</strong> <small>{l.codes.join(', ')}</small>
                            </li>
                          ))}
                        </ul>
                        <p>
                          {t.refund}: {money(verdict.verdict.totals.refund, verdict.verdict.currency, lang)} · {t.fee}:{' '}
                          {money(verdict.verdict.totals.returnShippingFee, verdict.verdict.currency, lang)}
                        </p>
                      </div>
                    )}
                  </section>
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
