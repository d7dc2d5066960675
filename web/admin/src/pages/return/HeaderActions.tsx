import { useState } from 'react';
import { isOneOf } from '../../../../../src/domain/oneOf.js';
import { CANCELLABLE_STATUSES, CLOSABLE_STATUSES, HOLDABLE_STATUSES } from '../../../../../src/domain/returnStatus.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import type { ReturnDetail } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';

const T = texts({
  en: {
    actions: 'Actions',
    hold: 'Put on hold',
    release: 'Release hold',
    cancel: 'Cancel return',
    resolve: 'Resolve',
    close: 'Close',
    reason: 'Reason',
    confirm: 'Confirm',
    back: 'Back',
    holdReason: 'Why is it on hold?',
    cancelReason: 'Why is it cancelled?',
  },
  nl: {
    actions: 'Acties',
    hold: 'In de wacht zetten',
    release: 'Uit de wacht halen',
    cancel: 'Retour annuleren',
    resolve: 'Afhandelen',
    close: 'Sluiten',
    reason: 'Reden',
    confirm: 'Bevestigen',
    back: 'Terug',
    holdReason: 'Waarom in de wacht?',
    cancelReason: 'Waarom geannuleerd?',
  },
});

/** Hold, release, cancel, resolve and close: only those the state and the role allow. */
export function HeaderActions({ ret, onChanged }: { ret: ReturnDetail; onChanged: () => void }) {
  const t = useT(T);
  const me = useMe();
  const action = useAction();
  const [asking, setAsking] = useState<'hold' | 'cancel' | null>(null);
  const [reason, setReason] = useState('');

  const post = (path: string, body: object) =>
    action.run(async () => {
      await api('POST', `/returns/${ret.id}/${path}`, body);
      setAsking(null);
      setReason('');
      onChanged();
    });

  const canHold = can(me.role, 'returns.hold') && isOneOf(HOLDABLE_STATUSES, ret.status);
  const canCancel = can(me.role, 'returns.review') && isOneOf(CANCELLABLE_STATUSES, ret.status);
  const canResolve = can(me.role, 'returns.close') && ret.status === 'inspected' && !ret.onHold;
  const canClose = can(me.role, 'returns.close') && isOneOf(CLOSABLE_STATUSES, ret.status);
  if (!canHold && !canCancel && !canResolve && !canClose) return null;

  return (
    <section className="toolbar" aria-label={t.actions}>
      {canHold &&
        (ret.onHold ? (
          <button type="button" disabled={action.busy} onClick={() => post('release', {})}>
            {t.release}
          </button>
        ) : (
          <button type="button" disabled={action.busy} onClick={() => setAsking('hold')}>
            {t.hold}
          </button>
        ))}
      {canCancel && (
        <button type="button" className="danger" disabled={action.busy} onClick={() => setAsking('cancel')}>
          {t.cancel}
        </button>
      )}
      {canResolve && (
        <button type="button" className="primary" disabled={action.busy} onClick={() => post('resolve', {})}>
          {t.resolve}
        </button>
      )}
      {canClose && (
        <button type="button" disabled={action.busy} onClick={() => post('close', {})}>
          {t.close}
        </button>
      )}
      {asking && (
        <form
          className="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            void post(asking, { reason: reason.trim() || null });
          }}
        >
          <label>
            <span>{asking === 'hold' ? t.holdReason : t.cancelReason}</span>
            <input required={asking === 'hold'} value={reason} onChange={(e) => setReason(e.target.value)} size={40} />
          </label>
          <button type="submit" className={asking === 'cancel' ? 'danger' : 'primary'} disabled={action.busy}>
            {t.confirm}
          </button>
          <button type="button" onClick={() => setAsking(null)}>
            {t.back}
          </button>
        </form>
      )}
      {action.error && <ErrorBox message={action.error} />}
    </section>
  );
}
