import { formatMoney } from '../money.js';
import type { StaffLang } from '../staffNotifications.js';
import { escapeHtml, safeUrl } from './html.js';
import type { RenderedEmail } from './renderShopperEmail.js';

export const WEEKLY_FIGURES = ['returns', 'units', 'returnRate', 'refunded', 'netLoss', 'requestToRefundHours'] as const;
export type WeeklyFigure = (typeof WEEKLY_FIGURES)[number];

/** What the weekly report says: figures of a week beside the week before, problem products, overdue refunds. */
export interface WeeklyReportModel {
  shop: string;
  currency: string;
  week: { from: string; to: string };
  previous: { from: string; to: string };
  figures: Record<WeeklyFigure, { current: number | null; previous: number | null }>;
  /** Judged over the 90 days up to the week's end. */
  problemProducts: { title: string; rate: number; categoryRate: number; reason: string | null }[];
  overdue: { number: string; refundBy: string }[];
  overdueTotal: number;
  /** The back office's address, for links; null when unknown. */
  adminUrl: string | null;
}

const EN = {
  subject: 'Returns in the week of {from} to {to}',
  intro: 'The returns of {from} to {to}, beside the week before ({pfrom} to {pto}).',
  figure: 'Figure',
  week: 'This week',
  before: 'Week before',
  returns: 'Returns requested',
  units: 'Units returned',
  returnRate: 'Return rate (units ordered in the week)',
  refunded: 'Refunded',
  netLoss: 'Net loss',
  requestToRefundHours: 'Request to refund, median',
  problems: 'Problem products (last 90 days)',
  noProblems: 'No product returns significantly more than its category.',
  problemLine: '{title}: {rate} returned, its category {categoryRate}',
  overdue: 'Refunds past the 14-day deadline, still unpaid: {count}',
  noOverdue: 'No refund is past its deadline.',
  due: 'due {date}',
  more: 'and {count} more',
  open: 'Open the dashboards',
  why: 'You receive this weekly report because an administrator of {shop} chose you as a recipient.',
  hours: '{n} h',
  days: '{n} days',
};

const TEXTS: Record<StaffLang, Record<keyof typeof EN, string>> = {
  en: EN,
  nl: {
    subject: 'Retouren in de week van {from} tot {to}',
    intro: 'De retouren van {from} tot {to}, naast de week ervoor ({pfrom} tot {pto}).',
    figure: 'Cijfer',
    week: 'Deze week',
    before: 'Week ervoor',
    returns: 'Aangevraagde retouren',
    units: 'Geretourneerde stuks',
    returnRate: 'Retourpercentage (stuks besteld in de week)',
    refunded: 'Terugbetaald',
    netLoss: 'Nettoverlies',
    requestToRefundHours: 'Aanvraag tot terugbetaling, mediaan',
    problems: 'Probleemproducten (laatste 90 dagen)',
    noProblems: 'Geen product komt significant vaker terug dan zijn categorie.',
    problemLine: '{title}: {rate} retour, de categorie {categoryRate}',
    overdue: 'Terugbetalingen voorbij de termijn van 14 dagen, nog niet betaald: {count}',
    noOverdue: 'Geen terugbetaling is te laat.',
    due: 'uiterlijk {date}',
    more: 'en nog {count}',
    open: 'Open de dashboards',
    why: 'Je krijgt dit weekoverzicht omdat een beheerder van {shop} je als ontvanger heeft gekozen.',
    hours: '{n} u',
    days: '{n} dagen',
  },
};

const FORMAT_LOCALE: Record<StaffLang, string> = { en: 'en-GB', nl: 'nl-NL' };

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

/** A figure as a reader takes it in: money with its currency, shares as percentages, durations in hours or days. */
function formatFigure(figure: WeeklyFigure, value: number | null, lang: StaffLang, currency: string): string {
  if (value === null) return '—';
  const locale = FORMAT_LOCALE[lang];
  const t = TEXTS[lang];
  if (figure === 'refunded' || figure === 'netLoss') return formatMoney(value, currency, locale);
  if (figure === 'returnRate') return percent(value, lang);
  if (figure === 'requestToRefundHours') {
    const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    return value >= 48 ? fill(t.days, { n: n.format(value / 24) }) : fill(t.hours, { n: n.format(value) });
  }
  return new Intl.NumberFormat(locale).format(value);
}

