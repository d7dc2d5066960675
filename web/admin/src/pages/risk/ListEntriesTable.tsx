import { useEffect, useRef, useState } from 'react';
import { api } from '../../api.js';
import { dateTime, useLang, useT } from '../../i18n.js';
import { ErrorBox } from '../../ui/States.js';
import { TableCard } from '../../ui/TableCard.js';
import { useAction } from '../../ui/useAction.js';
import { LIST_TEXTS } from './listTexts.js';
import type { ListEntry } from './riskWire.js';

/** List entries with who added them when, until when, and whether they still apply; a role that
 * manages the lists removes one after confirming (it is kept, marked removed). */
export function ListEntriesTable({
  entries,
  canRemove,
  onRemoved,
}: {
  entries: ListEntry[];
  canRemove: boolean;
  onRemoved: () => void;
}) {
  const t = useT(LIST_TEXTS);
  const lang = useLang();
  const action = useAction();
  const [asking, setAsking] = useState<string | null>(null);

  async function remove(id: string) {
    const ok = await action.run(() => api('DELETE', `/risk/lists/${id}`));
    setAsking(null);
    if (ok) onRemoved();
  }

  const state = (e: ListEntry) => (e.removedAt ? t.removed : e.active ? t.active : t.expired);
  return (
    <>
      {action.error && <ErrorBox message={action.error} />}
      <TableCard
        headers={[t.list, t.kind, t.value, t.reason, t.by, t.when, t.untilColumn, t.state]}
        actions={canRemove ? t.remove : null}
      >
        {entries.map((e) => (
          <tr key={e.id} data-entry={e.id}>
            <td>
              <span className={`badge ${e.list === 'block' ? 'bad' : 'good'}`}>{e.list === 'block' ? t.block : t.allow}</span>
            </td>
            <td>{t[e.kind]}</td>
            <td>{e.display || e.value}</td>
            <td>{e.reason}</td>
            <td>{e.createdByName ?? e.createdBy ?? '—'}</td>
            <td>{dateTime(e.createdAt, lang)}</td>
            <td>{dateTime(e.until, lang)}</td>
            <td>
              {state(e)}
              {e.removedAt && <div className="muted">{dateTime(e.removedAt, lang)}</div>}
            </td>
            {canRemove && (
              <td>
                {e.removedAt ? null : asking === e.id ? (
                  <ConfirmRemove busy={action.busy} onYes={() => void remove(e.id)} onKeep={() => setAsking(null)} />
                ) : (
                  <button type="button" onClick={() => setAsking(e.id)}>
                    {t.remove}
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </TableCard>
    </>
  );
}

/** Asks before removing; focus moves to the question's answer so a keyboard user is not lost. */
function ConfirmRemove({ busy, onYes, onKeep }: { busy: boolean; onYes: () => void; onKeep: () => void }) {
  const t = useT(LIST_TEXTS);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => yes.current?.focus(), []);
  return (
    <div>
      <p>{t.confirm}</p>
      <button ref={yes} type="button" className="danger" disabled={busy} onClick={onYes}>
        {t.yes}
      </button>{' '}
      <button type="button" onClick={onKeep}>
        {t.keep}
      </button>
    </div>
  );
}
