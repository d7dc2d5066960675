import { useState } from 'react';
import { api, query } from '../../api.js';
import { dateTime, useLang, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { Empty, ErrorBox, Loading } from '../../ui/States.js';
import { TableCard } from '../../ui/TableCard.js';
import { useLabels } from '../../ui/useLabels.js';
import { useLoad } from '../../ui/useLoad.js';
import { RISK_TEXTS } from './riskTexts.js';
import type { Paged, RiskCustomerItem } from './riskWire.js';
import { ScoreBadge, SignalList } from './SignalList.js';

/** Customers by their latest score, with how many accounts are linked to them and whether a list
 * names them; each opens the customer's page, where the links and lists are shown in full. */
export function RiskCustomersTab() {
  const t = useT(RISK_TEXTS);
  const lang = useLang();
  const label = useLabels();
  const [extra, setExtra] = useState<Paged<RiskCustomerItem> | null>(null);
  const list = useLoad(async () => {
    setExtra(null);
    return api<Paged<RiskCustomerItem>>('GET', `/risk/customers${query({ limit: 50, locale: lang })}`);
  }, [lang]);
  const items = [...(list.data?.items ?? []), ...(extra?.items ?? [])];
  const next = extra ? extra.nextCursor : list.data?.nextCursor;

  async function more() {
    if (!next) return;
    const page = await api<Paged<RiskCustomerItem>>('GET', `/risk/customers${query({ limit: 50, locale: lang, cursor: next })}`);
    setExtra({ items: [...(extra?.items ?? []), ...page.items], nextCursor: page.nextCursor });
  }

  if (list.error) return <ErrorBox message={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  if (items.length === 0) return <Empty>{t.noCustomers}</Empty>;
  return (
    <>
      <TableCard headers={[t.score, t.customer, t.segment, t.linked, t.listed, t.assessed, t.signals]}>
        {items.map((c) => (
          <tr key={c.id}>
            <td>
              <ScoreBadge score={c.score} level={c.level} />
            </td>
            <td>
              <a {...linkProps(`/customers/${c.id}`)}>{c.name || c.email}</a>
              {c.name && <div className="muted">{c.email}</div>}
            </td>
            <td>{label.segment(c.segment)}</td>
            <td className="num">{c.linked}</td>
            <td>
              {c.listed === 'block' ? (
                <span className="badge bad">{t.block}</span>
              ) : c.listed === 'allow' ? (
                <span className="badge good">{t.allow}</span>
              ) : (
                '—'
              )}
            </td>
            <td>{dateTime(c.assessedAt, lang)}</td>
            <td>
              <SignalList signals={c.signals} empty={t.noSignals} />
            </td>
          </tr>
        ))}
      </TableCard>
      {next && (
        <button type="button" onClick={() => void more()}>
          {t.more}
        </button>
      )}
    </>
  );
}
