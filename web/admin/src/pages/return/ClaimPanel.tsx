import { type FormEvent, useState } from 'react';
import { CLAIM_KINDS, type ClaimKind } from '../../../../../src/domain/parcelClaims.js';
import type { ReturnClaims } from '../../../../../src/http/routes/logistics/claims/schema.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { dateTime, money, useLang, useT } from '../../i18n.js';
import { TRACKING_LABELS } from '../../labels/trackingLabels.js';
import { useMe } from '../../session.js';
import type { ReturnDetail } from '../../types.js';
import { ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { CLAIM_TEXTS, centsOf } from '../claims/claimTexts.js';
import { PANEL_TEXTS } from '../claims/panelTexts.js';
import { ClaimItem } from './ClaimItem.js';

type Parcel = ReturnClaims['parcels'][number];

/** The return's booked parcels, whether one was flagged as lost or damaged, and the claim with the
 * carrier for each: opened here, and moved on in its own item. Nothing shows for a return without
 * a booked parcel. */
export function ClaimPanel({ ret, onChanged }: { ret: ReturnDetail; onChanged: () => void }) {
  const t = useT(PANEL_TEXTS);
  const state = useLoad(() => api<ReturnClaims>('GET', `/returns/${ret.id}/claims`), [ret.id, ret.status]);
  const changed = () => {
    state.reload();
    onChanged();
  };
  if (state.data && state.data.parcels.length === 0) return null;
  return (
    <section className="card" aria-labelledby="claims-title">
      <h2 id="claims-title">{t.title}</h2>
      <Loaded state={state}>
        {({ parcels, items }) => (
          <>
            {parcels.map((p) => {
              const claim = items.find((c) => c.id === p.claimId);
              return (
                <article key={p.parcelId} aria-label={p.trackingNumber ?? p.parcelId}>
                  <ParcelFacts parcel={p} />
                  {claim ? (
                    <ClaimItem claim={claim} onChanged={changed} />
                  ) : (
                    <OpenClaimForm ret={ret} parcel={p} onOpened={changed} />
                  )}
                </article>
              );
            })}
          </>
        )}
      </Loaded>
    </section>
  );
}

function ParcelFacts({ parcel: p }: { parcel: Parcel }) {
  const t = useT(PANEL_TEXTS);
  const c = useT(CLAIM_TEXTS);
  const lang = useLang();
  return (
    <h3>
      {p.carrier} · <span className="number">{p.trackingNumber ?? '—'}</span>
      {p.trackingState && <span className="muted"> · {TRACKING_LABELS[lang][p.trackingState]}</span>}
      {p.flagReason && (
        <>
          {' '}
          <span className="badge bad">{c[p.flagReason]}</span>{' '}
          <span className="muted">{t.flagged.replace('{at}', dateTime(p.flaggedAt, lang))}</span>
        </>
      )}
    </h3>
  );
}

/** Opening the parcel's claim: the kind (as the flag suggests), the amount (the default shown),
 * the carrier's reference when known, and a note. */
function OpenClaimForm({ ret, parcel: p, onOpened }: { ret: ReturnDetail; parcel: Parcel; onOpened: () => void }) {
  const t = useT(PANEL_TEXTS);
  const c = useT(CLAIM_TEXTS);
  const lang = useLang();
  const me = useMe();
  const act = useAction();
  const [opened, setOpened] = useState(false);
  const [kind, setKind] = useState<ClaimKind>(p.suggestedKind ?? 'lost');
  const [amount, setAmount] = useState((p.defaultAmount / 100).toFixed(2));
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [bad, setBad] = useState(false);
  if (!can(me.role, 'claims.file')) return null;
  if (!opened) {
    return (
      <button type="button" onClick={() => setOpened(true)}>
        {t.openClaim}
      </button>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const cents = centsOf(amount);
    setBad(cents === null);
    if (cents === null) return;
    const body = { parcelId: p.parcelId, kind, amountClaimed: cents, carrierReference: reference || null, note: note || null };
    if (await act.run(() => api('POST', `/returns/${ret.id}/claims`, body))) onOpened();
  };
  return (
    <form className="toolbar" onSubmit={submit} aria-label={t.openClaim}>
      <label>
        <span>{c.kind}</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as ClaimKind)}>
          {CLAIM_KINDS.map((k) => (
            <option key={k} value={k}>
              {c[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>
          {c.claimed} ({p.currency})
        </span>
        <input
          value={amount}
          inputMode="decimal"
          aria-invalid={bad}
          aria-describedby={`claim-amount-${p.parcelId}`}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
      <small id={`claim-amount-${p.parcelId}`}>
        {bad ? t.badAmount : t.amountHint.replace('{amount}', money(p.defaultAmount, p.currency, lang))}
      </small>
      <label>
        <span>{c.reference}</span>
        <input value={reference} onChange={(e) => setReference(e.target.value)} autoComplete="off" />
      </label>
      <label>
        <span>{t.note}</span>
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={act.busy}>
        {t.openClaim}
      </button>
      {act.error && <ErrorBox message={act.error} />}
    </form>
  );
}
