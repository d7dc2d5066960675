import { can } from '../../access.js';
import { api, query } from '../../api.js';
import { dateTime, useLang, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import type { ReturnDetail } from '../../types.js';
import { Loaded } from '../../ui/States.js';
import { TableCard } from '../../ui/TableCard.js';
import { useLabels } from '../../ui/useLabels.js';
import { useLoad } from '../../ui/useLoad.js';
import type { ReturnRisk, ReturnRiskHistory } from '../risk/riskWire.js';
import { ScoreBadge, SignalList } from '../risk/SignalList.js';
import { RiskReviewForm } from './RiskReviewForm.js';
import { RISK_PANEL_TEXTS } from './riskPanelTexts.js';

/** Statuses in which a review of the risk decision no longer changes anything (the server says 409). */
const UNREVIEWABLE = ['closed', 'cancelled'];

/** The explanation on the return (GDPR Art. 22): its score, each signal's points and sentence, what
 * the score decided, the law, every assessment so far, and a person's review of the decision. */
export function RiskPanel({ ret, onChanged }: { ret: ReturnDetail; onChanged: () => void }) {
  const t = useT(RISK_PANEL_TEXTS);
  const lang = useLang();
  // Read again whenever the return changes (an inspection scores it anew, a review releases a hold).
  const state = useLoad(
    () => api<ReturnRisk>('GET', `/returns/${ret.id}/risk${query({ locale: lang })}`),
    [ret.id, lang, ret.status, ret.onHold, ret.holdReasons, ret.risk.score],
  );
  return (
    <section className="card" aria-labelledby="risk-title">
      <h2 id="risk-title">{t.title}</h2>
      <Loaded state={state}>
        {(risk) => (
          <RiskExplanation
            risk={risk}
            ret={ret}
            onReviewed={() => {
              void state.reload();
              onChanged();
            }}
          />
        )}
      </Loaded>
    </section>
  );
}

function RiskExplanation({ risk, ret, onReviewed }: { risk: ReturnRisk; ret: ReturnDetail; onReviewed: () => void }) {
  const t = useT(RISK_PANEL_TEXTS);
  const me = useMe();
  const yesNo = (v: boolean | undefined) => (v ? t.yes : t.no);
  return (
    <>
      <p>{risk.score === null ? t.notScored : <ScoreBadge score={risk.score} level={risk.level} />}</p>
      {risk.allowListed && <p className="notice">{t.allowListed}</p>}
      <h3>{t.decided}</h3>
      <dl className="risk-facts">
        <dt>{t.review}</dt>
        <dd>{yesNo(risk.decision?.review)}</dd>
        <dt>{t.refundAfterReceipt}</dt>
        <dd>{yesNo(risk.refundAfterReceipt)}</dd>
        <dt>{t.heldForRisk}</dt>
        <dd>{yesNo(risk.onHoldForRisk)}</dd>
      </dl>
      <h3>{t.signals}</h3>
      <SignalList signals={risk.signals} empty={t.noSignals} />
      <h3>{t.law}</h3>
      <p data-law={risk.law.withinWithdrawalPeriod ? 'within' : 'outside'}>
        {risk.law.withinWithdrawalPeriod && <strong>{t.withinWithdrawal}: </strong>}
        {risk.law.sentence}
      </p>
      {risk.history.length > 0 && <RiskHistory history={risk.history} />}
      {can(me.role, 'risk.review') && !UNREVIEWABLE.includes(ret.status) && risk.score !== null && (
        <RiskReviewForm returnId={ret.id} onReviewed={onReviewed} />
      )}
    </>
  );
}

/** Every assessment of the return, newest first: at request, at inspection, a person's review. */
function RiskHistory({ history }: { history: ReturnRiskHistory[] }) {
  const t = useT(RISK_PANEL_TEXTS);
  const lang = useLang();
  const label = useLabels();
  const stage = (s: string) =>
    s === 'request' ? t.request : s === 'inspection' ? t.inspection : s === 'review' ? t.reviewStage : s;
  const who = (h: ReturnRiskHistory) =>
    h.actor?.name ?? (h.actor?.type === 'shopper' ? t.shopper : h.actor?.type === 'system' || !h.actor ? t.system : h.actor.type);
  // The server lists them oldest first (by time, then id, as several can share a moment): newest on top here.
  const sorted = [...history].reverse();
  return (
    <>
      <h3>{t.history}</h3>
      <TableCard headers={[t.when, t.stage, t.score, t.signals, t.who, t.note]}>
        {sorted.map((h) => (
          <tr key={h.id} data-stage={h.stage}>
            <td>{dateTime(h.createdAt, lang)}</td>
            <td>{stage(h.stage)}</td>
            <td>
              <ScoreBadge score={h.score} level={h.level} />
            </td>
            <td>{h.signals.length ? h.signals.map(label.riskSignal).join(', ') : '—'}</td>
            <td>{who(h)}</td>
            <td>{h.note ?? '—'}</td>
          </tr>
        ))}
      </TableCard>
    </>
  );
}
