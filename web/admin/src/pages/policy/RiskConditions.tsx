import type { PolicyConditionsInput } from '../../../../../src/domain/policy/document.js';
import { RISK_SIGNAL_CODES, type RiskSignalCode } from '../../../../../src/domain/risk/signals.js';
import { texts, useT } from '../../i18n.js';
import { useLabels } from '../../ui/useLabels.js';
import { RangeField } from './fields.js';

const T = texts({
  en: {
    riskScore: 'Risk score of the return',
    riskSignals: 'Risk signals (any of these fired)',
    lawNote: 'Within the EU withdrawal period a risk condition can send a return to a person, never refuse it.',
  },
  nl: {
    riskScore: 'Risicoscore van de retour',
    riskSignals: 'Risicosignalen (een ervan gaf af)',
    lawNote:
      'Binnen de Europese herroepingstermijn kan een risicovoorwaarde een retour naar een medewerker sturen, nooit weigeren.',
  },
});

type Conditions = PolicyConditionsInput;

/** A rule on the return's risk: its score in a range, or any of the chosen signals having fired. */
export function RiskConditions({
  value,
  set,
}: {
  value: Conditions;
  set: <K extends keyof Conditions>(k: K, v: Conditions[K]) => void;
}) {
  const t = useT(T);
  const label = useLabels();
  const chosen: readonly RiskSignalCode[] = value.riskSignals ?? [];
  const toggle = (code: RiskSignalCode, on: boolean) => {
    const next = on ? [...chosen, code] : chosen.filter((c) => c !== code);
    set('riskSignals', next.length > 0 ? next : undefined);
  };
  return (
    <div className="field-grid">
      <RangeField label={t.riskScore} max={100} value={value.riskScore} onChange={(v) => set('riskScore', v)} />
      <fieldset className="choices">
        <legend>{t.riskSignals}</legend>
        {RISK_SIGNAL_CODES.map((code) => (
          <label className="check" key={code}>
            <input type="checkbox" checked={chosen.includes(code)} onChange={(e) => toggle(code, e.target.checked)} />{' '}
            {label.riskSignal(code)}
          </label>
        ))}
        <p className="muted">{t.lawNote}</p>
      </fieldset>
    </div>
  );
}
