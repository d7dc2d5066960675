import { dateTime, useLang, useT } from '../../../i18n.js';
import { Empty } from '../../../ui/States.js';
import { TableCard } from '../../../ui/TableCard.js';
import type { Loaded as LoadState } from '../../../ui/useLoad.js';
import { Polled, RunProgress, RunStatus } from './ConnectionBits.js';
import type { SyncErrorList, SyncRunList } from './connectionModel.js';
import { CONNECTION_TEXTS } from './connectionTexts.js';

/** The latest sync runs: what each read, how far it got, how it ended. */
export function SyncRuns({ state }: { state: LoadState<SyncRunList> }) {
  const t = useT(CONNECTION_TEXTS);
  const lang = useLang();
  return (
    <section className="card" aria-labelledby="runs-title">
      <h2 id="runs-title">{t.runs}</h2>
      <Polled state={state}>
        {({ items }) =>
          items.length === 0 ? (
            <Empty>{t.noRuns}</Empty>
          ) : (
            <TableCard headers={[t.started, t.kind, t.resource, t.progress, t.result]}>
              {items.map((run) => (
                <tr key={run.id}>
                  <td>{dateTime(run.startedAt, lang)}</td>
                  <td>{t[run.kind]}</td>
                  <td>{run.resource}</td>
                  <td>
                    <RunProgress run={run} label={`${t.progress} ${dateTime(run.startedAt, lang)}`} />
                  </td>
                  <td>
                    <RunStatus run={run} />
                    {run.lastError && (
                      <>
                        <br />
                        <small>{run.lastError}</small>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </TableCard>
          )
        }
      </Polled>
    </section>
  );
}

/** The latest errors, each with the platform's own message. */
export function SyncErrors({ state }: { state: LoadState<SyncErrorList> }) {
  const t = useT(CONNECTION_TEXTS);
  const lang = useLang();
  return (
    <section className="card" aria-labelledby="errors-title">
      <h2 id="errors-title">{t.errorList}</h2>
      <Polled state={state}>
        {({ items }) =>
          items.length === 0 ? (
            <Empty>{t.noErrorList}</Empty>
          ) : (
            <TableCard headers={[t.when, t.subject, t.message]}>
              {items.map((e) => (
                <tr key={e.id}>
                  <td>{dateTime(e.createdAt, lang)}</td>
                  <td>
                    {e.subject}
                    {e.externalId && <small className="muted"> {e.externalId}</small>}
                  </td>
                  <td>
                    <code>{e.code}</code> {e.message}
                  </td>
                </tr>
              ))}
            </TableCard>
          )
        }
      </Polled>
    </section>
  );
}
