import { explainAssessment, explainSignal, type RiskLocale } from '../../domain/risk/explain.js';
import type { RiskSignal } from '../../domain/risk/signals.js';
import type { ExportRow, ShopperRecords } from './exportRecords.js';
import { LEFT_OUT } from './exportRecords.js';
import {
  PRIVACY_EXPORT_FORMAT,
  PRIVACY_EXPORT_VERSION,
  type PrivacyExportDocument,
  type PrivacyExportSections,
} from './exportSchema.js';
import type { ExportSubject } from './exportSubject.js';
import { EXPORT_TEXTS } from './exportTexts.js';

/** A file of the bundle beside data.json. */
export interface BundleFile {
  path: string;
  contentType: string;
  bytes: Uint8Array;
}

type Plain = Record<string, unknown>;

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A value as JSON keeps it: dates in ISO 8601 (UTC). */
function plainValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** A row with camelCase keys and ISO dates; binary columns are left out (they go as files). */
export function plainRow(row: ExportRow): Plain {
  const out: Plain = {};
  for (const [key, value] of Object.entries(row)) {
    if (value instanceof Uint8Array) continue;
    out[camel(key)] = plainValue(value);
  }
  return out;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'application/zpl': 'zpl',
};
export const extensionOf = (contentType: string | null | undefined) => EXTENSIONS[contentType ?? ''] ?? 'bin';

/** The label of a shipment or parcel as a file of the bundle, when it has one. */
function labelFile(row: ExportRow, files: BundleFile[]): string | null {
  if (!(row.label instanceof Uint8Array)) return null;
  const contentType = typeof row.label_content_type === 'string' ? row.label_content_type : 'application/pdf';
  const path = `labels/${String(row.id)}.${extensionOf(contentType)}`;
  files.push({ path, contentType, bytes: row.label });
  return path;
}

/** The currency of each row of `parents` by id, to stand beside the amounts of their children. */
const currencyBy = (parents: readonly ExportRow[]) => new Map(parents.map((p) => [String(p.id), String(p.currency)]));

function withCurrency(rows: readonly ExportRow[], parentKey: string, currencies: Map<string, string>): Plain[] {
  return rows.map((r) => ({ ...plainRow(r), currency: currencies.get(String(r[parentKey])) ?? null }));
}

/** Each risk assessment with the sentences that explain it (GDPR Art. 22: the logic involved). */
function explainedAssessments(rows: readonly ExportRow[], language: RiskLocale): Plain[] {
  return rows.map((r) => {
    const signals = (typeof r.signals === 'string' ? JSON.parse(r.signals) : r.signals) as RiskSignal[];
    const decision = r.decision as { review: boolean; refundAfterReceipt: boolean };
    return {
      ...plainRow(r),
      signals: signals.map((s) => ({ ...s, sentence: explainSignal(s, language) })),
      explanation: explainAssessment(
        { score: Number(r.score), signals, allowListed: r.allow_listed === true, decision },
        language,
      ),
    };
  });
}

/** Return lines with their reason's code and words in the export's language. */
function explainedReturnLines(records: ShopperRecords, language: RiskLocale): Plain[] {
  const reasons = new Map(records.reasons.map((r) => [String(r.id), r]));
  const currencies = currencyBy(records.returns);
  return records.returnLines.map((l) => {
    const reason = typeof l.reason_id === 'string' ? reasons.get(l.reason_id) : undefined;
    const labels = (reason?.labels ?? {}) as Record<string, string>;
    return {
      ...plainRow(l),
      currency: currencies.get(String(l.return_id)) ?? null,
      reasonCode: (reason?.code as string | undefined) ?? null,
      reason: labels[language] ?? labels.en ?? null,
    };
  });
}

