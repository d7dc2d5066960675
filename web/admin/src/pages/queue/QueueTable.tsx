import { isOneOf } from '../../../../../src/domain/oneOf.js';
import { REVIEWABLE_STATUSES } from '../../../../../src/domain/returnStatus.js';
import { ago, dateTime, money, useLang, useT } from '../../i18n.js';
import { humanise } from '../../labels.js';
import { linkProps } from '../../router.js';
import type { ReturnSummary } from '../../types.js';
import { RiskBadge, StatusBadge } from '../../ui/Badges.js';
import { QUEUE_TEXTS } from './queueTexts.js';
import type { BulkDecision } from './useBulkDecision.js';

type Channels = { code: string; name: string }[];

/** The returns of this page; a reviewer can tick those still to be decided. */
export function QueueTable({
  items,
  channels,
  bulk,
  canReview,
}: {
  items: ReturnSummary[];
  channels: Channels;
  bulk: BulkDecision;
  canReview: boolean;
}) {
  const t = useT(QUEUE_TEXTS);
  const { selected, setSelected } = bulk;
  const selectable = items.filter((r) => isOneOf(REVIEWABLE_STATUSES, r.status));
  return (
    <div className="table-wrap card">
      <table className="grid">
        <thead>
          <tr>
            {canReview && (
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label={t.selectAll}
                  checked={selectable.length > 0 && selectable.every((r) => selected.has(r.id))}
                  onChange={(e) => setSelected(e.target.checked ? new Set(selectable.map((r) => r.id)) : new Set())}
                />
              </th>
            )}
            <th scope="col">{t.number}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.customer}</th>
            <th scope="col">{t.order}</th>
            <th scope="col" className="num">
              {t.items}
            </th>
            <th scope="col" className="num">
              {t.value}
            </th>
            <th scope="col">{t.risk}</th>
            <th scope="col">{t.channel}</th>
            <th scope="col">{t.opened}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <QueueRow
              key={r.id}
              row={r}
              channels={channels}
              bulk={bulk}
              canReview={canReview}
              selectable={selectable.includes(r)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function QueueRow({
  row: r,
  channels,
  bulk,
  canReview,
  selectable,
}: {
  row: ReturnSummary;
  channels: Channels;
  bulk: BulkDecision;
  canReview: boolean;
  selectable: boolean;
}) {
  const t = useT(QUEUE_TEXTS);
  const lang = useLang();
  const { selected, setSelected } = bulk;
  const tick = (checked: boolean) => {
    const next = new Set(selected);
    if (checked) next.add(r.id);
    else next.delete(r.id);
    setSelected(next);
  };
  return (
    <tr className={selected.has(r.id) ? 'selected' : undefined}>
      {canReview && (
        <td>
          {selectable && (
            <input
              type="checkbox"
              aria-label={`${t.select} ${r.number}`}
              checked={selected.has(r.id)}
              onChange={(e) => tick(e.target.checked)}
            />
          )}
        </td>
      )}
      <td className="number">
        <a {...linkProps(`/returns/${r.id}`)}>{r.number}</a>
      </td>
      <td>
        <StatusBadge status={r.status} onHold={r.onHold} />
        {r.refundOverdue && (
          <>
            {' '}
            <span className="badge bad">{t.refundOverdue}</span>
          </>
        )}
      </td>
      <td>
        {r.customer.name ?? r.customer.email}
        <br />
        <small className="muted">{r.customer.email}</small>
      </td>
      <td className="number">{r.order.orderNumber}</td>
      <td className="num">{r.lines.reduce((n, l) => n + l.quantity, 0)}</td>
      <td className="num">{money(r.value, r.currency, lang)}</td>
      <td>
        <RiskBadge risk={r.risk} />
      </td>
      <td>{channels.find((c) => c.code === r.channel)?.name ?? humanise(r.channel)}</td>
      <td title={dateTime(r.createdAt, lang)}>{ago(r.createdAt, lang)}</td>
    </tr>
  );
}
