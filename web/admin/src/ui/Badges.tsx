import { texts, useT } from '../i18n.js';
import type { RiskInfo } from '../types.js';

const STATUS = texts({
  en: {
    requested: 'Requested',
    under_review: 'Under review',
    approved: 'Approved',
    in_transit: 'In transit',
    received: 'Received',
    inspected: 'Inspected',
    resolved: 'Resolved',
    closed: 'Closed',
    rejected: 'Rejected',
    cancelled: 'Cancelled',
    expired: 'Expired',
    lost: 'Lost',
    onHold: 'On hold',
    low: 'Low risk',
    medium: 'Medium risk',
    high: 'High risk',
  },
  nl: {
    requested: 'Aangevraagd',
    under_review: 'Ter beoordeling',
    approved: 'Goedgekeurd',
    in_transit: 'Onderweg',
    received: 'Ontvangen',
    inspected: 'Gekeurd',
    resolved: 'Afgehandeld',
    closed: 'Gesloten',
    rejected: 'Afgewezen',
    cancelled: 'Geannuleerd',
    expired: 'Verlopen',
    lost: 'Zoekgeraakt',
    onHold: 'In de wacht',
    low: 'Laag risico',
    medium: 'Middel risico',
    high: 'Hoog risico',
  },
});

export const STATUS_ORDER = [
  'under_review',
  'requested',
  'approved',
  'in_transit',
  'received',
  'inspected',
  'resolved',
  'closed',
  'rejected',
  'cancelled',
  'expired',
  'lost',
] as const;

export function useStatusLabel() {
  const t = useT(STATUS);
  return (status: string) => (t as Record<string, string>)[status] ?? status;
}

const tone = (status: string) =>
  ['approved', 'resolved', 'closed', 'inspected'].includes(status)
    ? 'good'
    : ['rejected', 'cancelled', 'expired', 'lost'].includes(status)
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
  const cls = risk.level === 'high' ? 'bad' : risk.level === 'medium' ? 'warn' : 'good';
  return (
    <span className={`badge ${cls}`} title={risk.signals.map((s) => `${s.code} +${s.points}`).join(', ')}>
      {t[risk.level]} ({risk.score})
    </span>
  );
}
