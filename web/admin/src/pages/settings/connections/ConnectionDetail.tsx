import { useEffect, useState } from 'react';
import { SHOP_PLATFORM_NAMES } from '../../../../../../src/domain/shopPlatforms.js';
import { can } from '../../../access.js';
import { api } from '../../../api.js';
import { dateTime, useLang, useT } from '../../../i18n.js';
import { linkProps, navigate } from '../../../router.js';
import { useMe } from '../../../session.js';
import { ErrorBox, Loaded } from '../../../ui/States.js';
import { useAction } from '../../../ui/useAction.js';
import { useLoad } from '../../../ui/useLoad.js';
import { CheckResult, WebhookUrl } from './ConnectionBits.js';
import { ConnectionForm } from './ConnectionForm.js';
import type { ShopConnection, SyncErrorList, SyncRunList } from './connectionModel.js';
import { CONNECTION_TEXTS } from './connectionTexts.js';
import { SyncErrors, SyncRuns } from './SyncHistory.js';

/** How often the page asks again while a run is going, so its progress bar moves. */
const POLL_MS = 1500;

/** One connection: its check, webhook URL, sync status, the latest runs with their progress and
 * the latest errors with the platform's messages; test, sync now, change or remove it. */
export function ConnectionDetail({ id }: { id: string }) {
  const t = useT(CONNECTION_TEXTS);
  const lang = useLang();
  const me = useMe();
  const editable = can(me.role, 'connections.manage');
  const connection = useLoad(() => api<ShopConnection>('GET', `/connections/${id}`), [id]);
  const runs = useLoad(() => api<SyncRunList>('GET', `/connections/${id}/runs?limit=10`), [id]);
  const errors = useLoad(() => api<SyncErrorList>('GET', `/connections/${id}/errors?limit=20`), [id]);
  const action = useAction();
  const [editing, setEditing] = useState(false);
  // The newest run when "sync now" was asked (null: none yet); undefined when nothing is awaited.
  // Until a newer run shows up the page keeps asking, so the run's progress appears by itself.
  const [askedAfter, setAskedAfter] = useState<string | null | undefined>(undefined);
  const latestRun = runs.data?.items[0]?.id ?? null;
  const waiting = askedAfter !== undefined && latestRun === askedAfter;
  const running = runs.data?.items.some((r) => r.status === 'running') ?? false;
  const reloadAll = connection.reload;
  const reloadRuns = runs.reload;
  const reloadErrors = errors.reload;

  useEffect(() => {
    if (!running && !waiting) return;
    const timer = window.setInterval(() => {
      void Promise.all([reloadAll(), reloadRuns(), reloadErrors()]);
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [running, waiting, reloadAll, reloadRuns, reloadErrors]);

  const test = () =>
    void action.run(async () => {
      await api('POST', `/connections/${id}/test`, {});
      await connection.reload();
    });
  const syncNow = () =>
    void action.run(async () => {
      await api('POST', `/connections/${id}/sync`, {});
      setAskedAfter(latestRun);
      await runs.reload();
    });
  const remove = () => {
    if (!window.confirm(t.confirmRemove)) return;
    void action.run(async () => {
      await api('DELETE', `/connections/${id}`, {});
      navigate('/settings/connections');
    });
  };

  return (
    <>
      <p>
        <a {...linkProps('/settings/connections')}>← {t.back}</a>
      </p>
      <Loaded state={connection}>
        {(c) => (
          <section className="card" aria-labelledby="connection-title">
            <h2 id="connection-title">
              {c.name} <small className="muted">{SHOP_PLATFORM_NAMES[c.platform]}</small>{' '}
              <span className={`badge ${c.enabled ? 'good' : ''}`}>{c.enabled ? t.on : t.off}</span>
            </h2>
            <dl className="facts">
              <dt>{t.channel}</dt>
              <dd>{c.channel.name || c.channel.code}</dd>
              <dt>{t.keyHint}</dt>
              <dd>
                <code>{c.keyHint}</code>
              </dd>
              <dt>{t.lastCheck}</dt>
              <dd>
                <CheckResult check={c.check} />
              </dd>
              <dt>{t.lastSync}</dt>
              <dd>{c.status.lastSyncAt ? dateTime(c.status.lastSyncAt, lang) : t.never}</dd>
              <dt>{t.syncedUntil}</dt>
              <dd>{c.status.syncedUntil ? dateTime(c.status.syncedUntil, lang) : t.never}</dd>
              <dt>{t.orders}</dt>
              <dd>{c.status.ordersReceived}</dd>
              <dt>{t.webhooks}</dt>
              <dd>
                {t.webhooksCount
                  .replace('{received}', String(c.status.webhooksReceived))
                  .replace('{rejected}', String(c.status.webhooksRejected))}
              </dd>
              <dt>{t.lastError}</dt>
              <dd>
                {c.status.lastError ? (
                  <>
                    {c.status.lastError.message} <small className="muted">{dateTime(c.status.lastError.at, lang)}</small>
                  </>
                ) : (
                  t.noErrors
                )}
              </dd>
            </dl>
            {c.webhookUrl && <WebhookUrl url={c.webhookUrl} />}
            {action.error && <ErrorBox message={action.error} />}
            {waiting && (
              <p className="ok" role="status">
                {t.syncAsked}
              </p>
            )}
            {editable && (
              <div className="toolbar">
                <button type="button" disabled={action.busy} onClick={test}>
                  {t.test}
                </button>
                <button type="button" className="primary" disabled={action.busy || !c.enabled || running} onClick={syncNow}>
                  {t.syncNow}
                </button>
                <button type="button" disabled={action.busy} onClick={() => setEditing(!editing)} aria-expanded={editing}>
                  {t.edit}
                </button>
                <button type="button" disabled={action.busy} onClick={remove}>
                  {t.remove}
                </button>
              </div>
            )}
            {editable && editing && (
              <ConnectionForm
                editing={c}
                action={action}
                onDone={async () => {
                  setEditing(false);
                  await connection.reload();
                }}
              />
            )}
          </section>
        )}
      </Loaded>
      <SyncRuns state={runs} />
      <SyncErrors state={errors} />
    </>
  );
}
