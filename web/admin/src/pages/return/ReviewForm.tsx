import { type FormEvent, useState } from 'react';
import { isOneOf } from '../../../../../src/domain/oneOf.js';
import { RESOLUTIONS } from '../../../../../src/domain/returnLifecycle.js';
import { UNDECIDED_ACCEPTANCES } from '../../../../../src/domain/returnLine.js';
import { api } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import type { ReturnDetail } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLabels } from '../../ui/useLabels.js';

const T = texts({
  en: {
    title: 'Review',
    decision: 'Decision for',
    leave: 'Decide later',
    approve: 'Approve',
    reject: 'Reject',
    resolution: 'Resolution',
    outside: 'outside the policy',
    reason: 'Reason',
    rejectReason: 'Reason for the shopper (required)',
    justification: 'Why override the policy? (required)',
    submit: 'Save decisions',
    nothing: 'Choose a decision for at least one item.',
  },
  nl: {
    title: 'Beoordelen',
    decision: 'Besluit voor',
    leave: 'Later beslissen',
    approve: 'Goedkeuren',
    reject: 'Afwijzen',
    resolution: 'Afhandeling',
    outside: 'buiten het beleid',
    reason: 'Reden',
    rejectReason: 'Reden voor de shopper (verplicht)',
    justification: 'Waarom afwijken van het beleid? (verplicht)',
    submit: 'Besluiten opslaan',
    nothing: 'Kies voor minstens één artikel een besluit.',
  },
});

interface Choice {
  decision: '' | 'approve' | 'reject';
  resolution: string;
  text: string;
}

/** The approvals (an override of the policy carries a justification) and rejections to send. */
function decisionsOf(entries: [string, Choice][], allowedOf: (id: string) => string[]) {
  const approve = entries
    .filter(([, c]) => c.decision === 'approve')
    .map(([id, c]) => {
      const override = !allowedOf(id).includes(c.resolution);
      return {
        returnLineId: id,
        resolution: c.resolution,
        ...(override ? { justification: c.text } : { reason: c.text || null }),
      };
    });
  const reject = entries.filter(([, c]) => c.decision === 'reject').map(([id, c]) => ({ returnLineId: id, reason: c.text }));
  return { approve, reject };
}

/** Approve or reject each undecided line with a reason; granting a resolution the policy did not
 * allow is an override and asks for a justification. */
export function ReviewForm({ ret, onChanged }: { ret: ReturnDetail; onChanged: () => void }) {
  const t = useT(T);
  const action = useAction();
  const open = ret.lines.filter((l) => isOneOf(UNDECIDED_ACCEPTANCES, l.acceptance));
  const [choices, setChoices] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(open.map((l) => [l.id, { decision: '', resolution: l.requestedResolution, text: '' }])),
  );
  const [hint, setHint] = useState<string | null>(null);
  if (open.length === 0) return null;

  const set = (id: string, patch: Partial<Choice>) => setChoices((c) => ({ ...c, [id]: { ...(c[id] as Choice), ...patch } }));
  const allowedOf = (id: string) => ret.lines.find((l) => l.id === id)?.verdict?.resolutions ?? [...RESOLUTIONS];

  async function submit(e: FormEvent) {
    e.preventDefault();
    const entries = Object.entries(choices).filter(([, c]) => c.decision);
    if (entries.length === 0) {
      setHint(t.nothing);
      return;
    }
    setHint(null);
    const { approve, reject } = decisionsOf(entries, allowedOf);
    const ok = await action.run(async () => {
      if (approve.length) await api('POST', `/returns/${ret.id}/approve`, { lines: approve });
      if (reject.length) await api('POST', `/returns/${ret.id}/reject`, { lines: reject });
    });
    if (ok) onChanged();
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="review-title">
      <h2 id="review-title">{t.title}</h2>
      {open.map((l) => (
        <LineDecision
          key={l.id}
          line={l}
          choice={choices[l.id] as Choice}
          allowed={allowedOf(l.id)}
          set={(patch) => set(l.id, patch)}
        />
      ))}
      {hint && <p className="error">{hint}</p>}
      {action.error && <ErrorBox message={action.error} />}
      <button type="submit" className="primary" disabled={action.busy}>
        {t.submit}
      </button>
    </form>
  );
}

/** One line's decision, the resolution granted (marked where the policy did not allow it) and the
 * reason, rejection reason or justification. */
function LineDecision({
  line: l,
  choice: c,
  allowed,
  set,
}: {
  line: ReturnDetail['lines'][number];
  choice: Choice;
  allowed: string[];
  set: (patch: Partial<Choice>) => void;
}) {
  const t = useT(T);
  const label = useLabels();
  const override = c.decision === 'approve' && !allowed.includes(c.resolution);
  return (
    <fieldset>
      <legend>
        {l.title} × {l.quantity}
      </legend>
      <div className="toolbar">
        <label>
          <span>
            {t.decision} {l.sku}
          </span>
          <select value={c.decision} onChange={(e) => set({ decision: e.target.value as Choice['decision'] })}>
            <option value="">{t.leave}</option>
            <option value="approve">{t.approve}</option>
            <option value="reject">{t.reject}</option>
          </select>
        </label>
        {c.decision === 'approve' && (
          <label>
            <span>{t.resolution}</span>
            <select value={c.resolution} onChange={(e) => set({ resolution: e.target.value })}>
              {RESOLUTIONS.map((r) => (
                <option key={r} value={r}>
                  {label.resolution(r)}
                  {allowed.includes(r) ? '' : ` (${t.outside})`}
                </option>
              ))}
            </select>
          </label>
        )}
        {c.decision && (
          <label>
            <span>{c.decision === 'reject' ? t.rejectReason : override ? t.justification : t.reason}</span>
            <input
              value={c.text}
              required={c.decision === 'reject' || override}
              size={40}
              onChange={(e) => set({ text: e.target.value })}
            />
          </label>
        )}
      </div>
    </fieldset>
  );
}
