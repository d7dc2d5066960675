import { useState } from 'react';
import { emailContentRemoved } from '../../../../../src/domain/email/emailContent.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { dateTime, useLang, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { useMe } from '../../session.js';
import { ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { EmailFrame } from './EmailFrame.js';
import { kindLabel, MAIL_T, STATUS_CLASS, statusLabel } from './emailTexts.js';
import type { EmailView } from './emailTypes.js';

/** One e-mail as it went out, with its delivery facts; a failed or lost one can be sent again. */
export function EmailDetail({ emailId }: { emailId: string }) {
  const t = useT(MAIL_T);
  const lang = useLang();
  const state = useLoad(() => api<EmailView>('GET', `/emails/${emailId}`), [emailId]);
  const [resent, setResent] = useState(false);
  return (
    <>
      <p>
        <a {...linkProps('/mail')}>{t.back}</a>
      </p>
      <Loaded state={state}>
        {(e) => (
          <>
            <h1>{e.subject ?? kindLabel(t, e.kind)}</h1>
            <section className="card">
              <dl className="facts">
                <dt>{t.to}</dt>
                <dd>{e.recipient ?? '—'}</dd>
                <dt>{t.kindLabel}</dt>
                <dd>
                  {kindLabel(t, e.kind)} ({e.locale ?? '—'})
                </dd>
                <dt>{t.status}</dt>
                <dd>
                  <span className={`badge ${STATUS_CLASS[e.status]}`}>{statusLabel(t, e.status)}</span>{' '}
                  {dateTime(e.sentAt ?? e.createdAt, lang)}
                </dd>
                {e.returnId && (
                  <>
                    <dt>{t.openReturn}</dt>
                    <dd>
                      <a {...linkProps(`/returns/${e.returnId}`)}>{e.returnNumber}</a>
                    </dd>
                  </>
                )}
                <dt>{t.transport}</dt>
                <dd>{e.transport ?? '—'}</dd>
                <dt>{t.attempts}</dt>
                <dd>{e.attempts}</dd>
                {e.attachments.length > 0 && (
                  <>
                    <dt>{t.attachments}</dt>
                    <dd>{e.attachments.join(', ')}</dd>
                  </>
                )}
                {e.lastError && (
                  <>
                    <dt>{t.error}</dt>
                    <dd>{e.lastError}</dd>
                  </>
                )}
              </dl>
              <Resend
                email={e}
                onResent={() => {
                  setResent(true);
                  void state.reload();
                }}
              />
              {resent && <p role="status">{t.resent}</p>}
            </section>
            <EmailFrame htmlUrl={`/emails/${e.id}/html`} text={e.text} subject={e.subject} />
          </>
        )}
      </Loaded>
    </>
  );
}

/** "Send again" for a failed or lost e-mail; one whose content retention or an erasure removed
 * cannot be sent again (the server refuses it too), so it says why instead. */
function Resend({ email, onResent }: { email: EmailView; onResent: () => void }) {
  const t = useT(MAIL_T);
  const me = useMe();
  const action = useAction();
  if (emailContentRemoved(email)) return <p className="muted">{t.contentRemoved}</p>;
  if (!can(me.role, 'emails.resend') || email.status === 'pending') return null;
  return (
    <>
      <p>
        <button
          type="button"
          disabled={action.busy}
          onClick={async () => {
            if (await action.run(() => api('POST', `/emails/${email.id}/resend`, {}))) onResent();
          }}
        >
          {t.resend}
        </button>
      </p>
      {action.error && <ErrorBox message={action.error} />}
    </>
  );
}
