import { brandColours } from '../brandColours.js';
import { formatMoney } from '../money.js';
import { FORMAT_LOCALE, type ShopperLocale } from '../policy/messages.js';
import { fillTemplate } from '../template.js';
import { COMMON_TEXTS, KIND_TEXTS } from './emailTexts.js';
import { escapeHtml, safeUrl } from './html.js';
import { CARRIER_TEXTS, type CarrierTexts } from './labelReadyTexts.js';
import type { ShopperEmailKind } from './shopperEmails.js';

export interface EmailLine {
  title: string;
  quantity: number;
  /** Inspection grade (inspected e-mails say what was found). */
  grade?: string | null;
  /** The line was not accepted; its reason, when staff gave one. */
  rejected?: boolean;
  reason?: string | null;
}

/** Everything an e-mail to a shopper may show; the app layer fills it from the database. */
export interface ShopperEmailModel {
  shop: { name: string; logoUrl: string | null; brandColor: string | null; supportEmail: string | null };
  timeZone: string;
  customerName: string | null;
  returnNumber: string;
  orderNumber: string;
  method: string | null;
  shipBy: Date | null;
  pickup: { from: Date; to: Date } | null;
  lines: EmailLine[];
  /** Why the return was turned down (rejected). */
  reason: string | null;
  trackingNumber: string | null;
  /** Money refunded or credited, in minor units. */
  amount: { amount: number; currency: string } | null;
  credit: { code: string; expiresAt: Date | null } | null;
  exchangeNumber: string | null;
  /** When the shopper declared withdrawal. */
  declaredAt: Date | null;
  /** The return's status page. */
  statusUrl: string | null;
  /** The label is attached as a PDF. */
  labelAttached: boolean;
  /** The carrier's parcel: its label follows (approval) or is here (label_ready). */
  carrier?: CarrierEmailFacts | null;
}

