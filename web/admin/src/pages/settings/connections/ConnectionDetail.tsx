import { useEffect, useState } from 'react';
import { can } from '../../../access.js';
import { api } from '../../../api.js';
import { useT } from '../../../i18n.js';
import { linkProps, navigate } from '../../../router.js';
import { useMe } from '../../../session.js';
import { ErrorBox } from '../../../ui/States.js';
import { useAction } from '../../../ui/useAction.js';
import { useLoad } from '../../../ui/useLoad.js';
import { Polled } from './ConnectionBits.js';
import { ConnectionForm } from './ConnectionForm.js';
import { ConnectionSummary } from './ConnectionSummary.js';
import type { ShopConnection, SyncErrorList, SyncRunList } from './connectionModel.js';
import { CONNECTION_TEXTS } from './connectionTexts.js';
import { SyncErrors, SyncRuns } from './SyncHistory.js';

/** How often the page asks again while a run is going, so its progress bar moves. */
const POLL_MS = 1500;

/** One connection: its check, webhook URL, sync status, the latest runs with their progress and
 * the latest errors with the platform's messages; test, sync now, change or remove it. */
export function ConnectionDetail({ id }: { id: string }) {
  const t = useT(CONNECTION_TEXTS);
  const me = useMe();
  const editable = can(me.role, 'connections.manage');
  const connection = useLoad(() => api<ShopConnection>('GET', `/connections/${id}`), [id]);
  const runs = useLoad(() => api<SyncRunList>('GET', `/connections/${id}/runs?limit=10`), [id]);
  const errors = useLoad(() => api<SyncErrorList>('GET', `/connections/${id}/errors?limit=20`), [id]);
  const action = useAction();
  const [editing, setEditing] = useState(false);
  const watch = useSyncWatch(runs.data, connection.reload, runs.reload, errors.reload);

  const test = () =>
    void action.run(async () => {
      await api('POST', `/connections/${id}/test`, {});
      await connection.reload();
    });
  const syncNow = () =>
    void action.run(async () => {
      await api('POST', `/connections/${id}/sync`, {});
      watch.asked();
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
      <Polled state={connection}>
        {(c) => (
          <section className="card" aria-labelledby="connection-title">
            <ConnectionSummary c={c} />
            {action.error && <ErrorBox message={action.error} />}
            {watch.waiting && (
              <p className="ok" role="status">
                {t.syncAsked}
              </p>
            )}
            {editable && (
              <div className="toolbar">
                <button type="button" disabled={action.busy} onClick={test}>
                  {t.test}
                </button>
                <button type="button" className="primary" disabled={action.busy || !c.enabled || watch.running} onClick={syncNow}>
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
      </Polled>
      <SyncRuns state={runs} />
      <SyncErrors state={errors} />
    </>
  );
}

/**
 * Keeps the page asking while a run is going (its progress bar moves) and, after "sync now", until
 * a newer run shows up: `asked` notes the newest run at that moment (none: null).
 */
function useSyncWatch(runs: SyncRunList | null, ...reloads: (() => Promise<void>)[]) {
  const [askedAfter, setAskedAfter] = useState<string | null | undefined>(undefined);
  const latestRun = runs?.items[0]?.id ?? null;
  const waiting = askedAfter !== undefined && latestRun === askedAfter;
  const running = runs?.items.some((r) => r.status === 'running') ?? false;
  const [connection, runList, errorList] = reloads;
  useEffect(() => {
    if (!running && !waiting) return;
    const timer = window.setInterval(() => {
      void Promise.all([connection?.(), runList?.(), errorList?.()]);
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [running, waiting, connection, runList, errorList]);
  return { running, waiting, asked: () => setAskedAfter(latestRun) };
}
