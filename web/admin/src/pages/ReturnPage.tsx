import { can } from '../access.js';
import { api } from '../api.js';
import { dateTime, money, texts, useLang, useT } from '../i18n.js';
import { linkProps } from '../router.js';
import { useMe } from '../session.js';
import type { ReturnDetail } from '../types.js';
import { RiskBadge, StatusBadge } from '../ui/Badges.js';
import { Loaded } from '../ui/States.js';
import { useChannelLabel, useLabels } from '../ui/useLabels.js';
import { useLiveUpdates } from '../ui/useLiveUpdates.js';
import { useLoad } from '../ui/useLoad.js';
import { EmailsPanel } from './return/EmailsPanel.js';
import { ExchangePanel } from './return/ExchangePanel.js';
import { HeaderActions } from './return/HeaderActions.js';
import { LinesTable } from './return/LinesTable.js';
import { NotesPanel } from './return/NotesPanel.js';
import { RepairPanel } from './return/RepairPanel.js';
import { ReviewForm } from './return/ReviewForm.js';
import { SettlementsPanel } from './return/SettlementsPanel.js';
import { Timeline } from './return/Timeline.js';

const T = texts({
  en: {
    back: '← All returns',
    customer: 'Customer',
    order: 'Order',
    channel: 'Channel',
    source: 'Opened via',
    method: 'Method',
    tracking: 'Tracking',
    shipBy: 'Ship by',
    pickup: 'Pickup',
    store: 'Store',
    withdrawal: 'Withdrawal declared',
    policy: 'Policy',
    value: 'Value',
    fees: 'Fees and totals',
    returnShippingFee: 'Return shipping fee',
    restockingFees: 'Restocking fees',
    bonus: 'Bonus',
    refund: 'Refund (estimate)',
    storeCredit: 'Store credit (estimate)',
    label: 'Return label (PDF)',
    settlements: 'Settlements',
    noSettlements: 'No money has moved yet.',
    holdReasons: 'On hold because',
    feedback: 'Shopper rating',
    receive: 'Receive and inspect',
    risk: 'Risk',
  },
  nl: {
    back: '← Alle retouren',
    customer: 'Klant',
    order: 'Order',
    channel: 'Kanaal',
    source: 'Geopend via',
    method: 'Methode',
    tracking: 'Tracking',
    shipBy: 'Versturen vóór',
    pickup: 'Ophalen',
    store: 'Winkel',
    withdrawal: 'Herroeping gemeld',
    policy: 'Beleid',
    value: 'Waarde',
    fees: 'Kosten en totalen',
    returnShippingFee: 'Retourkosten',
    restockingFees: 'Herbevoorradingskosten',
    bonus: 'Bonus',
    refund: 'Terugbetaling (schatting)',
    storeCredit: 'Tegoed (schatting)',
    label: 'Retourlabel (PDF)',
    settlements: 'Betalingen',
    noSettlements: 'Er is nog geen geld overgemaakt.',
    holdReasons: 'In de wacht omdat',
    feedback: 'Beoordeling shopper',
    receive: 'Ontvangen en keuren',
    risk: 'Risico',
  },
});

