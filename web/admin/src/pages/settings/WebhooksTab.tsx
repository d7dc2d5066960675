import { useState } from 'react';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { Empty, ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { DeadLetters } from './webhooks/DeadLetters.js';
import { EndpointForm } from './webhooks/EndpointForm.js';
import { EndpointsTable } from './webhooks/EndpointsTable.js';
import type { WebhookEndpointList } from './webhooks/webhookModel.js';
import { WEBHOOK_TEXTS } from './webhooks/webhookTexts.js';

/** Where events go: endpoints (on, off, new with their secret shown once) and the dead letters to send again. */
export function WebhooksTab() {
  const t = useT(WEBHOOK_TEXTS);
  const endpoints = useLoad(() => api<WebhookEndpointList>('GET', '/webhook-endpoints'), []);
  const action = useAction();
  const [secret, setSecret] = useState<string | null>(null);
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
            rows.length === 0 ? <Empty>{t.none}</Empty> : <EndpointsTable rows={rows} action={action} reload={endpoints.reload} />
          }
        </Loaded>
        <EndpointForm
          action={action}
          onCreated={async (made) => {
            setSecret(made);
            await endpoints.reload();
          }}
        />
      </section>
      <DeadLetters action={action} urlOf={urlOf} />
    </>
  );
}
