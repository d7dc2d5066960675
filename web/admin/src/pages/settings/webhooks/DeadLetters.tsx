import { useState } from 'react';
import { api, query } from '../../../api.js';
import { dateTime, useLang, useT } from '../../../i18n.js';
import { Empty, Loaded } from '../../../ui/States.js';
import type { useAction } from '../../../ui/useAction.js';
import { useLoad } from '../../../ui/useLoad.js';
import type { Delivery, WebhookDeliveryPage } from './webhookModel.js';
import { WEBHOOK_TEXTS } from './webhookTexts.js';

/** Deliveries that were given up on, to send again. */
export function DeadLetters({ action, urlOf }: { action: ReturnType<typeof useAction>; urlOf: (endpointId: string) => string }) {
  const t = useT(WEBHOOK_TEXTS);
  const lang = useLang();
  const dead = useLoad(() => api<WebhookDeliveryPage>('GET', `/webhook-deliveries${query({ status: 'dead', limit: 100 })}`), []);
  const [replayed, setReplayed] = useState<string | null>(null);
  const replay = (d: Delivery) =>
    void action.run(async () => {
      await api('POST', `/webhook-deliveries/${d.id}/replay`, {});
      setReplayed(d.id);
      await dead.reload();
    });
  return (
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
                        {d.payloadRemoved ? (
                          <span className="muted">{t.payloadRemoved}</span>
                        ) : (
                          <button type="button" disabled={action.busy} onClick={() => replay(d)}>
                            {t.replay}
                          </button>
                        )}
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
  );
}
