import { useEffect, useState } from 'react';
import { api, problemText, query } from '../api.js';
import { dateTime, useLang, useT } from '../i18n.js';
import { linkProps } from '../router.js';
import { Empty, ErrorBox, Loading } from '../ui/States.js';
import { EmailDetail } from './mail/EmailDetail.js';
import { EmailPreviews } from './mail/EmailPreviews.js';
import { kindLabel, MAIL_T, STATUS_CLASS, statusLabel } from './mail/emailTexts.js';
import type { EmailPage, EmailSummary } from './mail/emailTypes.js';

type Tab = 'all' | 'failed' | 'previews';

/** E-mails to shoppers: everything sent (or kept in the local mailbox), the failed ones to send
 * again, one e-mail as it went out, and previews of every kind in every language. */
export function MailPage({ sub }: { sub: string | null }) {
  const t = useT(MAIL_T);
  if (sub?.startsWith('eml_')) return <EmailDetail emailId={sub} />;
  const tab: Tab = sub === 'failed' || sub === 'previews' ? sub : 'all';
  return (
    <>
      <h1>{t.title}</h1>
      <nav className="tabs" aria-label={t.filter}>
        {(['all', 'failed', 'previews'] as const).map((k) => (
          <a key={k} {...linkProps(k === 'all' ? '/mail' : `/mail/${k}`)} aria-current={k === tab ? 'page' : undefined}>
            {t[k]}
          </a>
        ))}
      </nav>
      {tab === 'previews' ? <EmailPreviews /> : <EmailList status={tab === 'failed' ? 'failed' : null} />}
    </>
  );
}

function EmailList({ status }: { status: 'failed' | null }) {
  const t = useT(MAIL_T);
  const lang = useLang();
  const [items, setItems] = useState<EmailSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function load(cursor: string | null) {
    setBusy(true);
    try {
      const page = await api<EmailPage>('GET', `/emails${query({ status, cursor, limit: 50 })}`);
      setItems((old) => (cursor && old ? [...old, ...page.items] : page.items));
      setNext(page.nextCursor);
      setError(null);
    } catch (err) {
      setError(problemText(err));
    } finally {
      setBusy(false);
    }
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter starts from the first page
  useEffect(() => {
    setItems(null);
    void load(null);
  }, [status]);

  if (error) return <ErrorBox message={error} onRetry={() => void load(null)} />;
  if (items === null) return <Loading />;
  if (items.length === 0) return <Empty>{status === 'failed' ? t.noneFailed : t.none}</Empty>;
  return (
    <>
      {items.some((e) => e.transport === 'mailbox') && <p className="muted">{t.mailboxNote}</p>}
      <div className="table-wrap">
        <table className="grid">
          <thead>
            <tr>
              <th>{t.when}</th>
              <th>{t.to}</th>
              <th>{t.subject}</th>
              <th>{t.kindLabel}</th>
              <th>{t.openReturn}</th>
              <th>{t.status}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>{dateTime(e.sentAt ?? e.createdAt, lang)}</td>
                <td>{e.recipient ?? '—'}</td>
                <td>
                  <a {...linkProps(`/mail/${e.id}`)}>{e.subject ?? kindLabel(t, e.kind)}</a>
                </td>
                <td>{kindLabel(t, e.kind)}</td>
                <td>{e.returnId ? <a {...linkProps(`/returns/${e.returnId}`)}>{e.returnNumber}</a> : '—'}</td>
                <td>
                  <span className={`badge ${STATUS_CLASS[e.status]}`}>{statusLabel(t, e.status)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next && (
        <p>
          <button type="button" disabled={busy} onClick={() => void load(next)}>
            {t.more}
          </button>
        </p>
      )}
    </>
  );
}
