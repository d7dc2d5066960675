import { REFUND_TIMINGS, RETURN_METHODS, type RefundTiming } from '../../../../../src/domain/policy/vocabulary.js';
import type { EffectsFields } from './effectsFields.js';
import { compact, NumberField } from './fields.js';

/** The restocking fee: a share of the value, a fixed amount per unit, or both. */
export function RestockingFields({ ed }: { ed: EffectsFields }) {
  const { t, value, set, sign } = ed;
  const restocking = value.restockingFee;
  return (
    <div className="field-grid">
      <NumberField
        label={`${t.restocking} ${t.percent}`}
        value={restocking?.percent}
        max={100}
        step={0.5}
        onChange={(percent) =>
          set('restockingFee', percent === undefined && !restocking?.fixed ? undefined : compact({ ...restocking, percent }))
        }
      />
      <NumberField
        label={`${t.restocking}: ${t.fixedPerUnit}`}
        suffix={sign}
        scale={100}
        value={restocking?.fixed}
        onChange={(fixed) =>
          set('restockingFee', fixed === undefined && !restocking?.percent ? undefined : compact({ ...restocking, fixed }))
        }
      />
    </div>
  );
}

/** The return shipping fee per return, and per method where it differs. */
export function ShippingFeeFields({ ed }: { ed: EffectsFields }) {
  const { t, value, set, sign } = ed;
  const fee = value.returnShippingFee;
  return (
    <fieldset className="choices">
      <legend>{t.shipping}</legend>
      <div className="field-grid">
        <NumberField
          label={t.amount}
          suffix={sign}
          scale={100}
          value={fee?.amount}
          onChange={(amount) =>
            set(
              'returnShippingFee',
              amount === undefined && Object.keys(fee?.perMethod ?? {}).length === 0 ? undefined : compact({ ...fee, amount }),
            )
          }
        />
        {RETURN_METHODS.map((m) => (
          <NumberField
            key={m}
            label={`${t.perMethod} ${t[m]}`}
            suffix={sign}
            scale={100}
            value={fee?.perMethod?.[m]}
            onChange={(n) => {
              const perMethod = compact({ ...fee?.perMethod, [m]: n });
              set('returnShippingFee', { ...fee, perMethod });
            }}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** When the money moves (after inspection unless a rule says otherwise). */
export function TimingField({ ed }: { ed: EffectsFields }) {
  const { t, value, set, defaults } = ed;
  return (
    <div className="field-grid">
      <label>
        <span>{t.timing}</span>
        <select
          value={value.refundTiming ?? ''}
          onChange={(e) => set('refundTiming', e.target.value === '' ? undefined : (e.target.value as RefundTiming))}
        >
          <option value="">{defaults ? t.inspection : '—'}</option>
          {REFUND_TIMINGS.map((r) => (
            <option key={r} value={r}>
              {t[r]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The deduction for diminished value, per grade. */
export function DiminishedValueFields({ ed }: { ed: EffectsFields }) {
  const { t, value, set } = ed;
  return (
    <fieldset className="choices">
      <legend>{t.diminished}</legend>
      <div className="field-grid">
        {(['B', 'C', 'D'] as const).map((g) => (
          <NumberField
            key={g}
            label={`${t.grade} ${g}`}
            suffix="%"
            max={100}
            value={value.diminishedValue?.[g]}
            onChange={(n) => {
              const next = compact({ ...value.diminishedValue, [g]: n });
              set('diminishedValue', Object.keys(next).length > 0 ? next : undefined);
            }}
          />
        ))}
      </div>
    </fieldset>
  );
}
