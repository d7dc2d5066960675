import { type FormEvent, useState } from 'react';
import { can } from '../../access.js';
import { api, query } from '../../api.js';
import { dateTime, useLang, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { useMe } from '../../session.js';
import { Empty, ErrorBox, Loaded } from '../../ui/States.js';
import { TableCard } from '../../ui/TableCard.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { ListEntriesTable } from '../risk/ListEntriesTable.js';
import type { CustomerRisk, ListName } from '../risk/riskWire.js';
import { ScoreBadge, SignalList } from '../risk/SignalList.js';
import { CUSTOMER_RISK_TEXTS } from './customerRiskTexts.js';

/** A customer's risk: their latest score and its signals, the accounts linked to them with those
 * accounts' scores (the score of one shows on the others), list entries, their returns' scores,
 * and blocking or allowing them. */
export function CustomerRiskPanel({ customerId }: { customerId: string }) {
  const t = useT(CUSTOMER_RISK_TEXTS);
  const lang = useLang();
  const me = useMe();
  const state = useLoad(
    () => api<CustomerRisk>('GET', `/customers/${customerId}/risk${query({ locale: lang })}`),
    [customerId, lang],
  );
  const manage = can(me.role, 'risk.lists');
  return (
    <section className="card" aria-labelledby="customer-risk-title">
      <h2 id="customer-risk-title">{t.title}</h2>
      <Loaded state={state}>
        {(risk) => (
          <>
            <p>
              {risk.score === null ? t.notScored : <ScoreBadge score={risk.score} level={risk.level} />}{' '}
              {risk.assessedAt && (
                <span className="muted">
                  {t.assessed} {dateTime(risk.assessedAt, lang)}
                </span>
              )}
            </p>
            <SignalList signals={risk.signals} />
            <LinkedAccounts linked={risk.linked} />
            <h3>{t.lists}</h3>
            {risk.lists.length === 0 ? (
              <Empty>{t.noLists}</Empty>
            ) : (
              <ListEntriesTable entries={risk.lists} canRemove={manage} onRemoved={() => void state.reload()} />
            )}
            {manage && <ListCustomerForm customerId={customerId} onListed={() => void state.reload()} />}
            <RiskHistory history={risk.history} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function LinkedAccounts({ linked }: { linked: CustomerRisk['linked'] }) {
  const t = useT(CUSTOMER_RISK_TEXTS);
  const via = (v: string) => (v in t ? t[v as 'address'] : v);
  return (
    <>
      <h3>{t.linked}</h3>
      {linked.length === 0 ? (
        <p className="muted">{t.noLinked}</p>
      ) : (
        <TableCard headers={[t.customer, t.via, t.score]}>
          {linked.map((l) => (
            <tr key={l.customerId}>
              <td>
                <a {...linkProps(`/customers/${l.customerId}`)}>{l.name || l.email || l.customerId}</a>
                {l.name && l.email && <div className="muted">{l.email}</div>}
              </td>
              <td>{l.via.map(via).join(', ')}</td>
              <td>
                {l.score === null ? '—' : <ScoreBadge score={l.score} />}
                {l.blocked && <span className="badge bad"> {t.blocked}</span>}
              </td>
            </tr>
          ))}
        </TableCard>
      )}
    </>
  );
}

function RiskHistory({ history }: { history: CustomerRisk['history'] }) {
  const t = useT(CUSTOMER_RISK_TEXTS);
  const lang = useLang();
  if (history.length === 0) return null;
  const stage = (s: string) => (s === 'request' || s === 'inspection' || s === 'review' ? t[s] : s);
  return (
    <>
      <h3>{t.history}</h3>
      <TableCard headers={[t.return, t.stage, t.score, t.when]}>
        {history.map((h, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a return is assessed more than once; the list's order is the record's
          <tr key={`${h.returnId}-${i}`}>
            <td>
              <a className="number" {...linkProps(`/returns/${h.returnId}`)}>
                {h.number}
              </a>
            </td>
            <td>{stage(h.stage)}</td>
            <td>
              <ScoreBadge score={h.score} level={h.level} />
            </td>
            <td>{dateTime(h.createdAt, lang)}</td>
          </tr>
        ))}
      </TableCard>
    </>
  );
}

/** Puts this customer on the block or allow list with a reason. */
function ListCustomerForm({ customerId, onListed }: { customerId: string; onListed: () => void }) {
  const t = useT(CUSTOMER_RISK_TEXTS);
  const action = useAction();
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(false);
  async function list(e: FormEvent, name: ListName) {
    e.preventDefault();
    setDone(false);
    if (!reason.trim()) return;
    const ok = await action.run(() =>
      api('POST', '/risk/lists', { list: name, kind: 'customer', value: customerId, reason: reason.trim() }),
    );
    if (ok) {
      setReason('');
      setDone(true);
      onListed();
    }
  }
  return (
    <form onSubmit={(e) => void list(e, 'block')} aria-labelledby="list-customer-title">
      <h3 id="list-customer-title">{t.listTitle}</h3>
      <div className="toolbar">
        <label>
          <span>{t.reason}</span>
          <input required maxLength={500} size={30} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" className="danger" disabled={action.busy}>
          {t.block}
        </button>
        <button type="button" disabled={action.busy || !reason.trim()} onClick={(e) => void list(e, 'allow')}>
          {t.allow}
        </button>
      </div>
      {action.error && <ErrorBox message={action.error} />}
      {done && (
        <p className="ok" role="status">
          {t.listed}
        </p>
      )}
    </form>
  );
}
