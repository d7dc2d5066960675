import type { FormEvent, ReactNode } from 'react';
import { AUTOMATION_TRIGGERS } from '../../../../../../src/domain/automationTriggers.js';
import { RETURN_METHODS } from '../../../../../../src/domain/policy/vocabulary.js';
import { RISK_SIGNAL_CODES } from '../../../../../../src/domain/risk/signals.js';
import { useLang, useT, withCurrency } from '../../../i18n.js';
import { useLabels, useShopCurrency } from '../../../ui/useLabels.js';
import { AUTOMATION_TEXTS } from './automationTexts.js';
import type { Draft } from './ruleDraft.js';

/** A new rule or the one being edited: when, if (conditions) and then (actions). */
export function RuleForm({
  draft,
  setDraft,
  editing,
  busy,
  onSubmit,
  onCancel,
}: {
  draft: Draft;
  setDraft: (d: Draft) => void;
  editing: boolean;
  busy: boolean;
  onSubmit: (e: FormEvent) => void;
  onCancel: () => void;
}) {
  const t = useT(AUTOMATION_TEXTS);
  const field = (key: keyof Draft, label: string, type = 'text') => (
    <label>
      {label}
      <input
        type={type}
        value={String(draft[key])}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        {...(type === 'number' ? { step: 'any', min: 0 } : {})}
      />
    </label>
  );
  const check = (key: 'approve' | 'review' | 'refund' | 'refundAfterReceipt' | 'enabled', label: string) => (
    <label className="check">
      <input type="checkbox" checked={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.checked })} /> {label}
    </label>
  );
  return (
    <form className="card" onSubmit={onSubmit} aria-label={editing ? t.editing : t.add}>
      <h2>{editing ? t.editing : t.add}</h2>
      {field('name', t.name)}
      <label>
        {t.when}
        <select value={draft.trigger} onChange={(e) => setDraft({ ...draft, trigger: e.target.value as Draft['trigger'] })}>
          {AUTOMATION_TRIGGERS.map((k) => (
            <option key={k} value={k}>
              {t[k]}
            </option>
          ))}
        </select>
      </label>
      <ConditionFields draft={draft} setDraft={setDraft} field={field} />
      <fieldset className="choices">
        <legend>{t.actions}</legend>
        {check('approve', t.approve)}
        {check('review', t.review)}
        {check('refund', t.refund)}
        {check('refundAfterReceipt', t.refund_after_receipt)}
        {field('tag', t.tagName)}
        {field('notify', t.message)}
      </fieldset>
      {check('enabled', t.enabled)}
      <p>
        <button type="submit" className="primary" disabled={busy}>
          {t.save}
        </button>{' '}
        {editing && (
          <button type="button" onClick={onCancel}>
            {t.cancel}
          </button>
        )}
      </p>
    </form>
  );
}

function MethodChecks({ draft, setDraft }: { draft: Draft; setDraft: (d: Draft) => void }) {
  const t = useT(AUTOMATION_TEXTS);
  return (
    <fieldset className="choices">
      <legend>{t.methods}</legend>
      {RETURN_METHODS.map((m) => (
        <label className="check" key={m}>
          <input
            type="checkbox"
            checked={draft.methods.includes(m)}
            onChange={(e) =>
              setDraft({
                ...draft,
                methods: e.target.checked ? [...draft.methods, m] : draft.methods.filter((x) => x !== m),
              })
            }
          />{' '}
          {t[m]}
        </label>
      ))}
    </fieldset>
  );
}

/** The risk signals a rule waits for: it holds when any of them fired on the return. */
function SignalChecks({ draft, setDraft }: { draft: Draft; setDraft: (d: Draft) => void }) {
  const t = useT(AUTOMATION_TEXTS);
  const label = useLabels();
  return (
    <fieldset className="choices">
      <legend>{t.signals}</legend>
      {RISK_SIGNAL_CODES.map((code) => (
        <label className="check" key={code}>
          <input
            type="checkbox"
            checked={draft.signals.includes(code)}
            onChange={(e) =>
              setDraft({
                ...draft,
                signals: e.target.checked ? [...draft.signals, code] : draft.signals.filter((x) => x !== code),
              })
            }
          />{' '}
          {label.riskSignal(code)}
        </label>
      ))}
    </fieldset>
  );
}

/** If: the reasons, segments, channels, methods, value and risk a rule applies to. */
function ConditionFields({
  draft,
  setDraft,
  field,
}: {
  draft: Draft;
  setDraft: (d: Draft) => void;
  field: (key: keyof Draft, label: string, type?: string) => ReactNode;
}) {
  const t = useT(AUTOMATION_TEXTS);
  const lang = useLang();
  const currency = useShopCurrency();
  return (
    <fieldset className="choices">
      <legend>{t.conditions}</legend>
      {field('reasons', t.reasons)}
      {field('segments', t.segments)}
      {field('channels', t.channels)}
      <MethodChecks draft={draft} setDraft={setDraft} />
      {field('minValue', withCurrency(t.minValue, currency, lang), 'number')}
      {field('maxValue', withCurrency(t.maxValue, currency, lang), 'number')}
      {field('minRisk', t.minRisk, 'number')}
      {field('maxRisk', t.maxRisk, 'number')}
      <SignalChecks draft={draft} setDraft={setDraft} />
    </fieldset>
  );
}
