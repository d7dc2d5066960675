import { api, query } from '../../api.js';
import { dateTime, useLang, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import type { ReturnDetail } from '../../types.js';
import { Loaded } from '../../ui/States.js';
import { useLoad } from '../../ui/useLoad.js';
import { kindLabel, MAIL_T, STATUS_CLASS, statusLabel } from '../mail/emailTexts.js';
import type { EmailPage } from '../mail/emailTypes.js';

/** What the shopper was told about this return by e-mail, newest first. */
export function EmailsPanel({ ret }: { ret: ReturnDetail }) {
  const t = useT(MAIL_T);
  const lang = useLang();
  const state = useLoad(
    () => api<EmailPage>('GET', `/emails${query({ returnId: ret.id, limit: 50 })}`),
    [ret.id, ret.status, ret.timeline.length],
  );
  return (
    <section className="card">
      <h2>{t.panel}</h2>
      <Loaded state={state}>
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted">{t.panelEmpty}</p>
          ) : (
            <ul className="plain">
              {items.map((e) => (
                <li key={e.id}>
                  <a {...linkProps(`/mail/${e.id}`)}>{e.subject ?? kindLabel(t, e.kind)}</a>{' '}
                  <span className={`badge ${STATUS_CLASS[e.status]}`}>{statusLabel(t, e.status)}</span>{' '}
                  <small className="muted">{dateTime(e.sentAt ?? e.createdAt, lang)}</small>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}
