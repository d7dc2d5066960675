import { can } from '../../access.js';
import { dateTime, money, useLang, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { useMe } from '../../session.js';
import type { ReturnDetail } from '../../types.js';
import { RiskBadge } from '../../ui/Badges.js';
import { useChannelLabel, useLabels } from '../../ui/useLabels.js';
import { ReturnLabelLink } from './ReturnLabelLink.js';
import { RETURN_TEXTS } from './returnTexts.js';

/** Who, which order, how it comes back, the policy that judged it, its value and risk. */
export function ReturnFacts({ ret: r }: { ret: ReturnDetail }) {
  const t = useT(RETURN_TEXTS);
  const lang = useLang();
  const me = useMe();
  const label = useLabels();
  const channel = useChannelLabel();
  return (
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
        <HandOverFacts ret={r} />
        <dt>{t.value}</dt>
        <dd>{money(r.value ?? 0, r.currency, lang)}</dd>
        <RiskFact ret={r} />
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
        <ReturnLabelLink ret={r} />
      </p>
    </section>
  );
}

/** The pickup slot or store, the withdrawal and the policy version, where the return has them. */
function HandOverFacts({ ret: r }: { ret: ReturnDetail }) {
  const t = useT(RETURN_TEXTS);
  const lang = useLang();
  const label = useLabels();
  return (
    <>
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
    </>
  );
}

function RiskFact({ ret: r }: { ret: ReturnDetail }) {
  const t = useT(RETURN_TEXTS);
  const label = useLabels();
  return (
    <>
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
    </>
  );
}

/** The costs the shopper was shown when asking, as the request recorded them. */
export function RequestedTotals({ ret: r }: { ret: ReturnDetail }) {
  const t = useT(RETURN_TEXTS);
  const lang = useLang();
  const totals = r.timeline.find((e) => e.type === 'return.requested')?.data.totals as Record<string, number> | undefined;
  if (!totals) return null;
  const m = (v: number | undefined | null) => money(v ?? 0, r.currency, lang);
  return (
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
  );
}