const percent = (share: number, lang: StaffLang) =>
  new Intl.NumberFormat(FORMAT_LOCALE[lang], { style: 'percent', maximumFractionDigits: 1 }).format(share);

const day = (date: string, lang: StaffLang) =>
  new Intl.DateTimeFormat(FORMAT_LOCALE[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );

/** The weekly report for staff, in their language: the same in its HTML and its text. */
export function renderWeeklyReportEmail(lang: StaffLang, m: WeeklyReportModel): RenderedEmail {
  const t = TEXTS[lang];
  const e = escapeHtml;
  const period = { from: day(m.week.from, lang), to: day(m.week.to, lang) };
  const subject = `[${m.shop}] ${fill(t.subject, period)}`;
  const intro = fill(t.intro, { ...period, pfrom: day(m.previous.from, lang), pto: day(m.previous.to, lang) });
  const rows = WEEKLY_FIGURES.map((f) => ({
    label: t[f],
    current: formatFigure(f, m.figures[f].current, lang, m.currency),
    previous: formatFigure(f, m.figures[f].previous, lang, m.currency),
  }));
  const problems = m.problemProducts.map((p) =>
    [
      fill(t.problemLine, { title: p.title, rate: percent(p.rate, lang), categoryRate: percent(p.categoryRate, lang) }),
      p.reason ? ` (${p.reason})` : '',
    ].join(''),
  );
  const overdueTitle = m.overdueTotal > 0 ? fill(t.overdue, { count: m.overdueTotal }) : t.noOverdue;
  const overdue = m.overdue.map((o) => `${o.number} — ${fill(t.due, { date: day(o.refundBy.slice(0, 10), lang) })}`);
  const more = m.overdueTotal > m.overdue.length ? fill(t.more, { count: m.overdueTotal - m.overdue.length }) : null;
  const url = safeUrl(m.adminUrl ? `${m.adminUrl.replace(/\/$/, '')}/analytics` : null);
  const why = fill(t.why, { shop: m.shop });

  const text = [
    intro,
    '',
    ...rows.map((r) => `${r.label}: ${r.current} (${t.before.toLowerCase()}: ${r.previous})`),
    '',
    `${t.problems}:`,
    ...(problems.length ? problems.map((p) => `- ${p}`) : [t.noProblems]),
    '',
    overdueTitle,
    ...overdue.map((o) => `- ${o}`),
    ...(more ? [`- ${more}`] : []),
    '',
    ...(url ? [`${t.open}: ${url}`, ''] : []),
    '--',
    why,
  ].join('\n');

  const cell = 'padding:6px 12px;border-bottom:1px solid #e5e7eb;text-align:left';
  const list = (items: string[]) =>
    items.length ? `<ul style="margin:0 0 16px;padding-left:20px">${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>` : '';
  const html = `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;color:#1b1f23">
<p style="font-size:16px;line-height:1.5;margin:0 0 16px">${e(intro)}</p>
<table style="border-collapse:collapse;margin:0 0 24px">
<thead><tr><th scope="col" style="${cell}">${e(t.figure)}</th><th scope="col" style="${cell}">${e(t.week)}</th><th scope="col" style="${cell}">${e(t.before)}</th></tr></thead>
<tbody>
${rows.map((r) => `<tr><th scope="row" style="${cell};font-weight:normal">${e(r.label)}</th><td style="${cell}">${e(r.current)}</td><td style="${cell};color:#4b5563">${e(r.previous)}</td></tr>`).join('\n')}
</tbody>
</table>
<h2 style="font-size:16px;margin:0 0 8px">${e(t.problems)}</h2>
${problems.length ? list(problems) : `<p style="margin:0 0 16px">${e(t.noProblems)}</p>`}
<h2 style="font-size:16px;margin:0 0 8px">${e(overdueTitle)}</h2>
${list([...overdue, ...(more ? [more] : [])])}
${url ? `<p style="margin:0 0 24px"><a href="${e(url)}" style="color:#1d4e5f;font-weight:bold">${e(t.open)}</a></p>` : ''}
<p style="font-size:13px;color:#4b5563;margin:0">${e(why)}</p>
</body>
</html>
`;
  return { subject, html, text };
}
