import { useState } from 'react';
import { api } from '../../../api.js';
import { dateTime, useLang, useT } from '../../../i18n.js';
import { TableCard } from '../../../ui/TableCard.js';
import type { useAction } from '../../../ui/useAction.js';
import type { CarrierConnection, ConnectionCheck } from './carrierModel.js';
import { CARRIER_NAMES, CARRIER_TEXTS } from './carrierTexts.js';

/** The connections with their last check; each can be tested, changed or removed. */
export function ConnectionsTable({
  rows,
  editable,
  action,
  reload,
  onEdit,
}: {
  rows: CarrierConnection[];
  editable: boolean;
  action: ReturnType<typeof useAction>;
  reload: () => Promise<unknown>;
  onEdit: (c: CarrierConnection) => void;
}) {
  const t = useT(CARRIER_TEXTS);
  const test = (c: CarrierConnection) =>
    void action.run(async () => {
      await api<ConnectionCheck>('POST', `/carriers/${c.id}/test`, {});
      await reload();
    });
  const remove = (c: CarrierConnection) => {
    if (!window.confirm(t.confirmRemove)) return;
    void action.run(async () => {
      await api('DELETE', `/carriers/${c.id}`, {});
      await reload();
    });
  };
  return (
    <TableCard headers={[t.carrier, t.name, t.keyHint, t.lastCheck, t.state]} actions={editable ? t.actions : null}>
      {rows.map((c) => (
        <tr key={c.id}>
          <td>{CARRIER_NAMES[c.carrier]}</td>
          <td>
            {c.name}
            {c.webhookUrl && <WebhookUrl url={c.webhookUrl} />}
          </td>
          <td>
            <code>{c.keyHint}</code>
          </td>
          <td>
            <CheckResult check={c.check} />
          </td>
          <td>
            <span className={`badge ${c.enabled ? 'good' : ''}`}>{c.enabled ? t.on : t.off}</span>
          </td>
          {editable && (
            <td>
              <div className="toolbar">
                <button type="button" disabled={action.busy} onClick={() => test(c)} aria-label={`${t.test}: ${c.name}`}>
                  {t.test}
                </button>
                <button type="button" disabled={action.busy} onClick={() => onEdit(c)} aria-label={`${t.edit}: ${c.name}`}>
                  {t.edit}
                </button>
                <button type="button" disabled={action.busy} onClick={() => remove(c)} aria-label={`${t.remove}: ${c.name}`}>
                  {t.remove}
                </button>
              </div>
            </td>
          )}
        </tr>
      ))}
    </TableCard>
  );
}

function CheckResult({ check }: { check: CarrierConnection['check'] }) {
  const t = useT(CARRIER_TEXTS);
  const lang = useLang();
  if (!check) return <span className="muted">{t.notChecked}</span>;
  return (
    <>
      <span className={`badge ${check.ok ? 'good' : 'bad'}`}>
        <span aria-hidden="true">{check.ok ? '✓ ' : '✗ '}</span>
        {check.ok ? t.checkOk : t.checkFailed}
      </span>
      {check.message && (
        <>
          <br />
          <small>{check.message}</small>
        </>
      )}
      <br />
      <small className="muted">{dateTime(check.at, lang)}</small>
    </>
  );
}

/** The address the shop pastes into the carrier's webhook settings, with a copy button. */
function WebhookUrl({ url }: { url: string }) {
  const t = useT(CARRIER_TEXTS);
  const [copied, setCopied] = useState(false);
  return (
    <p className="muted">
      <small>{t.webhookUrl}:</small> <code>{url}</code>{' '}
      <button
        type="button"
        className="link"
        onClick={() =>
          void navigator.clipboard?.writeText(url).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {t.copy}
      </button>
      {copied && <span role="status"> {t.copied}</span>}
    </p>
  );
}
