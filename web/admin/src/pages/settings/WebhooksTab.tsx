import { type FormEvent, useState } from 'react';
import { api, query } from '../../api.js';
import { dateTime, texts, useLang, useT } from '../../i18n.js';
import { Empty, ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    endpoints: 'Webhook endpoints',
    none: 'No endpoints yet.',
    url: 'URL',
    events: 'Event types',
    eventsHint: 'Comma-separated: return.approved, exchange_order.* or *',
    state: 'State',
    on: 'On',
    off: 'Off',
    lastSuccess: 'Last delivered',
    switchOff: 'Switch off',
    switchOn: 'Switch on',
    add: 'Add an endpoint',
    save: 'Add',
    secretTitle: 'Signing secret',
    once: 'Copy this signing secret now: it is shown only once. Verify Retour-Signature with it.',
    dead: 'Dead letters',
    noDead: 'No dead letters: every delivery got through or is still being tried.',
    event: 'Event',
    endpoint: 'Endpoint',
    tries: 'Tries',
    lastAnswer: 'Last answer',
    since: 'Since',
    replay: 'Send again',
    replayed: 'Queued again.',
  },
  nl: {
    endpoints: 'Webhook-endpoints',
    none: 'Nog geen endpoints.',
    url: 'URL',
    events: 'Soorten gebeurtenis',
    eventsHint: 'Gescheiden door komma’s: return.approved, exchange_order.* of *',
    state: 'Staat',
    on: 'Aan',
    off: 'Uit',
    lastSuccess: 'Laatst afgeleverd',
    switchOff: 'Uitzetten',
    switchOn: 'Aanzetten',
    add: 'Endpoint toevoegen',
    save: 'Toevoegen',
    secretTitle: 'Ondertekengeheim',
    once: 'Kopieer dit geheim nu: het wordt maar één keer getoond. Controleer Retour-Signature ermee.',
    dead: 'Opgegeven afleveringen',
    noDead: 'Geen opgegeven afleveringen: alles kwam aan of wordt nog geprobeerd.',
    event: 'Gebeurtenis',
    endpoint: 'Endpoint',
    tries: 'Pogingen',
    lastAnswer: 'Laatste antwoord',
    since: 'Sinds',
    replay: 'Opnieuw versturen',
    replayed: 'Staat weer in de wachtrij.',
  },
});

interface Endpoint {
  id: string;
  url: string;
  eventTypes: string[];
  secretHint: string;
  enabled: boolean;
  disabledReason: string | null;
  lastSuccessAt: string | null;
}
interface Delivery {
  id: string;
  endpointId: string;
  eventType: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
}

/** Where events go: endpoints (on, off, new with their secret shown once) and the dead letters to send again. */
export function WebhooksTab() {
  const t = useT(T);
  const lang = useLang();
  const endpoints = useLoad(() => api<{ items: Endpoint[] }>('GET', '/webhook-endpoints'), []);
  const dead = useLoad(
    () => api<{ items: Delivery[] }>('GET', `/webhook-deliveries${query({ status: 'dead', limit: 100 })}`),
    [],
  );
  const action = useAction();
  const [form, setForm] = useState({ url: '', events: 'return.*' });
  const [secret, setSecret] = useState<string | null>(null);
  const [replayed, setReplayed] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const eventTypes = form.events
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const ok = await action.run(async () => {
      const made = await api<{ secret: string }>('POST', '/webhook-endpoints', { url: form.url, eventTypes });
      setSecret(made.secret);
    });
    if (ok) {
      setForm({ url: '', events: 'return.*' });
      await endpoints.reload();
    }
  }
  const urlOf = (id: string) => endpoints.data?.items.find((e) => e.id === id)?.url ?? id;

  return (
    <>
      {secret && (
        <section className="ok" role="status" aria-labelledby="secret-title">
          <h2 id="secret-title">{t.secretTitle}</h2>
          <p>
            <strong>{t.once}</strong>
          </p>
          <p>
            <code>{secret}</code>
          </p>
        </section>
      )}
      {action.error && <ErrorBox message={action.error} />}
      <section className="card">
        <h2>{t.endpoints}</h2>
        <Loaded state={endpoints}>
          {({ items: rows }) =>
            rows.length === 0 ? (
              <Empty>{t.none}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="grid">
                  <thead>
                    <tr>
                      <th scope="col">{t.url}</th>
                      <th scope="col">{t.events}</th>
                      <th scope="col">{t.state}</th>
                      <th scope="col">{t.lastSuccess}</th>
                      <th scope="col">
                        <span className="sr-only">{t.state}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((e) => (
                      <tr key={e.id}>
                        <td>
                          <code>{e.url}</code>
                        </td>
                        <td>{e.eventTypes.join(', ')}</td>
                        <td>
                          <span className={`badge ${e.enabled ? 'good' : 'bad'}`}>{e.enabled ? t.on : t.off}</span>
                          {e.disabledReason && (
                            <>
                              <br />
                              <small>{e.disabledReason}</small>
                            </>
                          )}
                        </td>
                        <td>{dateTime(e.lastSuccessAt, lang)}</td>
                        <td>
                          <button
                            type="button"
                            disabled={action.busy}
                            onClick={() =>
                              void action.run(async () => {
                                await api('PATCH', `/webhook-endpoints/${e.id}`, { enabled: !e.enabled });
                                await endpoints.reload();
                              })
                            }
                          >
                            {e.enabled ? t.switchOff : t.switchOn}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
        <form onSubmit={submit} aria-label={t.add}>
          <h3>{t.add}</h3>
          <label>
            {t.url}
            <input
              type="url"
              required
              value={form.url}
              onChange={(e) => setForm({ ...form, url: e.target.value })}
              placeholder="https://"
            />
          </label>
          <label>
            {t.events}
            <input
              required
              value={form.events}
              onChange={(e) => setForm({ ...form, events: e.target.value })}
              aria-describedby="events-hint"
            />
          </label>
          <p id="events-hint" className="muted">
            {t.eventsHint}
          </p>
          <button type="submit" className="primary" disabled={action.busy}>
            {t.save}
          </button>
        </form>
      </section>
      <section className="card">
        <h2>{t.dead}</h2>
        {replayed && <p role="status">{t.replayed}</p>}
        <Loaded state={dead}>
          {({ items }) =>
            items.length === 0 ? (
              <Empty>{t.noDead}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="grid">
                  <thead>
                    <tr>
                      <th scope="col">{t.event}</th>
                      <th scope="col">{t.endpoint}</th>
                      <th scope="col">{t.tries}</th>
                      <th scope="col">{t.lastAnswer}</th>
                      <th scope="col">{t.since}</th>
                      <th scope="col">
                        <span className="sr-only">{t.replay}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((d) => (
                      <tr key={d.id}>
                        <td>{d.eventType}</td>
                        <td>
                          <code>{urlOf(d.endpointId)}</code>
                        </td>
                        <td className="num">{d.attempts}</td>
                        <td>{d.lastStatusCode ?? d.lastError ?? '—'}</td>
                        <td>{dateTime(d.createdAt, lang)}</td>
                        <td>
                          <button
                            type="button"
                            disabled={action.busy}
                            onClick={() =>
                              void action.run(async () => {
                                await api('POST', `/webhook-deliveries/${d.id}/replay`, {});
                                setReplayed(d.id);
                                await dead.reload();
                              })
                            }
                          >
                            {t.replay}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </section>
    </>
  );
}
