import { useEffect, useId, useState } from 'react';
import { texts, useT } from '../../i18n.js';
import { searchProducts } from './analyticsData.js';
import { useCountryName, useSegmentLabel } from './analyticsLabels.js';
import type { AnalyticsOptions, Choice } from './analyticsWire.js';
import type { FilterKey, FilterValues } from './filters.js';
import { PRESETS, type Preset, presetOf, presetRange } from './periods.js';

const T = texts({
  en: {
    filters: 'Filters',
    period: 'Period',
    custom: 'Chosen days',
    '7d': 'Last 7 days',
    '30d': 'Last 30 days',
    '90d': 'Last 90 days',
    '365d': 'Last 12 months',
    year: 'This year',
    from: 'From',
    to: 'To',
    currency: 'Currency',
    channel: 'Channel',
    country: 'Country',
    category: 'Category',
    product: 'Product',
    productHint: 'Type to search; pick one from the list',
    clearProduct: 'All products',
    segment: 'Segment',
    warehouse: 'Warehouse',
    all: 'All',
    reset: 'Clear filters',
  },
  nl: {
    filters: 'Filters',
    period: 'Periode',
    custom: 'Gekozen dagen',
    '7d': 'Laatste 7 dagen',
    '30d': 'Laatste 30 dagen',
    '90d': 'Laatste 90 dagen',
    '365d': 'Laatste 12 maanden',
    year: 'Dit jaar',
    from: 'Van',
    to: 'Tot en met',
    currency: 'Valuta',
    channel: 'Kanaal',
    country: 'Land',
    category: 'Categorie',
    product: 'Product',
    productHint: 'Typ om te zoeken; kies er een uit de lijst',
    clearProduct: 'Alle producten',
    segment: 'Segment',
    warehouse: 'Magazijn',
    all: 'Alle',
    reset: 'Filters wissen',
  },
});

type Setter = (next: FilterValues) => void;

function ChoiceSelect({
  label,
  name,
  choices,
  filters,
  onChange,
}: {
  label: string;
  name: FilterKey;
  choices: Choice[];
  filters: FilterValues;
  onChange: Setter;
}) {
  const t = useT(T);
  const value = filters[name] ?? '';
  return (
    <label>
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange({ ...filters, [name]: e.target.value || undefined })}>
        <option value="">{t.all}</option>
        {/* A value from a shared link that the options no longer hold still shows as itself. */}
        {value && !choices.some((c) => c.value === value) && <option value={value}>{value}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The product filter: a search box whose suggestions come from the API; picking one filters by it. */
function ProductSearch({ filters, onChange }: { filters: FilterValues; onChange: Setter }) {
  const t = useT(T);
  const listId = useId();
  const [text, setText] = useState('');
  const [found, setFound] = useState<Choice[]>([]);
  // A product from a shared link is shown by its title.
  useEffect(() => {
    // Filters cleared elsewhere (Clear filters, Back) empty the box too.
    if (!filters.product) {
      setText('');
      return;
    }
    let live = true;
    searchProducts(filters.product).then(
      (list) => live && setText(list.find((p) => p.value === filters.product)?.label ?? filters.product ?? ''),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [filters.product]);
  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) return;
    let live = true;
    const timer = setTimeout(() => {
      searchProducts(q).then(
        (list) => live && setFound(list),
        () => undefined,
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);
  // A title typed or picked in full filters by its product, as soon as the suggestions hold it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: what was typed and what was found decide; the filters only carry along
  useEffect(() => {
    const match = found.find((p) => p.label === text || p.value === text);
    if (match && match.value !== filters.product) onChange({ ...filters, product: match.value });
  }, [found, text]);
  const pick = (value: string) => setText(value);
  return (
    <div className="product-filter">
      <label>
        <span>{t.product}</span>
        <input type="search" list={listId} value={text} placeholder={t.productHint} onChange={(e) => pick(e.target.value)} />
      </label>
      <datalist id={listId}>
        {found.map((p) => (
          <option key={p.value} value={p.label} />
        ))}
      </datalist>
      {filters.product && (
        <button
          type="button"
          className="link"
          onClick={() => {
            setText('');
            onChange({ ...filters, product: undefined });
          }}
        >
          {t.clearProduct}
        </button>
      )}
    </div>
  );
}

/** The period: a preset or the days chosen. */
function PeriodFields({ filters, options, onChange }: { filters: FilterValues; options: AnalyticsOptions; onChange: Setter }) {
  const t = useT(T);
  const today = options.defaultPeriod.to;
  const from = filters.from ?? options.defaultPeriod.from;
  const to = filters.to ?? options.defaultPeriod.to;
  const preset = presetOf({ from, to }, today);
  const setPreset = (p: string) => {
    if (p !== 'custom') onChange({ ...filters, ...presetRange(p as Preset, today) });
  };
  return (
    <>
      <label>
        <span>{t.period}</span>
        <select value={preset ?? 'custom'} onChange={(e) => setPreset(e.target.value)}>
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {t[p]}
            </option>
          ))}
          <option value="custom">{t.custom}</option>
        </select>
      </label>
      <label>
        <span>{t.from}</span>
        <input
          type="date"
          value={from}
          max={to}
          onChange={(e) => e.target.value && onChange({ ...filters, from: e.target.value, to })}
        />
      </label>
      <label>
        <span>{t.to}</span>
        <input
          type="date"
          value={to}
          min={from}
          onChange={(e) => e.target.value && onChange({ ...filters, from, to: e.target.value })}
        />
      </label>
    </>
  );
}

/** The filters every dashboard shares, kept in the address so a view can be shared as a link;
 * without `dimensions` only the period, currency and warehouse (see OPERATIONS_FILTER_KEYS). */
export function FilterBar({
  filters,
  options,
  dimensions,
  onChange,
}: {
  filters: FilterValues;
  options: AnalyticsOptions;
  dimensions: boolean;
  onChange: Setter;
}) {
  const t = useT(T);
  const segmentLabel = useSegmentLabel();
  const countryName = useCountryName();
  const currencies = options.currencies.includes(options.defaultCurrency)
    ? options.currencies
    : [options.defaultCurrency, ...options.currencies];
  return (
    <form className="card filter-bar" aria-label={t.filters} onSubmit={(e) => e.preventDefault()}>
      <PeriodFields filters={filters} options={options} onChange={onChange} />
      <label>
        <span>{t.currency}</span>
        <select
          value={filters.currency ?? options.defaultCurrency}
          onChange={(e) =>
            onChange({ ...filters, currency: e.target.value === options.defaultCurrency ? undefined : e.target.value })
          }
        >
          {currencies.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      {dimensions && (
        <>
          <ChoiceSelect label={t.channel} name="channel" choices={options.channels} filters={filters} onChange={onChange} />
          <ChoiceSelect
            label={t.country}
            name="country"
            choices={options.countries.map((c) => ({ value: c.value, label: countryName(c.value, c.label) }))}
            filters={filters}
            onChange={onChange}
          />
          <ChoiceSelect label={t.category} name="category" choices={options.categories} filters={filters} onChange={onChange} />
          <ProductSearch filters={filters} onChange={onChange} />
          <ChoiceSelect
            label={t.segment}
            name="segment"
            choices={options.segments.map((s) => ({ value: s.value, label: segmentLabel(s.value, s.label) }))}
            filters={filters}
            onChange={onChange}
          />
        </>
      )}
      <ChoiceSelect label={t.warehouse} name="warehouse" choices={options.warehouses} filters={filters} onChange={onChange} />
      <button type="button" className="link" onClick={() => onChange({})}>
        {t.reset}
      </button>
    </form>
  );
}
