import { isOneOf } from '../../../../src/domain/oneOf.js';
import {
  BAD_NEWS_STATUSES,
  GOOD_NEWS_STATUSES,
  RETURN_STATUSES,
  type ReturnStatus,
} from '../../../../src/domain/returnStatus.js';
import { texts, useT } from '../i18n.js';
import type { RiskInfo } from '../types.js';
import { useLabels } from '../ui/useLabels.js';

const STATUS = texts({
  en: {
    onHold: 'On hold',
    low: 'Low risk',
    medium: 'Medium risk',
    high: 'High risk',
  },
  nl: {
    onHold: 'In de wacht',
    low: 'Laag risico',
    medium: 'Middel risico',
    high: 'Hoog risico',
  },
});

/** The queue's status counts: those waiting for staff first, then the return's own order. */
export const STATUS_ORDER: readonly ReturnStatus[] = ['under_review', ...RETURN_STATUSES.filter((s) => s !== 'under_review')];

export function useStatusLabel() {
  return useLabels().status;
}

const tone = (status: string) =>
  isOneOf(GOOD_NEWS_STATUSES, status)
    ? 'good'
    : isOneOf(BAD_NEWS_STATUSES, status)
      ? 'bad'
      : status === 'under_review'
        ? 'warn'
        : '';

export function StatusBadge({ status, onHold }: { status: string; onHold?: boolean }) {
  const t = useT(STATUS);
  const label = useStatusLabel();
  return (
    <>
      <span className={`badge ${tone(status)}`}>{label(status)}</span>
      {onHold && <span className="badge warn"> {t.onHold}</span>}
    </>
  );
}

export function RiskBadge({ risk }: { risk: RiskInfo }) {
  const t = useT(STATUS);
  const label = useLabels();
  const cls = risk.level === 'high' ? 'bad' : risk.level === 'medium' ? 'warn' : 'good';
  return (
    <span
      className={`badge ${cls}`}
      title={risk.signals.map((s) => `${label.riskSignal(s.code)} ${s.points > 0 ? '+' : ''}${s.points}`).join(', ')}
    >
      {t[risk.level]} ({risk.score})
    </span>
  );
}
