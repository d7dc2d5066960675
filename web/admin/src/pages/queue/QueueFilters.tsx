import type { FormEvent } from 'react';
import { RETURN_METHODS } from '../../../../../src/domain/policy/vocabulary.js';
import { RETURN_SORTS } from '../../../../../src/domain/returnSorts.js';
import { useLang, useT, withCurrency } from '../../i18n.js';
import type { Reason } from '../../types.js';
import { useLabels, useShopCurrency } from '../../ui/useLabels.js';
import type { Filters } from './filters.js';
import { QUEUE_TEXTS } from './queueTexts.js';

type Field = (key: string) => { value: string; onChange: (e: { target: { value: string } }) => void };

/** The search form: text, reason, channel, risk, method, value, age and sort. */
export function QueueFilters({
  field,
  reasons,
  channels,
  onSubmit,
  apply,
}: {
  field: Field;
  reasons: Reason[];
  channels: { code: string; name: string }[];
  onSubmit: (e: FormEvent) => void;
  apply: (f: Filters) => void;
}) {
  const t = useT(QUEUE_TEXTS);
  const lang = useLang();
  const label = useLabels();
  return (
    <form className="card toolbar" onSubmit={onSubmit} aria-label={t.search}>
      <label>
        <span>{t.search}</span>
        <input type="search" placeholder={t.searchHint} {...field('q')} />
      </label>
      <label>
        <span>{t.reason}</span>
        <select {...field('reason')}>
          <option value="">{t.all}</option>
          {reasons.map((r) => (
            <option key={r.code} value={r.code}>
              {r.parentCode ? '— ' : ''}
              {r.labels[lang] ?? r.labels.en ?? r.code}
            </option>
          ))}
        </select>
      </label>
      {channels.length > 0 && (
        <label>
          <span>{t.channel}</span>
          <select {...field('channel')}>
            <option value="">{t.all}</option>
            {channels.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <RiskSelect field={field} />
      <label>
        <span>{t.method}</span>
        <select {...field('method')}>
          <option value="">{t.all}</option>
          {RETURN_METHODS.map((m) => (
            <option key={m} value={m}>
              {label.method(m)}
            </option>
          ))}
        </select>
      </label>
      <RangeFields field={field} />
      <label>
        <span>{t.sort}</span>
        <select {...field('sort')}>
          {RETURN_SORTS.map((s) => (
            <option key={s} value={s === 'newest' ? '' : s}>
              {t[s]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary">
        {t.apply}
      </button>
      <button type="button" onClick={() => apply({})}>
        {t.clear}
      </button>
    </form>
  );
}

function RiskSelect({ field }: { field: Field }) {
  const t = useT(QUEUE_TEXTS);
  return (
    <label>
      <span>{t.risk}</span>
      <select {...field('risk')}>
        <option value="">{t.all}</option>
        <option value="high">{t.high}</option>
        <option value="medium,high">
          {t.medium}+{t.high.toLowerCase()}
        </option>
        <option value="medium">{t.medium}</option>
        <option value="low">{t.low}</option>
      </select>
    </label>
  );
}

/** Value from and to (in the shop's currency) and the least age in days. */
function RangeFields({ field }: { field: Field }) {
  const t = useT(QUEUE_TEXTS);
  const lang = useLang();
  const currency = useShopCurrency();
  return (
    <>
      <label>
        <span>{withCurrency(t.minValue, currency, lang)}</span>
        <input type="number" min="0" step="1" inputMode="decimal" size={6} {...field('minValue')} />
      </label>
      <label>
        <span>{withCurrency(t.maxValue, currency, lang)}</span>
        <input type="number" min="0" step="1" inputMode="decimal" size={6} {...field('maxValue')} />
      </label>
      <label>
        <span>{t.age}</span>
        <input type="number" min="0" step="1" size={4} {...field('minAgeDays')} />
      </label>
    </>
  );
}
