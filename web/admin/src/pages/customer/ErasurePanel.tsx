import { type FormEvent, useRef, useState } from 'react';
import { ERASURE_ERASES, ERASURE_KEEPS } from '../../../../../src/domain/privacy/erasure.js';
import type { ErasureAnswer, ErasureStatusAnswer } from '../../../../../src/http/routes/privacy/erasureSchema.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { date, useLang, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { ErrorBox, Loading } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { ERASES_TEXTS, ERASURE_TEXTS, KEEPS_TEXTS } from './erasureTexts.js';

const fill = (text: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((s, [k, v]) => s.replace(`{${k}}`, String(v)), text);

/** Why an erasure cannot go ahead now, in words, or null. */
function blockedReason(status: ErasureStatusAnswer, t: typeof ERASURE_TEXTS.en): string | null {
  if (status.blockedBy === 'ERASURE_BLOCKED_OPEN_RETURNS')
    return fill(t.blockedReturns, { numbers: status.blockers.openReturns.join(', ') });
  if (status.blockedBy === 'ERASURE_BLOCKED_MONEY_DUE')
    return fill(t.blockedMoney, { numbers: status.blockers.pendingSettlements.join(', ') });
  return null;
}

/** A customer's right to erasure, for admins: what it would take and keep, what blocks it, and a
 * confirmation that asks for the customer's e-mail typed again. `onErased` reloads the page. */
export function ErasurePanel({ customerId, email, onErased }: { customerId: string; email: string; onErased: () => void }) {
  const t = useT(ERASURE_TEXTS);
  const lang = useLang();
  const me = useMe();
  const allowed = can(me.role, 'privacy.manage');
  const state = useLoad(
    () => (allowed ? api<ErasureStatusAnswer>('GET', `/customers/${customerId}/erasure`) : Promise.resolve(null)),
    [customerId, allowed],
  );
  const [done, setDone] = useState<ErasureAnswer | null>(null);
  if (!allowed) return null;
  const status = state.data;
  const blocked = status ? blockedReason(status, t) : null;
  return (
    <section className="card" aria-labelledby="erasure-title">
      <h2 id="erasure-title">{t.title}</h2>
      {state.error && <ErrorBox message={state.error} onRetry={state.reload} />}
      {!status && !state.error && <Loading label={t.loading} />}
      {status?.erasedAt && <p role="status">{fill(t.erasedOn, { date: date(status.erasedAt, lang) })}</p>}
      {done && done.filesPending > 0 && <p role="status">{fill(t.filesPending, { n: done.filesPending })}</p>}
      {status && !status.erasedAt && (
        <>
          <p>{t.intro}</p>
          {blocked && (
            <p className="error" id="erasure-blocked">
              {blocked}
            </p>
          )}
          <ErasureDialog
            customerId={customerId}
            email={email}
            status={status}
            blocked={blocked !== null}
            onErased={(answer) => {
              setDone(answer);
              void state.reload();
              onErased();
            }}
          />
        </>
      )}
    </section>
  );
}

function ErasureDialog(props: {
  customerId: string;
  email: string;
  status: ErasureStatusAnswer;
  blocked: boolean;
  onErased: (answer: ErasureAnswer) => void;
}) {
  const t = useT(ERASURE_TEXTS);
  const erases = useT(ERASES_TEXTS);
  const keeps = useT(KEEPS_TEXTS);
  const dialog = useRef<HTMLDialogElement>(null);
  const action = useAction();
  const [typed, setTyped] = useState('');
  const matches = typed.trim().toLowerCase() === props.email.toLowerCase();
  const close = () => {
    dialog.current?.close();
    setTyped('');
    action.clear();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const answer = await api<ErasureAnswer>('POST', `/customers/${props.customerId}/erasure`, { confirmEmail: typed.trim() });
      dialog.current?.close();
      props.onErased(answer);
    });
  };
  return (
    <>
      <button
        type="button"
        className="danger"
        disabled={props.blocked}
        aria-describedby={props.blocked ? 'erasure-blocked' : undefined}
        onClick={() => dialog.current?.showModal()}
      >
        {t.erase}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="erasure-dialog-title"
        onClose={close}
        style={{ maxWidth: 'min(40rem, calc(100vw - 2rem))' }}
      >
        <form onSubmit={submit}>
          <h2 id="erasure-dialog-title">{t.dialogTitle}</h2>
          <p>{fill(t.holds, props.status.holds)}</p>
          <h3>{t.willErase}</h3>
          <ul>
            {ERASURE_ERASES.map((kind) => (
              <li key={kind}>{erases[kind]}</li>
            ))}
          </ul>
          <h3>{t.willKeep}</h3>
          <ul>
            {ERASURE_KEEPS.map((kind) => (
              <li key={kind}>{keeps[kind]}</li>
            ))}
          </ul>
          <label>
            <span>{t.confirmLabel}</span>
            <input type="email" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} required />
          </label>
          {action.error && <ErrorBox message={action.error} />}
          <div className="toolbar">
            <button type="button" onClick={close}>
              {t.cancel}
            </button>
            <button type="submit" className="danger" disabled={!matches || action.busy} aria-busy={action.busy}>
              {action.busy ? t.erasing : t.confirm}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
