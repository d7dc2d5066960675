import { useEffect, useState } from 'react';
import { staffNotificationTitle } from '../../../../src/domain/staffNotifications.js';
import type { NotificationPage } from '../../../../src/http/routes/messaging/notifications/schema.js';
import { can } from '../access.js';
import { api, query } from '../api.js';
import { dateTime, texts, useLang, useT } from '../i18n.js';
import { linkProps } from '../router.js';
import { useMe } from '../session.js';
import { Empty, ErrorBox, Loaded } from '../ui/States.js';
import { useAction } from '../ui/useAction.js';
import { useLoad } from '../ui/useLoad.js';

const T = texts({
  en: {
    title: 'Notifications',
    none: 'Nothing needs you: no notifications.',
    byEmail: 'Also send me these by e-mail',
    new: 'New',
    more: 'Show more',
    rerun: 'Run the rules again',
    rerunDone: 'Queued.',
  },
  nl: {
    title: 'Meldingen',
    none: 'Niets wacht op je: geen meldingen.',
    byEmail: 'Stuur me deze ook per e-mail',
    new: 'Nieuw',
    more: 'Meer tonen',
    rerun: 'Regels opnieuw laten lopen',
    rerunDone: 'In de wachtrij.',
  },
});

export type { NotificationPage };

/** What the back office asks of this person's role, newest first; opening the page marks it seen. */
export function NotificationsPage({ onSeen }: { onSeen: () => void }) {
  const t = useT(T);
  const [limit, setLimit] = useState(50);
  const state = useLoad(() => api<NotificationPage>('GET', `/notifications${query({ limit })}`), [limit]);
  const action = useAction();
  const [rerun, setRerun] = useState<string[]>([]);
  const unread = state.data?.unread ?? 0;
  useEffect(() => {
    if (unread > 0) void api('POST', '/notifications/seen', {}).then(onSeen, () => undefined);
  }, [unread, onSeen]);
  return (
    <>
      <h1>{t.title}</h1>
      <Loaded state={state}>
        {(page) => (
          <>
            <ByEmailChoice saved={page.byEmail} action={action} />
            {action.error && <ErrorBox message={action.error} />}
            {page.items.length === 0 ? (
              <Empty>{t.none}</Empty>
            ) : (
              <ul className="plain card">
                {page.items.map((n) => (
                  <NotificationItem key={n.id} n={n} action={action} rerun={rerun} onRerun={(id) => setRerun([...rerun, id])} />
                ))}
              </ul>
            )}
            {page.nextCursor && (
              <p>
                <button type="button" onClick={() => setLimit(limit + 50)}>
                  {t.more}
                </button>
              </p>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}

type Action = ReturnType<typeof useAction>;
type Notification = NotificationPage['items'][number];

/** Whether notifications also come by e-mail: shown as chosen at once, put back if the server refuses. */
function ByEmailChoice({ saved, action }: { saved: boolean; action: Action }) {
  const t = useT(T);
  const [byEmail, setByEmail] = useState<boolean | null>(null);
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={byEmail ?? saved}
        disabled={action.busy}
        onChange={(e) => {
          const wanted = e.target.checked;
          setByEmail(wanted);
          void action
            .run(() => api('PUT', '/notifications/settings', { byEmail: wanted }))
            .then((ok) => {
              if (!ok) setByEmail(null);
            });
        }}
      />{' '}
      {t.byEmail}
    </label>
  );
}

/** One notification, linking to what it is about; a failed automation run can be run again. */
function NotificationItem({
  n,
  action,
  rerun,
  onRerun,
}: {
  n: Notification;
  action: Action;
  rerun: string[];
  onRerun: (id: string) => void;
}) {
  const t = useT(T);
  const lang = useLang();
  const me = useMe();
  return (
    <li>
      {n.unread && <span className="badge warn">{t.new}</span>}{' '}
      <a {...linkProps(n.path)}>{staffNotificationTitle(n.kind, lang, n.facts)}</a>{' '}
      <small className="muted">{dateTime(n.createdAt, lang)}</small>
      {n.kind === 'automation_failed' && can(me.role, 'automation.manage') && (
        <>
          {' '}
          {rerun.includes(n.id) ? (
            <span role="status">{t.rerunDone}</span>
          ) : (
            <button
              type="button"
              disabled={action.busy}
              onClick={() =>
                void action.run(async () => {
                  await api('POST', `/automation-runs/${n.subjectId}/replay`, {});
                  onRerun(n.id);
                })
              }
            >
              {t.rerun}
            </button>
          )}
        </>
      )}
    </li>
  );
}
