import { BONUS_RESOLUTIONS, FEE_KINDS, RETURN_METHODS } from '../../../../../src/domain/policy/vocabulary.js';
import { RESOLUTIONS } from '../../../../../src/domain/returnLifecycle.js';
import type { EffectsFields } from './effectsFields.js';
import { ChoiceSet, compact, NumberField, TriState } from './fields.js';

/** When the fees are waived: the shop’s doing, some resolutions or methods, and which fees. */
export function WaiverFields({ ed }: { ed: EffectsFields }) {
  const { t, set, labels } = ed;
  const waivers = ed.value.feeWaivers;
  const feeLabels = { restocking: t.restocking_fee, return_shipping: t.return_shipping };
  return (
    <fieldset className="choices">
      <legend>{t.waivers}</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={waivers?.controllableReasons ?? false}
          onChange={(e) => set('feeWaivers', { ...waivers, controllableReasons: e.target.checked })}
        />
        <span>{t.waiveControllable}</span>
      </label>
      <ChoiceSet
        legend={t.waiveResolutions}
        options={RESOLUTIONS}
        labels={labels.resolution}
        value={waivers?.resolutions ?? []}
        onChange={(v) => set('feeWaivers', { ...waivers, resolutions: v ?? [] })}
      />
      <ChoiceSet
        legend={t.waiveMethods}
        options={RETURN_METHODS}
        labels={labels.method}
        value={waivers?.methods ?? []}
        onChange={(v) => set('feeWaivers', { ...waivers, methods: v ?? [] })}
      />
      <ChoiceSet
        legend={t.waivedFees}
        options={FEE_KINDS}
        labels={feeLabels}
        value={waivers?.fees ?? [...FEE_KINDS]}
        onChange={(v) => set('feeWaivers', { ...waivers, fees: v && v.length > 0 ? v : [...FEE_KINDS] })}
      />
    </fieldset>
  );
}

/** The bonus credit and the resolutions that earn it. */
export function BonusFields({ ed }: { ed: EffectsFields }) {
  const { t, set, sign } = ed;
  const bonus = ed.value.bonus;
  return (
    <fieldset className="choices">
      <legend>{t.bonus}</legend>
      <div className="field-grid">
        <NumberField
          label={t.percent}
          value={bonus?.percent}
          max={100}
          step={0.5}
          onChange={(percent) =>
            set('bonus', percent === undefined && !bonus?.fixed ? undefined : compact({ ...bonus, percent }))
          }
        />
        <NumberField
          label={t.fixed}
          suffix={sign}
          scale={100}
          value={bonus?.fixed}
          onChange={(fixed) => set('bonus', fixed === undefined && !bonus?.percent ? undefined : compact({ ...bonus, fixed }))}
        />
      </div>
      <ChoiceSet
        legend={t.bonusFor}
        options={BONUS_RESOLUTIONS}
        labels={{ store_credit: t.store_credit, exchange: t.exchange }}
        value={bonus?.for ?? [...BONUS_RESOLUTIONS]}
        onChange={(v) => set('bonus', { ...bonus, for: v && v.length > 0 ? v : [...BONUS_RESOLUTIONS] })}
      />
    </fieldset>
  );
}

/** When the shopper keeps the item and still gets the money (returnless refund). */
export function KeepItemFields({ ed }: { ed: EffectsFields }) {
  const { t, set, sign } = ed;
  const keep = ed.value.keepItem ?? undefined;
  return (
    <fieldset className="choices">
      <legend>{t.keepItem}</legend>
      <div className="field-grid">
        <NumberField
          label={t.keepBelow}
          suffix={sign}
          scale={100}
          value={keep?.valueBelow}
          onChange={(valueBelow) => {
            const next = compact({ ...keep, valueBelow });
            set('keepItem', Object.keys(next).length > 0 ? next : undefined);
          }}
        />
        <NumberField
          label={t.keepShare}
          value={keep?.costShareAbove}
          max={100}
          onChange={(costShareAbove) => {
            const next = compact({ ...keep, costShareAbove });
            set('keepItem', Object.keys(next).length > 0 ? next : undefined);
          }}
        />
      </div>
    </fieldset>
  );
}

/** Yes, no or not set: final sale, exchange only, review, approval, blocking. */
export function FlagFields({ ed }: { ed: EffectsFields }) {
  const { t, value, set } = ed;
  return (
    <div className="field-grid">
      <TriState label={t.finalSale} value={value.finalSale} onChange={(v) => set('finalSale', v)} />
      <TriState label={t.exchangeOnly} value={value.exchangeOnly} onChange={(v) => set('exchangeOnly', v)} />
      <TriState label={t.instantExchange} value={value.instantExchange} onChange={(v) => set('instantExchange', v)} />
      <NumberField
        label={t.maxExchanges}
        value={value.maxExchangesPerLine}
        max={100}
        onChange={(v) => set('maxExchangesPerLine', v)}
      />
      <TriState label={t.photoRequired} value={value.photoRequired} onChange={(v) => set('photoRequired', v)} />
      <TriState label={t.manualReview} value={value.manualReview} onChange={(v) => set('manualReview', v)} />
      <TriState label={t.autoApprove} value={value.autoApprove} onChange={(v) => set('autoApprove', v)} />
      <TriState label={t.blocked} value={value.blocked} onChange={(v) => set('blocked', v)} />
    </div>
  );
}
