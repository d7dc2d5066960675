import { createContext, useContext } from 'react';
import type { Lang } from './langs.js';

// Each screen keeps its own texts beside it.
export { LANGS, type Lang } from './langs.js';

export const LangContext = createContext<Lang>('en');
export const useLang = () => useContext(LangContext);

/** A screen's texts in both languages; the Dutch ones must have the same keys as the English. */
export function texts<T extends Record<string, string>>(t: { en: T; nl: { [K in keyof T]: string } }) {
  return t;
}

export function useT<T extends Record<string, string>>(t: { en: T; nl: { [K in keyof T]: string } }): T {
  return t[useLang()] as T;
}

export function detectLang(): Lang {
  const saved = localStorage.getItem('retour.admin.lang');
  if (saved === 'en' || saved === 'nl') return saved;
  return navigator.language.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

const locale = (lang: Lang) => (lang === 'nl' ? 'nl-NL' : 'en-GB');

export function money(amount: number | null | undefined, currency: string, lang: Lang): string {
  if (amount === null || amount === undefined) return '—';
  return new Intl.NumberFormat(locale(lang), { style: 'currency', currency }).format(amount / 100);
}

/** The sign of a currency as staff write it, e.g. EUR → "€"; the code itself when it has none. */
export function currencySign(currency: string, lang: Lang): string {
  const parts = new Intl.NumberFormat(locale(lang), { style: 'currency', currency }).formatToParts(0);
  return parts.find((p) => p.type === 'currency')?.value ?? currency;
}

/** A field's label with the sign of the currency its amount is in, e.g. "Value from (€)"; the bare
 * label while the currency is not known yet. */
export function withCurrency(label: string, currency: string | null, lang: Lang): string {
  return currency ? `${label} (${currencySign(currency, lang)})` : label;
}

export function dateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function date(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium' }).format(new Date(iso));
}

/** A calendar day ('YYYY-MM-DD', as policy deadlines are kept) in the screen's language; the same
 * day wherever the browser is, unlike a moment. A full timestamp is shown as its date. */
export function day(value: string | null | undefined, lang: Lang): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return date(value, lang);
  const noon = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeZone: 'UTC' }).format(noon);
}

/** "3 days ago" in the screen's language. */
export function ago(iso: string, lang: Lang, now = Date.now()): string {
  const minutes = Math.round((new Date(iso).getTime() - now) / 60_000);
  const rtf = new Intl.RelativeTimeFormat(locale(lang), { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return rtf.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return rtf.format(hours, 'hour');
  return rtf.format(Math.round(hours / 24), 'day');
}

export function percent(share: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 }).format(share);
}
