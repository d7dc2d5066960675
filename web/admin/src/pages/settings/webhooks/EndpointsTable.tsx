import { api } from '../../../api.js';
import { dateTime, useLang, useT } from '../../../i18n.js';
import type { useAction } from '../../../ui/useAction.js';
import type { Endpoint } from './webhookModel.js';
import { WEBHOOK_TEXTS } from './webhookTexts.js';

/** The endpoints with their events, state and last delivery; each can be switched on or off. */
export function EndpointsTable({
  rows,
  action,
  reload,
}: {
  rows: Endpoint[];
  action: ReturnType<typeof useAction>;
  reload: () => Promise<unknown>;
}) {
  const t = useT(WEBHOOK_TEXTS);
  const lang = useLang();
  const toggle = (e: Endpoint) =>
    void action.run(async () => {
      await api('PATCH', `/webhook-endpoints/${e.id}`, { enabled: !e.enabled });
      await reload();
    });
  return (
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
                <button type="button" disabled={action.busy} onClick={() => toggle(e)}>
                  {e.enabled ? t.switchOff : t.switchOn}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