export interface CarrierEmailFacts {
  /** The carrier is still booking: the approval e-mail says the label follows. */
  labelFollows: boolean;
  /** What is attached: the carrier's label, its QR code, or nothing (a ZPL label is not for home printers). */
  attached: 'label' | 'qr' | null;
  servicePoint: string | null;
  pickup: { from: Date; to: Date; confirmation: string } | null;
  trackingUrl: string | null;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const fill = (template: string, values: Record<string, string>) => fillTemplate(template, values);

/**
 * One e-mail to a shopper, as HTML (table layout and inline styles: what mail clients render) and
 * as plain text saying the same. Pure: the same model gives the same e-mail, so previews in the
 * back office are exactly what a shopper gets.
 */
export function renderShopperEmail(kind: ShopperEmailKind, locale: ShopperLocale, m: ShopperEmailModel): RenderedEmail {
  const parts = emailParts(kind, locale, m);
  return { subject: parts.subject, html: emailHtml(parts, locale, m), text: emailText(parts, m) };
}

type EmailParts = ReturnType<typeof emailParts>;

/** Date formats by locale, style and time zone: making one costs far more than using it, and every
 * e-mail asks for the same few. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, style: 'date' | 'time', timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${style}|${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      locale,
      style === 'date' ? { dateStyle: 'long', timeZone } : { dateStyle: 'medium', timeStyle: 'short', timeZone },
    );
    // Time zones come from settings: a handful, but the map stays bounded whatever is stored.
    if (dateFormats.size >= 500) dateFormats.clear();
    dateFormats.set(key, format);
  }
  return format;
}

/** What the e-mail says, in the shopper's language: the same in its HTML and its text. */
function emailParts(kind: ShopperEmailKind, locale: ShopperLocale, m: ShopperEmailModel) {
  const c = COMMON_TEXTS[locale];
  const k = KIND_TEXTS[locale][kind];
  const fmt = FORMAT_LOCALE[locale];
  const date = (d: Date) => dateFormat(fmt, 'date', m.timeZone).format(d);
  const time = (d: Date) => dateFormat(fmt, 'time', m.timeZone).format(d);
  const values: Record<string, string> = {
    number: m.returnNumber,
    order: m.orderNumber,
    shop: m.shop.name,
    name: m.customerName ?? '',
    date: kind === 'withdrawal_confirmed' ? (m.declaredAt ? date(m.declaredAt) : '') : m.shipBy ? date(m.shipBy) : '',
    amount: m.amount ? formatMoney(m.amount.amount, m.amount.currency, fmt) : '',
    exchange: m.exchangeNumber ?? '',
    support: m.shop.supportEmail ?? '',
  };

  const paragraphs: string[] = [fill(k.body, values)];
  if (kind === 'approved') {
    if (m.shipBy) paragraphs.push(fill(c.shipBy, values));
    if (m.labelAttached) paragraphs.push(m.method === 'qr' ? c.attachedQr : c.attachedLabel);
    if (m.carrier?.labelFollows) paragraphs.push(CARRIER_TEXTS[locale].labelFollows);
    if (m.method === 'pickup' && m.pickup) paragraphs.push(fill(c.pickup, { from: time(m.pickup.from), to: time(m.pickup.to) }));
    if (m.method === 'store') paragraphs.push(c.store);
  }
  if (kind === 'label_ready' && m.carrier) paragraphs.push(...carrierParagraphs(CARRIER_TEXTS[locale], m.carrier, time));
  if (kind === 'rejected' && m.reason) paragraphs.push(fill(c.reason, { reason: m.reason }));
  if ((kind === 'in_transit' || kind === 'exchange_shipped' || kind === 'repair_shipped') && m.trackingNumber)
    paragraphs.push(fill(c.tracking, { tracking: m.trackingNumber }));
  const highlight: string[] = [];
  if ((kind === 'credited' || kind === 'store_receipt') && m.credit) {
    highlight.push(fill(c.creditCode, { code: m.credit.code }));
    if (m.credit.expiresAt) highlight.push(fill(c.creditExpires, { date: date(m.credit.expiresAt) }));
  }

  const lineText = (l: EmailLine) => {
    const notes: string[] = [];
    if ((kind === 'inspected' || kind === 'store_receipt') && l.grade && l.grade in c.grades)
      notes.push(c.grades[l.grade as keyof typeof c.grades]);
    if (l.rejected) notes.push(l.reason ? `${c.notAccepted}: ${l.reason}` : c.notAccepted);
    return { main: `${l.quantity} × ${l.title}`, note: notes.join(' · ') };
  };
  const lines = m.lines.map(lineText);
  const greeting = m.customerName ? fill(c.greeting, values) : c.greetingNoName;
  const footer = m.shop.supportEmail ? fill(c.footer, values) : c.footerNoSupport;
  const statusUrl = safeUrl(m.statusUrl);
  const subject = fill(k.subject, values);
  const heading = fill(k.heading, values);
  const returnLabel = fill(c.returnLabel, values);
  return { c, values, paragraphs, highlight, lines, greeting, footer, statusUrl, subject, heading, returnLabel };
}

/** How to send the parcel the carrier booked: the label or QR code, where or when it goes, and
 * where to follow it. */
function carrierParagraphs(t: CarrierTexts, facts: CarrierEmailFacts, time: (d: Date) => string): string[] {
  const out: string[] = [];
  out.push(facts.attached === 'qr' ? t.qrAttached : facts.attached === 'label' ? t.labelAttached : t.labelAttachedZpl);
  if (facts.servicePoint) out.push(fill(t.dropOffAt, { point: facts.servicePoint }));
  if (facts.pickup)
    out.push(
      fill(t.pickupBooked, { from: time(facts.pickup.from), to: time(facts.pickup.to), confirmation: facts.pickup.confirmation }),
    );
  const url = safeUrl(facts.trackingUrl);
  if (url) out.push(fill(t.trackingLink, { url }));
  return out;
}

function emailText(parts: EmailParts, m: ShopperEmailModel): string {
  const { c, values, paragraphs, highlight, lines, greeting, footer, statusUrl, heading, returnLabel } = parts;
  return [
    m.shop.name,
    '',
    heading,
    returnLabel,
    '',
    greeting,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...highlight.flatMap((h) => [h]),
    ...(highlight.length ? [''] : []),
    ...(lines.length ? [`${c.itemsHeading}:`, ...lines.map((l) => `- ${l.main}${l.note ? ` (${l.note})` : ''}`), ''] : []),
    ...(statusUrl ? [`${c.button}: ${statusUrl}`, ''] : []),
    '--',
    footer,
    fill(c.sentBecause, values),
  ].join('\n');
}

/** Table layout and inline styles: what mail clients render. */
function emailHtml(parts: EmailParts, locale: ShopperLocale, m: ShopperEmailModel): string {
  const { c, values, paragraphs, highlight, lines, greeting, footer, statusUrl, subject, heading, returnLabel } = parts;
  const colours = brandColours(m.shop.brandColor) ?? { brand: '#1b1f23', onBrand: '#ffffff', brandText: '#1b1f23' };
  const logoUrl = safeUrl(m.shop.logoUrl);
  const e = escapeHtml;
  const header = logoUrl
    ? `<img src="${e(logoUrl)}" alt="${e(m.shop.name)}" height="32" style="display:block;height:32px;border:0">`
    : `<span style="font-size:18px;font-weight:bold;color:${colours.onBrand}">${e(m.shop.name)}</span>`;
  const headerBg = logoUrl ? '#ffffff' : colours.brand;
  const p = (s: string) => `<p style="margin:0 0 16px;font-size:16px;line-height:1.5">${e(s)}</p>`;
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;color:#1b1f23;font-family:Arial,Helvetica,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px">
<tr><td style="padding:16px 24px;background:${headerBg};border-radius:8px 8px 0 0">${header}</td></tr>
<tr><td style="padding:24px">
<h1 style="margin:0 0 4px;font-size:22px;line-height:1.3">${e(heading)}</h1>
<p style="margin:0 0 20px;font-size:14px;color:#4b5563">${e(returnLabel)}</p>
${p(greeting)}
${paragraphs.map(p).join('\n')}
${highlight.length ? `<p style="margin:0 0 16px;padding:12px 16px;background:#f3f4f6;border-radius:6px;font-size:16px;line-height:1.5">${highlight.map(e).join('<br>')}</p>` : ''}
${
  lines.length
    ? `<h2 style="margin:8px 0 8px;font-size:16px">${e(c.itemsHeading)}</h2>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 20px;border-top:1px solid #e5e7eb">
${lines.map((l) => `<tr><td style="padding:8px 0;border-bottom:1px solid #e5e7eb;font-size:15px">${e(l.main)}${l.note ? `<br><span style="font-size:13px;color:#4b5563">${e(l.note)}</span>` : ''}</td></tr>`).join('\n')}
</table>`
    : ''
}
${
  statusUrl
    ? `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 8px"><tr><td style="background:${colours.brand};border-radius:6px"><a href="${e(statusUrl)}" style="display:inline-block;padding:12px 20px;color:${colours.onBrand};font-size:16px;font-weight:bold;text-decoration:none">${e(c.button)}</a></td></tr></table>`
    : ''
}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-size:13px;line-height:1.5;color:#4b5563">${e(footer)}<br>${e(fill(c.sentBecause, values))}</td></tr>
</table>
</td></tr></table>
</body>
</html>
`;
}
