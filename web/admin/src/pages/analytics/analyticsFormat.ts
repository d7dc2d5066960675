import type { TrendInterval } from '../../../../../src/domain/analytics/intervals.js';
import { day, type Lang, money, percent, useLang } from '../../i18n.js';

const locale = (lang: Lang) => (lang === 'nl' ? 'nl-NL' : 'en-GB');

/** Figures as the dashboards show them, in the screen's language: money from minor units, shares
 * as percentages, counts with thousands separators; a missing figure as a dash. */
export function useFormat() {
  const lang = useLang();
  const count = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 0 });
  const one = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 });
  const compact = new Intl.NumberFormat(locale(lang), { notation: 'compact', maximumFractionDigits: 1 });
  return {
    lang,
    money: (v: number | null | undefined, currency: string) => money(v, currency, lang),
    /** Money on an axis: whole units, compact. */
    moneyAxis: (currency: string) => (v: number) =>
      new Intl.NumberFormat(locale(lang), { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(
        v / 100,
      ),
    share: (v: number | null | undefined) => (v === null || v === undefined ? '—' : percent(v, lang)),
    count: (v: number | null | undefined) => (v === null || v === undefined ? '—' : count.format(v)),
    compact: (v: number) => compact.format(v),
    /** An axis of durations: in days when its figures run past three days, in hours otherwise. */
    hoursAxis: (maxHours: number) => (v: number) =>
      maxHours > 72 ? `${one.format(v / 24)} d` : `${one.format(v)} ${lang === 'nl' ? 'u' : 'h'}`,
    /** Hours, and days past two days. */
    hours: (v: number | null | undefined) => {
      if (v === null || v === undefined) return '—';
      return v >= 48 ? `${one.format(v / 24)} ${lang === 'nl' ? 'd' : 'd'}` : `${one.format(v)} ${lang === 'nl' ? 'u' : 'h'}`;
    },
    /** A trend bucket by its first day: the day, the week's Monday, or the month. */
    bucket: (first: string, interval: TrendInterval) => {
      if (interval !== 'month') return day(first, lang);
      const noon = new Date(`${first.slice(0, 7)}-01T12:00:00Z`);
      return new Intl.DateTimeFormat(locale(lang), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(noon);
    },
    decimal: (v: number | null | undefined) => (v === null || v === undefined ? '—' : one.format(v)),
  };
}
export type Format = ReturnType<typeof useFormat>;
