import { type FormEvent, useState } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { dateTime, texts, useLang, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import type { Repair, ReturnDetail } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';

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
    tracking: 'Tracking number',
    carrier: 'Carrier',
    note: 'What was repaired',
    shipBack: 'Sent back repaired',
    fail: 'Could not repair…',
    why: 'Why not',
    fallback: 'The shopper gets instead',
    confirmFail: 'Record',
    back: 'Back',
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
    tracking: 'Trackingnummer',
    carrier: 'Vervoerder',
    note: 'Wat is gerepareerd',
    shipBack: 'Gerepareerd teruggestuurd',
    fail: 'Niet te repareren…',
    why: 'Waarom niet',
    fallback: 'De klant krijgt in plaats daarvan',
    confirmFail: 'Vastleggen',
    back: 'Terug',
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

function RepairItem({ repair: r, ret, onChanged }: { repair: Repair; ret: ReturnDetail; onChanged: () => void }) {
  const t = useT(T);
  const lang = useLang();
  const me = useMe();
  const act = useAction();
  const [tracking, setTracking] = useState('');
  const [carrier, setCarrier] = useState('');
  const [note, setNote] = useState('');
  const [failing, setFailing] = useState(false);
  const [why, setWhy] = useState('');
  const [fallback, setFallback] = useState<'replacement' | 'refund'>('replacement');
  const line = ret.lines.find((l) => l.id === r.returnLineId);
  const mayShip = can(me.role, 'exchanges.fulfil');
  const mayDecide = can(me.role, 'returns.settle');
  const open = r.status === 'awaiting_item' || r.status === 'in_repair';
  const run = (path: string, body: unknown) => async (e?: FormEvent) => {
    e?.preventDefault();
    if (await act.run(() => api('POST', path, body))) onChanged();
  };
  return (
    <article aria-label={r.number}>
      <h3>
        <span className="number">{r.number}</span> · <span className="badge">{t[r.status]}</span>
      </h3>
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
      {r.note && <p className="muted">{r.note}</p>}
      {r.status === 'awaiting_item' && <p className="muted">{t.waitForItem}</p>}
      {act.error && <ErrorBox message={act.error} />}
      {mayShip && r.status === 'in_repair' && !failing && (
        <form
          className="toolbar"
          onSubmit={run(`/repairs/${r.id}/ship-back`, {
            trackingNumber: tracking || null,
            carrier: carrier || null,
            note: note || null,
          })}
        >
          <label>
            <span>{t.note}</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <label>
            <span>{t.tracking}</span>
            <input value={tracking} onChange={(e) => setTracking(e.target.value)} autoComplete="off" />
          </label>
          <label>
            <span>{t.carrier}</span>
            <input value={carrier} onChange={(e) => setCarrier(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={act.busy}>
            {t.shipBack}
          </button>
        </form>
      )}
      {mayDecide && open && !failing && (
        <button type="button" onClick={() => setFailing(true)}>
          {t.fail}
        </button>
      )}
      {mayDecide && open && failing && (
        <form className="toolbar" onSubmit={run(`/repairs/${r.id}/fail`, { note: why, fallback })}>
          <label>
            <span>{t.why}</span>
            <input required value={why} onChange={(e) => setWhy(e.target.value)} />
          </label>
          <label>
            <span>{t.fallback}</span>
            <select value={fallback} onChange={(e) => setFallback(e.target.value as 'refund')}>
              <option value="replacement">{t.replacement}</option>
              <option value="refund">{t.refund}</option>
            </select>
          </label>
          <button type="submit" className="danger" disabled={act.busy}>
            {t.confirmFail}
          </button>
          <button type="button" onClick={() => setFailing(false)}>
            {t.back}
          </button>
        </form>
      )}
    </article>
  );
}
