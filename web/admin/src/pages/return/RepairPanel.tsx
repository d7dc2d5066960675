import { useState } from 'react';
import { OPEN_REPAIR_STATUSES } from '../../../../../src/domain/repair.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { dateTime, texts, useLang, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import type { Repair, ReturnDetail } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { ReasonAndChoiceForm, ShipForm } from './ActionForms.js';

const T = texts({
  en: {
    title: 'Repair (legal guarantee)',
    awaiting_item: 'Waiting for the item',
    in_repair: 'In repair',
    shipped_back: 'Repaired and sent back',
    unrepairable: 'Could not be repaired',
    cancelled: 'Cancelled',
    item: 'Item',
    defect: 'What the shopper reported',
    opened: 'Agreed',
    started: 'Repair started',
    ended: 'Ended',
    instead: 'Instead',
    replacement: 'Replacement (exchange order for the same item)',
    refund: 'Refund',
    note: 'What was repaired',
    shipBack: 'Sent back repaired',
    fail: 'Could not repair…',
    why: 'Why not',
    fallback: 'The shopper gets instead',
    confirmFail: 'Record',
    waitForItem: 'The repair starts when the item has been received.',
  },
  nl: {
    title: 'Reparatie (wettelijke garantie)',
    awaiting_item: 'Wacht op het artikel',
    in_repair: 'In reparatie',
    shipped_back: 'Gerepareerd en teruggestuurd',
    unrepairable: 'Niet te repareren',
    cancelled: 'Geannuleerd',
    item: 'Artikel',
    defect: 'Wat de klant meldde',
    opened: 'Toegezegd',
    started: 'Reparatie begonnen',
    ended: 'Afgerond',
    instead: 'In plaats daarvan',
    replacement: 'Vervanging (ruilorder voor hetzelfde artikel)',
    refund: 'Terugbetaling',
    note: 'Wat is gerepareerd',
    shipBack: 'Gerepareerd teruggestuurd',
    fail: 'Niet te repareren…',
    why: 'Waarom niet',
    fallback: 'De klant krijgt in plaats daarvan',
    confirmFail: 'Vastleggen',
    waitForItem: 'De reparatie begint zodra het artikel is ontvangen.',
  },
});

/** Repairs granted under the legal guarantee: where each stands, and the steps staff take (sent
 * back repaired, or not repairable and replaced or refunded instead). */
export function RepairPanel({ ret, onChanged }: { ret: ReturnDetail; onChanged: () => void }) {
  const t = useT(T);
  const repairs = ret.repairs ?? [];
  if (repairs.length === 0) return null;
  return (
    <section className="card" aria-labelledby="repair-title">
      <h2 id="repair-title">{t.title}</h2>
      {repairs.map((r) => (
        <RepairItem key={r.id} repair={r} ret={ret} onChanged={onChanged} />
      ))}
    </section>
  );
}

/** One repair: where it stands and the step staff may take next. */
function RepairItem({ repair: r, ret, onChanged }: { repair: Repair; ret: ReturnDetail; onChanged: () => void }) {
  const t = useT(T);
  const me = useMe();
  const act = useAction();
  const [note, setNote] = useState('');
  const line = ret.lines.find((l) => l.id === r.returnLineId);
  const mayShip = can(me.role, 'exchanges.fulfil');
  const mayDecide = can(me.role, 'returns.settle');
  const open = OPEN_REPAIR_STATUSES.includes(r.status);
  const run = async (path: string, body: unknown) => {
    if (await act.run(() => api('POST', path, body))) onChanged();
  };
  return (
    <article aria-label={r.number}>
      <h3>
        <span className="number">{r.number}</span> · <span className="badge">{t[r.status]}</span>
      </h3>
      <RepairFacts repair={r} line={line} />
      {r.note && <p className="muted">{r.note}</p>}
      {r.status === 'awaiting_item' && <p className="muted">{t.waitForItem}</p>}
      {act.error && <ErrorBox message={act.error} />}
      {mayShip && r.status === 'in_repair' && (
        <ShipForm
          submitLabel={t.shipBack}
          busy={act.busy}
          onSubmit={(shipment) => run(`/repairs/${r.id}/ship-back`, { ...shipment, note: note || null })}
        >
          <label>
            <span>{t.note}</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
        </ShipForm>
      )}
      {mayDecide && open && (
        <ReasonAndChoiceForm
          openLabel={t.fail}
          reasonLabel={t.why}
          choiceLabel={t.fallback}
          choices={[
            { value: 'replacement', label: t.replacement },
            { value: 'refund', label: t.refund },
          ]}
          confirmLabel={t.confirmFail}
          busy={act.busy}
          onSubmit={(why, fallback) => run(`/repairs/${r.id}/fail`, { note: why, fallback })}
        />
      )}
    </article>
  );
}

/** The item and its defect, and when the repair was opened, started and ended (or what came instead). */
function RepairFacts({ repair: r, line }: { repair: Repair; line: ReturnDetail['lines'][number] | undefined }) {
  const t = useT(T);
  const lang = useLang();
  return (
    <dl className="facts">
      <div>
        <dt>{t.item}</dt>
        <dd>
          {line?.quantity} × {line?.title} ({line?.sku})
        </dd>
      </div>
      {line?.comment && (
        <div>
          <dt>{t.defect}</dt>
          <dd>{line.comment}</dd>
        </div>
      )}
      <div>
        <dt>{t.opened}</dt>
        <dd>{dateTime(r.createdAt, lang)}</dd>
      </div>
      {r.startedAt && (
        <div>
          <dt>{t.started}</dt>
          <dd>{dateTime(r.startedAt, lang)}</dd>
        </div>
      )}
      {r.endedAt && (
        <div>
          <dt>{t.ended}</dt>
          <dd>
            {dateTime(r.endedAt, lang)} {r.trackingNumber ? `· ${r.trackingNumber}` : ''} {r.carrier ? `· ${r.carrier}` : ''}
          </dd>
        </div>
      )}
      {r.fallback && (
        <div>
          <dt>{t.instead}</dt>
          <dd>{t[r.fallback]}</dd>
        </div>
      )}
    </dl>
  );
}
