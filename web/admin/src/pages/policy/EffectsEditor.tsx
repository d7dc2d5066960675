import type { PolicyEffectsInput } from '../../../../../src/domain/policy/document.js';
import { RETURN_METHODS } from '../../../../../src/domain/policy/vocabulary.js';
import { RESOLUTIONS } from '../../../../../src/domain/returnLifecycle.js';
import { currencySign, useLang, useT } from '../../i18n.js';
import { useShopCurrency } from '../../ui/useLabels.js';
import { BonusFields, FlagFields, KeepItemFields, WaiverFields } from './EffectsExtras.js';
import { DiminishedValueFields, RestockingFields, ShippingFeeFields, TimingField } from './EffectsFees.js';
import type { EffectsFields } from './effectsFields.js';
import { EFFECTS_TEXTS } from './effectsTexts.js';
import { ChoiceSet, compact, NumberField } from './fields.js';

type Effects = PolicyEffectsInput;
type Resolution = (typeof RESOLUTIONS)[number];
type Method = (typeof RETURN_METHODS)[number];

/**
 * The effects of a rule, or the policy's defaults (`defaults`: window, resolutions and methods
 * always set). Only what the form shows is touched, so nothing in the document is lost.
 */
export function EffectsEditor({
  value,
  onChange,
  defaults,
}: {
  value: Effects;
  onChange: (next: Effects) => void;
  defaults?: boolean;
}) {
  const t = useT(EFFECTS_TEXTS);
  const lang = useLang();
  const currency = useShopCurrency();
  const ed: EffectsFields = {
    t,
    value,
    set: (k, v) => onChange(compact({ ...value, [k]: v })),
    sign: currency ? currencySign(currency, lang) : '',
    defaults,
    labels: {
      resolution: Object.fromEntries(RESOLUTIONS.map((r) => [r, t[r]])) as Record<Resolution, string>,
      method: Object.fromEntries(RETURN_METHODS.map((m) => [m, t[m]])) as Record<Method, string>,
    },
  };
  const { feeWaivers, bonus, keepItem } = value;

  return (
    <div>
      <WindowFields ed={ed} />
      <OfferedChoices ed={ed} />
      <RestockingFields ed={ed} />
      <ShippingFeeFields ed={ed} />
      <TimingField ed={ed} />
      <DiminishedValueFields ed={ed} />
      <details className="more" open={Boolean(feeWaivers || bonus || (keepItem ?? undefined))}>
        <summary>{t.more}</summary>
        <WaiverFields ed={ed} />
        <BonusFields ed={ed} />
        <KeepItemFields ed={ed} />
      </details>
      <FlagFields ed={ed} />
    </div>
  );
}

/** How long a return can be asked for, counted from delivery or the order. */
function WindowFields({ ed }: { ed: EffectsFields }) {
  const { t, value, set, defaults } = ed;
  return (
    <div className="field-grid">
      <NumberField
        label={`${t.window}: ${t.days}`}
        value={value.window?.days}
        max={3650}
        onChange={(days) =>
          set('window', days === undefined && !defaults ? undefined : { days: days ?? 0, from: value.window?.from ?? 'delivery' })
        }
      />
      <label>
        <span>{t.from}</span>
        <select
          value={value.window?.from ?? 'delivery'}
          disabled={!value.window}
          onChange={(e) => set('window', { days: value.window?.days ?? 0, from: e.target.value as 'delivery' | 'order' })}
        >
          <option value="delivery">{t.fromDelivery}</option>
          <option value="order">{t.fromOrder}</option>
        </select>
      </label>
    </div>
  );
}

/** The resolutions and the ways to send the item back that are offered. */
function OfferedChoices({ ed }: { ed: EffectsFields }) {
  const { t, value, set, defaults, labels } = ed;
  return (
    <>
      <ChoiceSet
        legend={t.resolutions}
        options={RESOLUTIONS}
        labels={labels.resolution}
        value={value.resolutions}
        optional={!defaults}
        onChange={(v) => set('resolutions', v)}
      />
      <ChoiceSet
        legend={t.methods}
        options={RETURN_METHODS}
        labels={labels.method}
        value={value.methods}
        optional={!defaults}
        onChange={(v) => set('methods', v)}
      />
    </>
  );
}