/** The sections of data.json from the rows read; labels found on the way are added to `files`. */
function sectionsOf(records: ShopperRecords, language: RiskLocale, photoFiles: Map<string, string>, files: BundleFile[]) {
  const plain = (rows: readonly ExportRow[]) => rows.map(plainRow);
  const accounts = currencyBy(records.storeCreditAccounts);
  const sections: PrivacyExportSections = {
    customers: plain(records.customers) as PrivacyExportSections['customers'],
    orders: plain(records.orders) as PrivacyExportSections['orders'],
    orderLines: withCurrency(records.orderLines, 'order_id', currencyBy(records.orders)) as PrivacyExportSections['orderLines'],
    returns: plain(records.returns) as PrivacyExportSections['returns'],
    returnLines: explainedReturnLines(records, language) as PrivacyExportSections['returnLines'],
    reasons: plain(records.reasons) as PrivacyExportSections['reasons'],
    returnNotes: plain(records.returnNotes) as PrivacyExportSections['returnNotes'],
    feedback: plain(records.feedback) as PrivacyExportSections['feedback'],
    photos: records.photos.map((p) => ({
      ...plainRow(p),
      file: photoFiles.get(String(p.id)) ?? null,
    })) as PrivacyExportSections['photos'],
    emails: plain(records.emails) as PrivacyExportSections['emails'],
    shipments: records.shipments.map((s) => ({
      ...plainRow(s),
      labelFile: labelFile(s, files),
    })) as PrivacyExportSections['shipments'],
    shipmentParcels: records.shipmentParcels.map((p) => ({
      ...plainRow(p),
      labelFile: labelFile(p, files),
    })) as PrivacyExportSections['shipmentParcels'],
    trackingEvents: plain(records.trackingEvents) as PrivacyExportSections['trackingEvents'],
    settlements: plain(records.settlements) as PrivacyExportSections['settlements'],
    storeCreditAccounts: plain(records.storeCreditAccounts) as PrivacyExportSections['storeCreditAccounts'],
    storeCreditEntries: withCurrency(
      records.storeCreditEntries,
      'account_id',
      accounts,
    ) as PrivacyExportSections['storeCreditEntries'],
    storeCreditHolds: withCurrency(records.storeCreditHolds, 'account_id', accounts) as PrivacyExportSections['storeCreditHolds'],
    exchangeOrders: plain(records.exchangeOrders) as PrivacyExportSections['exchangeOrders'],
    exchangeOrderLines: withCurrency(
      records.exchangeOrderLines,
      'exchange_order_id',
      currencyBy(records.exchangeOrders),
    ) as PrivacyExportSections['exchangeOrderLines'],
    repairs: plain(records.repairs) as PrivacyExportSections['repairs'],
    parcelClaims: plain(records.parcelClaims) as PrivacyExportSections['parcelClaims'],
    counterReturns: plain(records.counterReturns) as PrivacyExportSections['counterReturns'],
    platformReturns: plain(records.platformReturns) as PrivacyExportSections['platformReturns'],
    policyExceptions: plain(records.policyExceptions) as PrivacyExportSections['policyExceptions'],
    riskAssessments: explainedAssessments(records.riskAssessments, language) as PrivacyExportSections['riskAssessments'],
    riskListEntries: records.riskListEntries.map((e) => ({
      ...plainRow(e),
      reason: e.reason_withheld === true ? EXPORT_TEXTS[language].reasonWithheld : e.reason,
    })) as PrivacyExportSections['riskListEntries'],
    // A sighting's id is a bigint, which one driver reads as a number and the other as a string.
    portalSightings: records.portalSightings.map((r) => ({
      ...plainRow(r),
      id: String(r.id),
    })) as PrivacyExportSections['portalSightings'],
    events: plain(records.events) as PrivacyExportSections['events'],
    accessLog: plain(records.accessLog) as PrivacyExportSections['accessLog'],
    webhookRecipients: plain(records.webhookRecipients) as PrivacyExportSections['webhookRecipients'],
  };
  return sections;
}

/** data.json: what was read, shaped as the schema says (exportSchema.ts). `photoFiles` names the
 * bundle file of each photo found on disk; the labels' files are added to `files`. */
export function buildExportDocument(input: {
  records: ShopperRecords;
  subject: ExportSubject;
  shopName: string;
  language: RiskLocale;
  generatedAt: Date;
  photoFiles: Map<string, string>;
  files: BundleFile[];
}): PrivacyExportDocument {
  const sections = sectionsOf(input.records, input.language, input.photoFiles, input.files);
  return {
    format: PRIVACY_EXPORT_FORMAT,
    version: PRIVACY_EXPORT_VERSION,
    generatedAt: input.generatedAt.toISOString(),
    language: input.language,
    shop: { name: input.shopName },
    subject: { customerIds: input.subject.customerIds, emails: input.subject.emails, matchedBy: 'normalised e-mail' },
    sections,
    files: input.files.map((f) => ({ path: f.path, contentType: f.contentType, bytes: f.bytes.byteLength })),
    leftOut: LEFT_OUT,
  };
}
