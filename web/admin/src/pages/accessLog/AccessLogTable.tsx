import type { AccessLogEntry } from '../../../../../src/http/routes/admin/accessLog/schema.js';
import { dateTime, useLang, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { TableCard } from '../../ui/TableCard.js';
import { ACCESS_LOG_TEXTS } from './accessLogTexts.js';

type Texts = (typeof ACCESS_LOG_TEXTS)['en'];

/** What an entry did, in words: the action, and for an export what was exported. */
function actionText(entry: AccessLogEntry, t: Texts): string {
  const action = t[entry.action as keyof Texts] ?? entry.action;
  return entry.detail ? `${action} (${entry.detail})` : action;
}

/** The subject of an entry as a link to its page. */
function Subject({ entry }: { entry: AccessLogEntry }) {
  const s = entry.subject;
  if (!s) return <>—</>;
  const path = s.type === 'return' ? `/returns/${s.id}` : `/customers/${s.id}`;
  return <a {...linkProps(path)}>{s.label ?? s.id}</a>;
}

/** Access log entries, newest first; `compact` leaves out the subject (a panel on its own page). */
export function AccessLogTable({ items, compact = false }: { items: AccessLogEntry[]; compact?: boolean }) {
  const t = useT(ACCESS_LOG_TEXTS);
  const lang = useLang();
  const headers = compact ? [t.at, t.actor, t.action] : [t.at, t.actor, t.action, t.subject, t.network];
  return (
    <TableCard headers={headers}>
      {items.map((e) => (
        <tr key={e.id}>
          <td>{dateTime(e.at, lang)}</td>
          <td>
            {e.actor.name ?? e.actor.id} <small className="muted">({t[e.actor.type]})</small>
          </td>
          <td>{actionText(e, t)}</td>
          {!compact && (
            <>
              <td>
                <Subject entry={e} />
              </td>
              <td>{e.ipNetwork ?? '—'}</td>
            </>
          )}
        </tr>
      ))}
    </TableCard>
  );
}
