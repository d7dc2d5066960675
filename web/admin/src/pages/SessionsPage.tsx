import type { OwnSession, OwnSessions } from '../../../../src/http/routes/admin/auth/sessionSchema.js';
import { api } from '../api.js';
import { dateTime, texts, useLang, useT } from '../i18n.js';
import { ErrorBox, Loaded } from '../ui/States.js';
import { TableCard } from '../ui/TableCard.js';
import { useAction } from '../ui/useAction.js';
import { useLoad } from '../ui/useLoad.js';

const T = texts({
  en: {
    title: 'Your sessions',
    intro: 'Where you are signed in. End any session you do not recognise.',
    device: 'Device',
    signedIn: 'Signed in',
    lastSeen: 'Last used',
    expires: 'Ends',
    current: 'This session',
    end: 'End',
    endLabel: 'End the session on {device}, signed in {date}',
    endOthers: 'End all other sessions',
  },
  nl: {
    title: 'Je sessies',
    intro: 'Waar je bent ingelogd. Beëindig elke sessie die je niet herkent.',
    device: 'Apparaat',
    signedIn: 'Ingelogd',
    lastSeen: 'Laatst gebruikt',
    expires: 'Verloopt',
    current: 'Deze sessie',
    end: 'Beëindigen',
    endLabel: 'Beëindig de sessie op {device}, ingelogd {date}',
    endOthers: 'Alle andere sessies beëindigen',
  },
});

/** The signed-in staff member's own sessions: device, when signed in and last used, which one is
 * this; ending one, or all but this one. */
export function SessionsPage() {
  const t = useT(T);
  const state = useLoad(() => api<OwnSessions>('GET', '/auth/sessions'), []);
  const action = useAction();
  const endOthers = () =>
    action.run(async () => {
      await api('POST', '/auth/sessions/end-others', {});
      await state.reload();
    });
  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {action.error && <ErrorBox message={action.error} />}
      <Loaded state={state}>
        {({ items }) => (
          <>
            <SessionsTable items={items} reload={state.reload} />
            {items.some((s) => !s.current) && (
              <button type="button" onClick={endOthers} disabled={action.busy}>
                {t.endOthers}
              </button>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}

function SessionsTable({ items, reload }: { items: OwnSession[]; reload: () => Promise<void> }) {
  const t = useT(T);
  const lang = useLang();
  const action = useAction();
  const end = (id: string) =>
    action.run(async () => {
      await api('DELETE', `/auth/sessions/${id}`);
      await reload();
    });
  return (
    <>
      {action.error && <ErrorBox message={action.error} />}
      <TableCard headers={[t.device, t.signedIn, t.lastSeen, t.expires]} actions={t.end}>
        {items.map((s) => (
          <tr key={s.id}>
            <td>
              {s.device} {s.current && <strong>({t.current})</strong>}
            </td>
            <td>{dateTime(s.createdAt, lang)}</td>
            <td>{dateTime(s.lastSeenAt, lang)}</td>
            <td>{dateTime(s.expiresAt, lang)}</td>
            <td>
              {!s.current && (
                <button
                  type="button"
                  onClick={() => end(s.id)}
                  disabled={action.busy}
                  aria-label={t.endLabel.replace('{device}', s.device).replace('{date}', dateTime(s.createdAt, lang))}
                >
                  {t.end}
                </button>
              )}
            </td>
          </tr>
        ))}
      </TableCard>
    </>
  );
}
