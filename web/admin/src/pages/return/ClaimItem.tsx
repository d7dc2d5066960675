import { type FormEvent, type ReactNode, useState } from 'react';
import type { Claim, ClaimDetail } from '../../../../../src/http/routes/logistics/claims/schema.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { dateTime, money, useLang, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { CLAIM_TEXTS, centsOf } from '../claims/claimTexts.js';
import { PANEL_TEXTS } from '../claims/panelTexts.js';

/** One claim: where it stands, its history (who did what, when), and the steps the role may take. */
export function ClaimItem({ claim, onChanged }: { claim: Claim; onChanged: () => void }) {
  const c = useT(CLAIM_TEXTS);
  const lang = useLang();
  const detail = useLoad(() => api<ClaimDetail>('GET', `/claims/${claim.id}`), [claim]);
  // Paying the shopper changes the history, not the claim: its history is read again on every step.
  const changed = () => {
    detail.reload();
    onChanged();
  };
  return (
    <>
      <dl className="facts">
        <Fact label={c.kind}>{c[claim.kind]}</Fact>
        <Fact label={c.status}>
          <span className="badge">{c[claim.status]}</span>
        </Fact>
        <Fact label={c.claimed}>{money(claim.amountClaimed, claim.currency, lang)}</Fact>
        {claim.amountPaid !== null && <Fact label={c.paid}>{money(claim.amountPaid, claim.currency, lang)}</Fact>}
        {claim.carrierReference && <Fact label={c.reference}>{claim.carrierReference}</Fact>}
      </dl>
      <ClaimSteps
        claim={claim}
        paid={detail.data ? detail.data.history.some((h) => h.type === 'claim.shopper_refunded') : null}
        onChanged={changed}
      />
      <Loaded state={detail}>{(d) => <History claim={d} />}</Loaded>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function History({ claim }: { claim: ClaimDetail }) {
  const t = useT(PANEL_TEXTS);
  const lang = useLang();
  const label = (type: string) => (type in t ? t[type as keyof typeof t] : type);
  return (
    <details>
      <summary>{t.history}</summary>
      <ol className="timeline">
        {claim.history.map((h) => (
          <li key={`${h.type}-${h.at}`}>
            <strong>{label(h.type)}</strong> · {dateTime(h.at, lang)}
            {h.actor.name && <> · {t.by.replace('{who}', h.actor.name)}</>}
            {h.note && <p>{h.note}</p>}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** The steps of a claim the role may take: file it, record the carrier's answer, add a note, pay
 * the shopper (not for a rejected claim, nor once paid; `paid` is null until the history is read). */
function ClaimSteps({ claim, paid, onChanged }: { claim: Claim; paid: boolean | null; onChanged: () => void }) {
  const t = useT(PANEL_TEXTS);
  const c = useT(CLAIM_TEXTS);
  const me = useMe();
  const act = useAction();
  const [done, setDone] = useState<string | null>(null);
  const post = async (path: string, body: unknown) => {
    setDone(null);
    let answer: unknown = null;
    const ok = await act.run(async () => {
      answer = await api('POST', `/claims/${claim.id}/${path}`, body);
    });
    if (ok) onChanged();
    return ok ? answer : null;
  };
  const refund = async () => {
    const answer = (await post('refund-shopper', {})) as { started: string[]; paid: boolean } | null;
    if (answer) setDone(!answer.paid ? t.refundRefused : answer.started.length > 0 ? t.refunded : t.nothingStarted);
    return answer !== null;
  };
  const mayFile = can(me.role, 'claims.file');
  const mayDecide = can(me.role, 'claims.decide');
  return (
    <div className="toolbar">
      {mayFile && claim.status === 'open' && (
        <StepForm
          label={t.submit}
          field={c.reference}
          initial={claim.carrierReference ?? ''}
          busy={act.busy}
          onSubmit={(v) => post('submit', { carrierReference: v })}
        />
      )}
      {mayDecide && claim.status === 'submitted' && (
        <StepForm
          label={t.accept}
          field={`${t.amountPaid} (${claim.currency})`}
          initial={(claim.amountClaimed / 100).toFixed(2)}
          busy={act.busy}
          check={(v) => (centsOf(v) === null ? t.badAmount : null)}
          onSubmit={(v) => post('accept', { amountPaid: centsOf(v) })}
        />
      )}
      {mayDecide && (claim.status === 'open' || claim.status === 'submitted') && (
        <StepForm label={t.reject} field={t.why} initial="" busy={act.busy} onSubmit={(v) => post('reject', { note: v })} />
      )}
      {mayFile && (
        <StepForm label={t.addNote} field={t.note} initial="" busy={act.busy} onSubmit={(v) => post('notes', { note: v })} />
      )}
      {can(me.role, 'returns.settle') && claim.kind !== 'returned_to_sender' && claim.status !== 'rejected' && paid === false && (
        <ConfirmStep label={t.refund} hint={t.refundHint} confirm={t.confirmRefund} busy={act.busy} onConfirm={refund} />
      )}
      {done && (
        <p role="status" aria-live="polite">
          {done}
        </p>
      )}
      {act.error && <ErrorBox message={act.error} />}
    </div>
  );
}

/** A step that takes no value but money: a button that shows what it does and asks to confirm. */
function ConfirmStep({
  label,
  hint,
  confirm,
  busy,
  onConfirm,
}: {
  label: string;
  hint: string;
  confirm: string;
  busy: boolean;
  onConfirm: () => Promise<boolean>;
}) {
  const t = useT(PANEL_TEXTS);
  const [opened, setOpened] = useState(false);
  if (!opened) {
    return (
      <button type="button" onClick={() => setOpened(true)}>
        {label}…
      </button>
    );
  }
  return (
    <fieldset aria-label={label}>
      <p>{hint}</p>
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={async () => {
          if (await onConfirm()) setOpened(false);
        }}
      >
        {confirm}
      </button>{' '}
      <button type="button" onClick={() => setOpened(false)}>
        {t.cancel}
      </button>
    </fieldset>
  );
}

/** A step that takes one value: a button that opens a small form with the field and a confirm. */
function StepForm({
  label,
  field,
  initial,
  busy,
  check,
  onSubmit,
}: {
  label: string;
  field: string;
  initial: string;
  busy: boolean;
  check?: (value: string) => string | null;
  onSubmit: (value: string) => Promise<unknown>;
}) {
  const [opened, setOpened] = useState(false);
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  if (!opened) {
    return (
      <button type="button" onClick={() => setOpened(true)}>
        {label}…
      </button>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = check?.(value) ?? null;
    setProblem(found);
    if (found) return;
    if (await onSubmit(value)) setOpened(false);
  };
  return (
    <form onSubmit={submit} aria-label={label}>
      <label>
        <span>{field}</span>
        <input
          value={value}
          required
          aria-invalid={problem !== null}
          onChange={(e) => setValue(e.target.value)}
          autoComplete="off"
        />
      </label>
      {problem && <small role="alert">{problem}</small>}
      <button type="submit" className="primary" disabled={busy}>
        {label}
      </button>
    </form>
  );
}
