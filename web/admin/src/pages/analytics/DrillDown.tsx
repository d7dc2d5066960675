import { type Dispatch, type SetStateAction, useEffect, useId, useRef, useState } from 'react';
import { api } from '../../api.js';
import { dateTime, money, texts, useLang, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { StatusBadge } from '../../ui/Badges.js';
import { Empty, Loaded } from '../../ui/States.js';
import { TableCard } from '../../ui/TableCard.js';
import { useReasonLabel } from '../../ui/useLabels.js';
import { useLoad } from '../../ui/useLoad.js';
import { reportPath } from './analyticsData.js';
import type { DrillDownPage } from './analyticsWire.js';
import type { DrillChoice, FilterValues } from './filters.js';

const T = texts({
  en: {
    heading: 'Returns behind: {what}',
    close: 'Close',
    count: '{first}–{last} of {total} returns',
    previous: 'Previous',
    next: 'Next',
    none: 'No returns behind this number.',
    number: 'Return',
    requested: 'Requested',
    status: 'Status',
    units: 'Units',
    value: 'Value',
    reasons: 'Reasons',
  },
  nl: {
    heading: 'Retouren achter: {what}',
    close: 'Sluiten',
    count: '{first}–{last} van {total} retouren',
    previous: 'Vorige',
    next: 'Volgende',
    none: 'Geen retouren achter dit getal.',
    number: 'Retour',
    requested: 'Aangevraagd',
    status: 'Status',
    units: 'Stuks',
    value: 'Waarde',
    reasons: 'Redenen',
  },
});

const PAGE = 25;

/**
 * The returns behind a number clicked on a dashboard (GET /analytics/returns, same filters, the
 * dimension and key clicked, a trend bucket's days), each leading to its return's page. Opening it
 * moves the focus to its heading, so a keyboard or screen reader user lands on what they asked for.
 */
export function DrillDown({
  choice,
  filters,
  basis,
  currency,
  onClose,
}: {
  choice: DrillChoice;
  filters: FilterValues;
  basis: 'ordered' | 'requested';
  currency: string;
  onClose: () => void;
}) {
  const t = useT(T);
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [offset, setOffset] = useState(0);
  const asked = {
    ...filters,
    ...(choice.from && choice.to ? { from: choice.from, to: choice.to } : {}),
  };
  const extra = { basis, dimension: choice.dimension, key: choice.key, limit: PAGE, offset };
  const state = useLoad(() => api<DrillDownPage>('GET', reportPath('returns', asked, extra)), [asked, extra]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new choice is the moment to move the focus
  useEffect(() => {
    setOffset(0);
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'nearest' });
  }, [choice.label, choice.key, choice.dimension, choice.from]);
  return (
    <section className="card drill" aria-labelledby={id}>
      <div className="analytics-head">
        <h2 id={id} ref={heading} tabIndex={-1}>
          {t.heading.replace('{what}', choice.label)}
        </h2>
        <button type="button" onClick={onClose}>
          {t.close}
        </button>
      </div>
      <Loaded state={state}>
        {(page) => <DrillTable page={page} offset={offset} setOffset={setOffset} currency={currency} />}
      </Loaded>
    </section>
  );
}

function DrillTable({
  page,
  offset,
  setOffset,
  currency,
}: {
  page: DrillDownPage;
  offset: number;
  setOffset: Dispatch<SetStateAction<number>>;
  currency: string;
}) {
  const t = useT(T);
  const lang = useLang();
  const reason = useReasonLabel();
  if (page.items.length === 0) return <Empty>{t.none}</Empty>;
  return (
    <>
      <p className="muted" aria-live="polite">
        {t.count
          .replace('{first}', String(offset + 1))
          .replace('{last}', String(offset + page.items.length))
          .replace('{total}', String(page.total))}
      </p>
      <TableCard headers={[t.number, t.requested, t.status, t.units, t.value, t.reasons]}>
        {page.items.map((r) => (
          <tr key={r.returnId}>
            <td>
              <a className="number" {...linkProps(`/returns/${r.returnId}`)}>
                {r.number}
              </a>
            </td>
            <td>{dateTime(r.requestedAt, lang)}</td>
            <td>
              <StatusBadge status={r.status} />
            </td>
            <td className="num">{r.units}</td>
            <td className="num">{money(r.value, currency, lang)}</td>
            <td>{r.reasons.map(reason).join(', ')}</td>
          </tr>
        ))}
      </TableCard>
      {page.total > PAGE && (
        <div className="toolbar">
          <button type="button" disabled={offset === 0} onClick={() => setOffset((n) => Math.max(0, n - PAGE))}>
            {t.previous}
          </button>
          <button type="button" disabled={offset + page.items.length >= page.total} onClick={() => setOffset((n) => n + PAGE)}>
            {t.next}
          </button>
        </div>
      )}
    </>
  );
}
