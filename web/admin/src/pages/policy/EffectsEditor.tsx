import type { PolicyEffectsInput } from '../../../../../src/domain/policy/document.js';
import {
  BONUS_RESOLUTIONS,
  FEE_KINDS,
  REFUND_TIMINGS,
  RETURN_METHODS,
  type RefundTiming,
} from '../../../../../src/domain/policy/vocabulary.js';
import { RESOLUTIONS } from '../../../../../src/domain/returnLifecycle.js';
import { currencySign, texts, useLang, useT } from '../../i18n.js';
import { useShopCurrency } from '../../ui/useLabels.js';
import { ChoiceSet, compact, NumberField, TriState } from './fields.js';

const T = texts({
  en: {
    window: 'Return window',
    days: 'Days',
    from: 'Counted from',
    fromDelivery: 'delivery',
    fromOrder: 'order',
    resolutions: 'Resolutions offered',
    methods: 'Ways to send it back',
    restocking: 'Restocking fee',
    percent: '%',
    fixedPerUnit: 'Fixed per unit',
    shipping: 'Return shipping fee (per return)',
    amount: 'Amount',
    perMethod: 'for',
    waivers: 'Fees waived',
    waiveControllable: 'When the reason is the shop’s doing',
    waiveResolutions: 'Waived for these resolutions',
    waiveMethods: 'Waived for these methods',
    waivedFees: 'Which fees',
    bonus: 'Bonus credit',
    bonusFor: 'Bonus for',
    fixed: 'Fixed',
    finalSale: 'Final sale',
    exchangeOnly: 'Exchange only',
    instantExchange: 'Instant exchange (ship before the item is back)',
    maxExchanges: 'Exchanges per line at most',
    keepItem: 'Keep the item (returnless refund)',
    keepBelow: 'When worth less than',
    keepShare: 'When sending back costs more than (% of value)',
    photoRequired: 'Photo required',
    manualReview: 'Always to review',
    autoApprove: 'Approve automatically',
    blocked: 'Refuse (blocked customers)',
    more: 'Fee waivers, bonus credit, keep the item',
    diminished: 'Deduction for diminished value (% of the value, by grade; never for a defect or the shop’s doing)',
    grade: 'Grade',
    timing: 'When the money moves',
    approval: 'on approval',
    first_scan: 'on the carrier’s first scan',
    receipt: 'on receipt',
    inspection: 'after inspection',
    refund: 'refund',
    store_credit: 'store credit',
    exchange: 'exchange',
    replacement: 'replacement',
    repair: 'repair',
    keep: 'keep',
    label: 'printed label',
    qr: 'QR drop-off',
    pickup: 'home pickup',
    store: 'in store',
    restocking_fee: 'restocking',
    return_shipping: 'return shipping',
  },
  nl: {
    window: 'Retourtermijn',
    days: 'Dagen',
    from: 'Gerekend vanaf',
    fromDelivery: 'levering',
    fromOrder: 'bestelling',
    resolutions: 'Aangeboden afhandelingen',
    methods: 'Manieren van terugsturen',
    restocking: 'Herbevoorradingskosten',
    percent: '%',
    fixedPerUnit: 'Vast per stuk',
    shipping: 'Retourverzendkosten (per retour)',
    amount: 'Bedrag',
    perMethod: 'voor',
    waivers: 'Kosten vervallen',
    waiveControllable: 'Als de reden aan de winkel ligt',
    waiveResolutions: 'Vervallen bij deze afhandelingen',
    waiveMethods: 'Vervallen bij deze methoden',
    waivedFees: 'Welke kosten',
    bonus: 'Bonustegoed',
    bonusFor: 'Bonus bij',
    fixed: 'Vast',
    finalSale: 'Geen retour (final sale)',
    exchangeOnly: 'Alleen ruilen',
    instantExchange: 'Direct ruilen (versturen voordat het artikel terug is)',
    maxExchanges: 'Ruilingen per regel hoogstens',
    keepItem: 'Artikel houden (terugbetaling zonder retour)',
    keepBelow: 'Als het minder waard is dan',
    keepShare: 'Als terugsturen meer kost dan (% van de waarde)',
    photoRequired: 'Foto verplicht',
    manualReview: 'Altijd beoordelen',
    autoApprove: 'Automatisch goedkeuren',
    blocked: 'Weigeren (geblokkeerde klanten)',
    more: 'Vrijstellingen, bonustegoed, artikel houden',
    diminished: 'Aftrek voor waardevermindering (% van de waarde, per graad; nooit bij een defect of schuld van de winkel)',
    grade: 'Graad',
    timing: 'Wanneer het geld teruggaat',
    approval: 'bij goedkeuring',
    first_scan: 'bij de eerste scan van de vervoerder',
    receipt: 'bij ontvangst',
    inspection: 'na inspectie',
    refund: 'terugbetaling',
    store_credit: 'winkeltegoed',
    exchange: 'ruilen',
    replacement: 'vervanging',
    repair: 'reparatie',
    keep: 'houden',
    label: 'geprint label',
    qr: 'QR-afgifte',
    pickup: 'ophalen',
    store: 'in de winkel',
    restocking_fee: 'herbevoorrading',
    return_shipping: 'retourverzending',
  },
});

type Effects = PolicyEffectsInput;

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
  const t = useT(T);
  const lang = useLang();
  const currency = useShopCurrency();
  // Amounts in a policy are in the shop's currency.
  const sign = currency ? currencySign(currency, lang) : '';
  const set = <K extends keyof Effects>(k: K, v: Effects[K]) => onChange(compact({ ...value, [k]: v }));
  const resolutionLabels = Object.fromEntries(RESOLUTIONS.map((r) => [r, t[r]])) as Record<(typeof RESOLUTIONS)[number], string>;
  const methodLabels = Object.fromEntries(RETURN_METHODS.map((m) => [m, t[m]])) as Record<
    (typeof RETURN_METHODS)[number],
    string
  >;
  const feeLabels = { restocking: t.restocking_fee, return_shipping: t.return_shipping };
  const fee = value.returnShippingFee;
  const waivers = value.feeWaivers;
  const bonus = value.bonus;
  const keep = value.keepItem ?? undefined;
  const restocking = value.restockingFee;

  return (
    <div>
      <div className="field-grid">
        <NumberField
          label={`${t.window}: ${t.days}`}
          value={value.window?.days}
          max={3650}
          onChange={(days) =>
            set(
              'window',
              days === undefined && !defaults ? undefined : { days: days ?? 0, from: value.window?.from ?? 'delivery' },
            )
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
      <ChoiceSet
        legend={t.resolutions}
        options={RESOLUTIONS}
        labels={resolutionLabels}
        value={value.resolutions}
        optional={!defaults}
        onChange={(v) => set('resolutions', v)}
      />
      <ChoiceSet
        legend={t.methods}
        options={RETURN_METHODS}
        labels={methodLabels}
        value={value.methods}
        optional={!defaults}
        onChange={(v) => set('methods', v)}
      />
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
      <details className="more" open={Boolean(waivers || bonus || keep)}>
        <summary>{t.more}</summary>
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
            labels={resolutionLabels}
            value={waivers?.resolutions ?? []}
            onChange={(v) => set('feeWaivers', { ...waivers, resolutions: v ?? [] })}
          />
          <ChoiceSet
            legend={t.waiveMethods}
            options={RETURN_METHODS}
            labels={methodLabels}
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
              onChange={(fixed) =>
                set('bonus', fixed === undefined && !bonus?.percent ? undefined : compact({ ...bonus, fixed }))
              }
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
      </details>
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
    </div>
  );
}
