import { fillTemplate } from '../../domain/template.js';
import type { PrivacyExportDocument, PrivacyExportSection } from './exportSchema.js';
import { EXPORT_TEXTS, type ExportLanguage, FIELD_TITLES, SECTION_TITLES } from './exportTexts.js';

/** One section of the readable summary: a heading and a table, the same in HTML and PDF. */
export interface SummarySection {
  key: string;
  title: string;
  columns: string[];
  rows: string[][];
}

/** The readable summary of an export, before it is HTML or PDF. */
export interface ExportSummary {
  language: ExportLanguage;
  title: string;
  intro: string;
  about: string;
  made: string;
  none: string;
  sections: SummarySection[];
  leftOutTitle: string;
  leftOut: string[];
}

type Shown = 'text' | 'date' | 'money' | 'address';
type Column = [field: string, shown?: Shown];

/** What the summary shows of each section (all of it is in data.json). */
const COLUMNS: Record<Exclude<PrivacyExportSection, 'reasons'>, Column[]> = {
  customers: [['email'], ['firstName'], ['lastName'], ['phone'], ['country'], ['createdAt', 'date']],
  orders: [['orderNumber'], ['placedAt', 'date'], ['totalAmount', 'money'], ['shippingAddress', 'address']],
  orderLines: [['sku'], ['title'], ['quantity'], ['paidAmount', 'money']],
  returns: [['number'], ['createdAt', 'date'], ['status'], ['valueAmount', 'money']],
  returnLines: [['quantity'], ['reason'], ['comment'], ['requestedResolution'], ['settledAmount', 'money']],
  returnNotes: [['createdAt', 'date'], ['kind'], ['authorName'], ['body']],
  feedback: [['createdAt', 'date'], ['rating'], ['comment']],
  photos: [['createdAt', 'date'], ['file']],
  emails: [['createdAt', 'date'], ['subject'], ['recipient'], ['status']],
  shipments: [['createdAt', 'date'], ['carrier'], ['status'], ['labelFile']],
  shipmentParcels: [['carrier'], ['trackingNumber'], ['trackingState']],
  trackingEvents: [['occurredAt', 'date'], ['description'], ['location']],
  settlements: [['createdAt', 'date'], ['kind'], ['status'], ['amount', 'money']],
  storeCreditAccounts: [['createdAt', 'date'], ['code'], ['currency']],
  storeCreditEntries: [['createdAt', 'date'], ['kind'], ['amount', 'money'], ['note']],
  storeCreditHolds: [['createdAt', 'date'], ['status'], ['amount', 'money']],
  exchangeOrders: [['createdAt', 'date'], ['number'], ['status'], ['priceDifference', 'money']],
  exchangeOrderLines: [['sku'], ['title'], ['quantity']],
  repairs: [['createdAt', 'date'], ['number'], ['status'], ['note']],
  parcelClaims: [['createdAt', 'date'], ['kind'], ['status'], ['amountClaimed', 'money']],
  counterReturns: [['createdAt', 'date'], ['storeId']],
  platformReturns: [['createdAt', 'date'], ['externalId'], ['externalStatus']],
  policyExceptions: [['createdAt', 'date'], ['reason'], ['expiresAt', 'date']],
  riskAssessments: [['createdAt', 'date'], ['stage'], ['score'], ['explanation']],
  riskListEntries: [['createdAt', 'date'], ['list'], ['kind'], ['reason']],
  portalSightings: [['at', 'date'], ['kind']],
  events: [['occurredAt', 'date'], ['type'], ['actorType']],
  accessLog: [['at', 'date'], ['actorName'], ['action'], ['detail']],
  webhookRecipients: [['name'], ['host'], ['events'], ['lastDeliveredAt', 'date']],
};

/** A date as a reader anywhere reads it, in UTC (data.json keeps the exact instant). */
const shownDate = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function shown(row: Record<string, unknown>, [field, kind = 'text']: Column): string {
  const value = row[field];
  if (value === null || value === undefined || value === '') return '';
  if (kind === 'date' && typeof value === 'string') return shownDate(value);
  if (kind === 'money' && typeof value === 'number') return `${(value / 100).toFixed(2)} ${String(row.currency ?? '')}`.trim();
  if (kind === 'address' && typeof value === 'object') {
    const a = value as Record<string, unknown>;
    return ['name', 'line1', 'line2', 'postcode', 'city', 'country']
      .map((k) => a[k])
      .filter(Boolean)
      .join(', ');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The summary of a document in its language: every section, the empty ones saying so. */
export function summarise(doc: PrivacyExportDocument): ExportSummary {
  const language = doc.language;
  const words = EXPORT_TEXTS[language];
  const shop = { shop: doc.shop.name };
  const sections = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).map((key) => {
    const columns = COLUMNS[key];
    const rows = doc.sections[key] as Record<string, unknown>[];
    return {
      key,
      title: SECTION_TITLES[language][key],
      columns: columns.map(([field]) => FIELD_TITLES[language][field] ?? field),
      rows: rows.map((r) => columns.map((c) => shown(r, c))),
    };
  });
  return {
    language,
    title: fillTemplate(words.title, shop),
    intro: fillTemplate(words.intro, shop),
    about: fillTemplate(words.about, { emails: doc.subject.emails.join(', ') }),
    made: fillTemplate(words.made, { date: shownDate(doc.generatedAt) }),
    none: words.none,
    sections,
    leftOutTitle: words.leftOut,
    leftOut: doc.leftOut.map((l) => `${l.table}: ${l.why}`),
  };
}
