import { describeSignal, RISK_SIGNAL_UNITS } from '../../../../../src/domain/risk/describe.js';
import { RISK_SIGNAL_CODES, type RiskSignalCode } from '../../../../../src/domain/risk/signals.js';
import { currencySign, useLang, useT } from '../../i18n.js';
import { TableCard } from '../../ui/TableCard.js';
import { useLabels, useShopCurrency } from '../../ui/useLabels.js';
import type { RiskSettings } from './riskWire.js';
import { SETTINGS_TEXTS } from './settingsTexts.js';

type SignalSetting = RiskSettings['signals'][RiskSignalCode];

/** A number field's value: a whole number, or an amount shown in currency units and kept in cents. */
export function NumberField({
  label,
  value,
  fallback,
  money = false,
  hideLabel = false,
  unit,
  min,
  max,
  disabled,
  onChange,
}: {
  label: string;
  value: number;
  fallback: number;
  money?: boolean;
  /** In a table whose column header says it already: the label is for screen readers. */
  hideLabel?: boolean;
  /** Shown after the field, e.g. the currency's sign of an amount. */
  unit?: string | null;
  min?: number;
  max?: number;
  disabled: boolean;
  onChange: (v: number) => void;
}) {
  const t = useT(SETTINGS_TEXTS);
  const shown = (v: number) => (money ? v / 100 : v);
  return (
    <label>
      <span className={hideLabel ? 'sr-only' : undefined}>{label}</span>
      <input
        type="number"
        step={money ? 0.01 : 'any'}
        min={min}
        max={max}
        disabled={disabled}
        value={shown(value)}
        onChange={(e) => {
          const n = e.target.valueAsNumber;
          onChange(Number.isFinite(n) ? (money ? Math.round(n * 100) : n) : 0);
        }}
      />
      {unit && <span aria-hidden="true"> {unit}</span>}
      {value !== fallback && <small className="muted">{t.defaultIs.replace('{v}', String(shown(fallback)))}</small>}
    </label>
  );
}

/** Each signal on or off, its weight and threshold with the default beside a changed value, and
 * what it measures in plain words. */
export function SignalSettings({
  value,
  defaults,
  editable,
  onChange,
}: {
  value: RiskSettings['signals'];
  defaults: RiskSettings['signals'];
  editable: boolean;
  onChange: (code: RiskSignalCode, s: SignalSetting) => void;
}) {
  const t = useT(SETTINGS_TEXTS);
  const lang = useLang();
  const label = useLabels();
  const currency = useShopCurrency();
  return (
    <TableCard headers={[t.signal, t.enabled, t.weightShort, t.threshold]}>
      {RISK_SIGNAL_CODES.map((code) => {
        const s = value[code];
        const d = defaults[code];
        const name = label.riskSignal(code);
        return (
          <tr key={code} data-signal={code}>
            <th scope="row">
              {name}
              <div className="muted">{describeSignal(code, lang)}</div>
            </th>
            <td>
              <label>
                <input
                  type="checkbox"
                  checked={s.enabled}
                  disabled={!editable}
                  onChange={(e) => onChange(code, { ...s, enabled: e.target.checked })}
                />
                <span className="sr-only">
                  {t.enabled}: {name}
                </span>
              </label>
              {s.enabled !== d.enabled && <small className="muted"> {t.defaultIs.replace('{v}', d.enabled ? '✓' : '—')}</small>}
            </td>
            <td>
              <NumberField
                label={`${t.weight}: ${name}`}
                value={s.weight}
                fallback={d.weight}
                hideLabel
                min={-100}
                max={100}
                disabled={!editable}
                onChange={(weight) => onChange(code, { ...s, weight })}
              />
            </td>
            <td>
              <NumberField
                label={`${t.threshold}: ${name}`}
                value={s.threshold}
                fallback={d.threshold}
                hideLabel
                money={RISK_SIGNAL_UNITS[code] === 'money'}
                unit={RISK_SIGNAL_UNITS[code] === 'money' && currency ? currencySign(currency, lang) : null}
                min={0}
                disabled={!editable}
                onChange={(threshold) => onChange(code, { ...s, threshold })}
              />
            </td>
          </tr>
        );
      })}
    </TableCard>
  );
}
