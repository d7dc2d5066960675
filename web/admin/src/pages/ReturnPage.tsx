import { isOneOf } from '../../../../src/domain/oneOf.js';
import { AT_DOCK_STATUSES, REVIEWABLE_STATUSES } from '../../../../src/domain/returnStatus.js';
import { can } from '../access.js';
import { api } from '../api.js';
import { useT } from '../i18n.js';
import { linkProps } from '../router.js';
import { useMe } from '../session.js';
import type { ReturnDetail } from '../types.js';
import { StatusBadge } from '../ui/Badges.js';
import { Loaded } from '../ui/States.js';
import { useLabels } from '../ui/useLabels.js';
import { useLiveUpdates } from '../ui/useLiveUpdates.js';
import { useLoad } from '../ui/useLoad.js';
import { WhoLooked } from './accessLog/WhoLooked.js';
import { ClaimPanel } from './return/ClaimPanel.js';
import { EmailsPanel } from './return/EmailsPanel.js';
import { ExchangePanel } from './return/ExchangePanel.js';
import { HeaderActions } from './return/HeaderActions.js';
import { LinesTable } from './return/LinesTable.js';
import { NotesPanel } from './return/NotesPanel.js';
import { PlatformPanel } from './return/PlatformPanel.js';
import { RepairPanel } from './return/RepairPanel.js';
import { RequestedTotals, ReturnFacts } from './return/ReturnFacts.js';
import { ReviewForm } from './return/ReviewForm.js';
import { RiskPanel } from './return/RiskPanel.js';
import { RETURN_TEXTS } from './return/returnTexts.js';
import { SettlementsPanel } from './return/SettlementsPanel.js';
import { ShipmentPanel } from './return/ShipmentPanel.js';
import { Timeline } from './return/Timeline.js';

/** One return with everything around it, kept up to date as colleagues work on it. */
export function ReturnPage({ returnId }: { returnId: string }) {
  const t = useT(RETURN_TEXTS);
  const state = useLoad(() => api<ReturnDetail>('GET', `/returns/${returnId}`), [returnId]);

  // Colleagues work on the same return: their changes appear without a reload.
  useLiveUpdates(() => void state.reload(), { returnId });

  return (
    <>
      <p>
        <a {...linkProps('/')}>{t.back}</a>
      </p>
      <Loaded state={state}>{(r) => <ReturnView ret={r} reload={state.reload} />}</Loaded>
    </>
  );
}

function ReturnView({ ret: r, reload }: { ret: ReturnDetail; reload: () => Promise<void> }) {
  const t = useT(RETURN_TEXTS);
  const me = useMe();
  const label = useLabels();
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
      <HeaderActions ret={r} onChanged={reload} />
      <div className="columns">
        <div>
          <LinesTable ret={r} />
          {can(me.role, 'returns.review') && isOneOf(REVIEWABLE_STATUSES, r.status) && !r.onHold && (
            <ReviewForm ret={r} onChanged={reload} />
          )}
          {can(me.role, 'returns.receive') && isOneOf(AT_DOCK_STATUSES, r.status) && (
            <p>
              <a className="button" {...linkProps(`/receive/${r.id}`)}>
                {t.receive} →
              </a>
            </p>
          )}
          {can(me.role, 'risk.read') && <RiskPanel ret={r} onChanged={reload} />}
          <ExchangePanel ret={r} onChanged={reload} />
          <RepairPanel ret={r} onChanged={reload} />
          <ShipmentPanel ret={r} />
          <ClaimPanel ret={r} onChanged={reload} />
          <PlatformPanel ret={r} />
          <SettlementsPanel ret={r} onChanged={reload} />
          <NotesPanel ret={r} onChanged={reload} />
          {can(me.role, 'emails.read') && <EmailsPanel ret={r} />}
        </div>
        <div>
          <ReturnFacts ret={r} />
          <RequestedTotals ret={r} />
          <Timeline ret={r} />
          <WhoLooked subjectType="return" subjectId={r.id} />
        </div>
      </div>
    </>
  );
}