export function ReturnPage({ returnId }: { returnId: string }) {
  const t = useT(T);
  const lang = useLang();
  const me = useMe();
  const label = useLabels();
  const channel = useChannelLabel();
  const state = useLoad(() => api<ReturnDetail>('GET', `/returns/${returnId}`), [returnId]);

  // Colleagues work on the same return: their changes appear without a reload.
  useLiveUpdates(() => void state.reload(), { returnId });

  return (
    <>
      <p>
        <a {...linkProps('/')}>{t.back}</a>
      </p>
      <Loaded state={state}>
        {(r) => {
          const totals = r.timeline.find((e) => e.type === 'return.requested')?.data.totals as Record<string, number> | undefined;
          const m = (v: number | undefined | null) => money(v ?? 0, r.currency, lang);
          return (
            <>
              <h1>
                <span className="number">{r.number}</span> <StatusBadge status={r.status} onHold={r.onHold} />
                {r.tags.map((tag) => (
                  <span key={tag} className="badge">
                    {tag}
                  </span>
                ))}
              </h1>
              {r.onHold && (
                <p className="error" role="status">
                  {t.holdReasons}: {r.holdReasons.map(label.holdReason).join('; ')}
                </p>
              )}
              <HeaderActions ret={r} onChanged={state.reload} />
              <div className="columns">
                <div>
                  <LinesTable ret={r} />
                  {can(me.role, 'returns.review') && ['requested', 'under_review'].includes(r.status) && !r.onHold && (
                    <ReviewForm ret={r} onChanged={state.reload} />
                  )}
                  {can(me.role, 'returns.receive') && ['approved', 'in_transit', 'received', 'inspected'].includes(r.status) && (
                    <p>
                      <a className="button" {...linkProps(`/receive/${r.id}`)}>
                        {t.receive} →
                      </a>
                    </p>
                  )}
                  <ExchangePanel ret={r} onChanged={state.reload} />
                  <RepairPanel ret={r} onChanged={state.reload} />
                  <SettlementsPanel ret={r} onChanged={state.reload} />
                  <NotesPanel ret={r} onChanged={state.reload} />
                  {can(me.role, 'emails.read') && <EmailsPanel ret={r} />}
                </div>
                <div>
                  <section className="card">
                    <dl className="facts">
                      <dt>{t.customer}</dt>
                      <dd>
                        {can(me.role, 'customers.read') ? (
                          <a {...linkProps(`/customers/${r.customer.id}`)}>{r.customer.name ?? r.customer.email}</a>
                        ) : (
                          (r.customer.name ?? r.customer.email)
                        )}
                        <br />
                        <small>{r.customer.email}</small>
                      </dd>
                      <dt>{t.order}</dt>
                      <dd className="number">{r.order.orderNumber}</dd>
                      <dt>{t.channel}</dt>
                      <dd>{channel(r.channel)}</dd>
                      <dt>{t.source}</dt>
                      <dd>{label.source(r.source)}</dd>
                      <dt>{t.method}</dt>
                      <dd>{label.method(r.method)}</dd>
                      <dt>{t.tracking}</dt>
                      <dd>{r.trackingNumber ?? '—'}</dd>
                      <dt>{t.shipBy}</dt>
                      <dd>{dateTime(r.shipBy, lang)}</dd>
                      {r.pickupSlot && (
                        <>
                          <dt>{t.pickup}</dt>
                          <dd>
                            {dateTime(r.pickupSlot.start, lang)} – {dateTime(r.pickupSlot.end, lang)}
                          </dd>
                        </>
                      )}
                      {r.store && (
                        <>
                          <dt>{t.store}</dt>
                          <dd>{r.store.name}</dd>
                        </>
                      )}
                      {r.withdrawalDeclaredAt && (
                        <>
                          <dt>{t.withdrawal}</dt>
                          <dd>{dateTime(r.withdrawalDeclaredAt, lang)}</dd>
                        </>
                      )}
                      {r.policy && (
                        <>
                          <dt>{t.policy}</dt>
                          <dd>
                            v{r.policy.versionNumber} {r.policy.versionName}
                            {r.policy.arm ? ` (${label.arm(r.policy.arm)})` : ''}
                          </dd>
                        </>
                      )}
                      <dt>{t.value}</dt>
                      <dd>{m(r.value)}</dd>
                      <dt>{t.risk}</dt>
                      <dd>
                        <RiskBadge risk={r.risk} />
                        {r.risk.signals.length > 0 && (
                          <ul>
                            {r.risk.signals.map((s) => (
                              <li key={s.code} title={s.code}>
                                {label.riskSignal(s.code)} ({s.points > 0 ? '+' : ''}
                                {s.points})
                              </li>
                            ))}
                          </ul>
                        )}
                      </dd>
                      {r.feedback && (
                        <>
                          <dt>{t.feedback}</dt>
                          <dd>
                            {r.feedback.rating}/5 {r.feedback.comment}
                          </dd>
                        </>
                      )}
                    </dl>
                    <p>
                      <a href={`/api/v1/returns/${r.id}/label`} target="_blank" rel="noreferrer">
                        {t.label}
                      </a>
                    </p>
                  </section>
                  {totals && (
                    <section className="card">
                      <h2>{t.fees}</h2>
                      <dl className="facts">
                        <dt>{t.value}</dt>
                        <dd>{m(totals.value)}</dd>
                        <dt>{t.returnShippingFee}</dt>
                        <dd>{m(totals.returnShippingFee)}</dd>
                        <dt>{t.restockingFees}</dt>
                        <dd>{m(totals.restockingFees)}</dd>
                        <dt>{t.bonus}</dt>
                        <dd>{m(totals.bonus)}</dd>
                        <dt>{t.refund}</dt>
                        <dd>{m(totals.refund)}</dd>
                        <dt>{t.storeCredit}</dt>
                        <dd>{m(totals.storeCredit)}</dd>
                      </dl>
                    </section>
                  )}
                  <Timeline ret={r} />
                </div>
              </div>
            </>
          );
        }}
      </Loaded>
    </>
  );
}
