import { useEffect, useRef } from 'react';
import { isOneOf } from '../../../../src/domain/oneOf.js';
import { awaitingGoods, hasGoods } from '../../../../src/domain/returnLine.js';
import { RECEIVABLE_STATUSES } from '../../../../src/domain/returnStatus.js';
import { can } from '../access.js';
import { api } from '../api.js';
import { money, texts, useLang, useT } from '../i18n.js';
import { linkProps, navigate } from '../router.js';
import { useMe } from '../session.js';
import type { ReturnDetail } from '../types.js';
import { StatusBadge } from '../ui/Badges.js';
import { Loaded } from '../ui/States.js';
import { useLabels } from '../ui/useLabels.js';
import { useLoad } from '../ui/useLoad.js';
import { ExpectedList } from './receive/ExpectedList.js';
import { InboundChart } from './receive/InboundChart.js';
import { InspectForm, type InspectionSetup } from './receive/InspectForm.js';
import { ReceiveForm } from './receive/ReceiveForm.js';
import { ScanBox } from './receive/ScanBox.js';

const T = texts({
  en: {
    title: 'Receiving and inspection',
    order: 'Order',
    details: 'Open the return',
    nothing: 'Nothing to receive or grade on this return in its current state.',
    done: 'Inspected',
    next: 'Next return',
    nextHint: 'Press Enter for the next return.',
    grade: 'grade',
    recovered: 'recovers',
    regrade: 'Grade again',
    noInspect: 'Your role may receive goods but not grade them.',
  },
  nl: {
    title: 'Ontvangst en keuring',
    order: 'Order',
    details: 'Retour openen',
    nothing: 'Er valt op deze retour in deze status niets te ontvangen of te keuren.',
    done: 'Gekeurd',
    next: 'Volgende retour',
    nextHint: 'Druk op Enter voor de volgende retour.',
    grade: 'klasse',
    recovered: 'levert op',
    regrade: 'Opnieuw keuren',
    noInspect: 'Je rol mag goederen ontvangen maar niet keuren.',
  },
});

/** The dock: scan, count what arrived, grade and route it, next parcel. Built so a whole return
 * goes through without the mouse. */
export function ReceivePage({ returnId }: { returnId: string | null }) {
  const t = useT(T);
  return (
    <>
      <h1>{t.title}</h1>
      {returnId ? (
        <Station key={returnId} returnId={returnId} />
      ) : (
        <>
          <ScanBox />
          <ExpectedList />
          <InboundChart />
        </>
      )}
    </>
  );
}

function Station({ returnId }: { returnId: string }) {
  const t = useT(T);
  const lang = useLang();
  const me = useMe();
  // The return and its inspection setup load side by side when the station opens. After a step
  // (received, graded) only the return loads again: the setup (the lines' goods, checklists and
  // the rules' suggestions) is not changed by receiving or grading. It is kept from when the
  // station opened: rules changed meanwhile show on reopening, and the server grades by the rules
  // of the moment anyway.
  const detail = useLoad(() => api<ReturnDetail>('GET', `/returns/${returnId}`), [returnId]);
  const inspection = useLoad(() => api<InspectionSetup>('GET', `/returns/${returnId}/inspection`), [returnId]);
  const state = {
    data: detail.data && inspection.data ? ([detail.data, inspection.data] as const) : null,
    error: detail.error ?? inspection.error,
    loading: detail.loading || inspection.loading,
    // A retry loads again what failed.
    reload: () => Promise.all([detail.error ? detail.reload() : null, inspection.error ? inspection.reload() : null]),
  };
  return (
    <Loaded state={state}>
      {([ret, setup]) => {
        const receiving = isOneOf(RECEIVABLE_STATUSES, ret.status) && ret.lines.some(awaitingGoods);
        const grading = !receiving && ret.status === 'received' && ret.lines.some(hasGoods);
        return (
          <>
            <section className="card">
              <h2>
                <span className="number">{ret.number}</span> <StatusBadge status={ret.status} onHold={ret.onHold} />
              </h2>
              <p>
                {t.order} <span className="number">{ret.order.orderNumber}</span> · {ret.customer.name ?? ret.customer.email} ·{' '}
                <a {...linkProps(`/returns/${ret.id}`)}>{t.details}</a>
              </p>
            </section>
            {receiving ? (
              <ReceiveForm ret={ret} onDone={detail.reload} />
            ) : grading ? (
              can(me.role, 'returns.inspect') ? (
                <InspectForm ret={ret} setup={setup} onDone={detail.reload} />
              ) : (
                <p className="state">{t.noInspect}</p>
              )
            ) : ret.status === 'inspected' ? (
              <Done ret={ret} lang={lang} />
            ) : (
              <p className="state">{t.nothing}</p>
            )}
            {!receiving && !grading && ret.status !== 'inspected' && <ScanBox />}
          </>
        );
      }}
    </Loaded>
  );
}

function Done({ ret, lang }: { ret: ReturnDetail; lang: 'en' | 'nl' }) {
  const t = useT(T);
  const label = useLabels();
  const next = useRef<HTMLButtonElement>(null);
  useEffect(() => next.current?.focus(), []);
  return (
    <section className="card" aria-live="polite">
      <h2>{t.done}</h2>
      <ul>
        {ret.lines
          .filter((l) => l.grade)
          .map((l) => (
            <li key={l.id}>
              {l.title}: {t.grade} {l.grade} → {label.disposition(l.disposition)}
              {l.recoveredValue !== null ? ` · ${t.recovered} ${money(l.recoveredValue, ret.currency, lang)}` : ''}
            </li>
          ))}
      </ul>
      <p className="muted">{t.nextHint}</p>
      <button ref={next} type="button" className="primary" onClick={() => navigate('/receive')}>
        {t.next}
      </button>
    </section>
  );
}
