import type { PolicyConditionsInput } from '../../../../../src/domain/policy/document.js';
import { currencySign, texts, useLang, useT } from '../../i18n.js';
import { useShopCurrency } from '../../ui/useLabels.js';
import { compact, ListField, RangeField, TriState } from './fields.js';
import { RiskConditions } from './RiskConditions.js';

const T = texts({
  en: {
    categories: 'Categories (and their subcategories)',
    productTags: 'Product tags',
    skus: 'SKUs',
    channels: 'Sales channels',
    countries: 'Shipping countries (ISO codes)',
    region: 'Region',
    eu: 'EU',
    nonEu: 'outside the EU',
    any: '— any —',
    segments: 'Customer segments',
    customerTags: 'Customer tags',
    reasons: 'Reasons (a parent includes its children)',
    controllable: 'Reason is the shop’s doing',
    unitPrice: 'Price paid per unit',
    returnRate: 'Customer’s return rate so far',
    returnCount: 'Customer’s returns so far',
    orderedBetween: 'Ordered between',
    from: 'from',
    to: 'to',
  },
  nl: {
    categories: 'Categorieën (met hun subcategorieën)',
    productTags: 'Producttags',
    skus: 'SKU’s',
    channels: 'Verkoopkanalen',
    countries: 'Verzendlanden (ISO-codes)',
    region: 'Regio',
    eu: 'EU',
    nonEu: 'buiten de EU',
    any: '— alle —',
    segments: 'Klantsegmenten',
    customerTags: 'Klanttags',
    reasons: 'Redenen (een hoofdreden omvat de onderliggende)',
    controllable: 'Reden ligt aan de winkel',
    unitPrice: 'Betaalde prijs per stuk',
    returnRate: 'Retourpercentage van de klant tot nu toe',
    returnCount: 'Retouren van de klant tot nu toe',
    orderedBetween: 'Besteld tussen',
    from: 'van',
    to: 'tot en met',
  },
});

type Conditions = PolicyConditionsInput;
type ListKey = 'categories' | 'productTags' | 'skus' | 'channels' | 'countries' | 'segments' | 'customerTags' | 'reasons';
const LISTS: ListKey[] = ['categories', 'productTags', 'skus', 'channels', 'countries', 'segments', 'customerTags', 'reasons'];

/** When a rule applies: every condition that is set must hold; a list matches any of its values. */
export function ConditionsEditor({ value, onChange }: { value: Conditions; onChange: (next: Conditions) => void }) {
  const t = useT(T);
  const lang = useLang();
  const currency = useShopCurrency();
  const set = <K extends keyof Conditions>(k: K, v: Conditions[K]) => onChange(compact({ ...value, [k]: v }));
  const rate = value.returnRate;
  const between = value.orderedBetween;
  const setBetween = (k: 'from' | 'to', d: string) => {
    const next = compact({ ...between, [k]: d || undefined });
    set('orderedBetween', Object.keys(next).length > 0 ? next : undefined);
  };
  return (
    <div>
      <div className="field-grid">
        {LISTS.map((k) => (
          <ListField key={k} label={t[k]} value={value[k]} upper={k === 'countries'} onChange={(v) => set(k, v)} />
        ))}
      </div>
      <div className="field-grid">
        <label>
          <span>{t.region}</span>
          <select
            value={value.region ?? ''}
            onChange={(e) => set('region', e.target.value === '' ? undefined : (e.target.value as 'eu' | 'non_eu'))}
          >
            <option value="">{t.any}</option>
            <option value="eu">{t.eu}</option>
            <option value="non_eu">{t.nonEu}</option>
          </select>
        </label>
        <TriState label={t.controllable} value={value.controllable} onChange={(v) => set('controllable', v)} />
        <RangeField
          label={t.unitPrice}
          suffix={currency ? currencySign(currency, lang) : undefined}
          scale={100}
          value={value.unitPrice}
          onChange={(v) => set('unitPrice', v)}
        />
        <RangeField
          label={t.returnRate}
          suffix="%"
          max={100}
          value={
            rate
              ? compact({
                  min: rate.min === undefined ? undefined : rate.min * 100,
                  max: rate.max === undefined ? undefined : rate.max * 100,
                })
              : undefined
          }
          onChange={(v) =>
            set(
              'returnRate',
              v
                ? compact({
                    min: v.min === undefined ? undefined : v.min / 100,
                    max: v.max === undefined ? undefined : v.max / 100,
                  })
                : undefined,
            )
          }
        />
        <RangeField label={t.returnCount} value={value.returnCount} onChange={(v) => set('returnCount', v)} />
        <fieldset className="choices range">
          <legend>{t.orderedBetween}</legend>
          <label>
            <span>{t.from}</span>
            <input type="date" value={between?.from ?? ''} onChange={(e) => setBetween('from', e.target.value)} />
          </label>
          <label>
            <span>{t.to}</span>
            <input type="date" value={between?.to ?? ''} onChange={(e) => setBetween('to', e.target.value)} />
          </label>
        </fieldset>
      </div>
      <RiskConditions value={value} set={set} />
    </div>
  );
}
