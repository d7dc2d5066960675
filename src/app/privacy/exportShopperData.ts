import { strToU8, type Zippable, zipSync } from 'fflate';
import { z } from 'zod';
import { getShopSettings } from '../admin/shopSettings.js';
import type { AppContext } from '../kernel/context.js';
import { type BundleFile, buildExportDocument, extensionOf } from './exportDocument.js';
import { readShopperRecords, type ShopperRecords } from './exportRecords.js';
import type { PrivacyExportDocument } from './exportSchema.js';
import { privacyExportDocument } from './exportSchema.js';
import { type ExportAsked, type ExportSubject, findExportSubject } from './exportSubject.js';
import { summarise } from './exportSummary.js';
import { summaryHtml } from './exportSummaryHtml.js';
import { summaryPdf } from './exportSummaryPdf.js';
import type { ExportLanguage } from './exportTexts.js';

/** An access request's bundle, ready to hand over. */
export interface PrivacyExport {
  fileName: string;
  zip: Uint8Array;
  subject: ExportSubject;
  document: PrivacyExportDocument;
}

export interface PrivacyExportOptions {
  /** The summary's language; the shop's default locale when it is Dutch, else English. */
  language?: ExportLanguage;
  /** Told each step as it starts (the command line shows it). */
  onProgress?: (step: string) => void;
}

/** Each photo's image from the photo store, as a file of the bundle; a photo whose files are gone
 * keeps its row in data.json with no file. */
async function photoFiles(ctx: AppContext, records: ShopperRecords) {
  const files: BundleFile[] = [];
  const byPhoto = new Map<string, string>();
  for (const photo of records.photos) {
    const id = String(photo.id);
    const bytes = await ctx.photos.get(id, 'image');
    if (!bytes) continue;
    const contentType = String(photo.content_type);
    const path = `photos/${id}.${extensionOf(contentType)}`;
    files.push({ path, contentType, bytes });
    byPhoto.set(id, path);
  }
  return { files, byPhoto };
}

/**
 * Everything Retour holds about one shopper (GDPR Art. 15 and 20) as a ZIP: `data.json` (complete
 * and machine-readable, checked against its schema before it leaves), `data.schema.json`,
 * `summary.html` and `summary.pdf` (readable, in the shop's language), and the photos and labels.
 * A read only: the caller records the export in the access log.
 */
export async function exportShopperData(
  ctx: AppContext,
  asked: ExportAsked,
  options: PrivacyExportOptions = {},
): Promise<PrivacyExport> {
  const progress = options.onProgress ?? (() => {});
  progress('finding the customer');
  const subject = await findExportSubject(ctx.db, asked);
  const settings = await getShopSettings(ctx.db);
  const language = options.language ?? (settings.defaultLocale === 'nl' ? 'nl' : 'en');
  progress('reading what is kept about them');
  const records = await readShopperRecords(ctx.db, subject);
  progress(`reading ${records.photos.length} photo(s)`);
  const { files, byPhoto } = await photoFiles(ctx, records);
  const generatedAt = ctx.now();
  const document = buildExportDocument({
    records,
    subject,
    shopName: settings.name,
    language,
    generatedAt,
    photoFiles: byPhoto,
    files,
  });
  // A document that does not match its own schema must not reach the shopper as if it did.
  privacyExportDocument.parse(document);
  progress('writing the summary');
  const summary = summarise(document);
  const pdf = await summaryPdf(summary, { shopName: settings.name, createdAt: generatedAt });
  progress('packing the bundle');
  const entries: Zippable = {
    'data.json': strToU8(`${JSON.stringify(document, null, 2)}\n`),
    'data.schema.json': strToU8(`${JSON.stringify(z.toJSONSchema(privacyExportDocument), null, 2)}\n`),
    'summary.html': strToU8(summaryHtml(summary)),
    'summary.pdf': [pdf, { level: 0 }],
  };
  // Photos and labels are compressed already: stored as they are, so packing them costs a copy.
  for (const f of files) entries[f.path] = [f.bytes, { level: 0 }];
  const zip = zipSync(entries, { level: 6, mtime: generatedAt });
  const day = generatedAt.toISOString().slice(0, 10);
  return { fileName: `retour-personal-data-${subject.customerIds[0]}-${day}.zip`, zip, subject, document };
}
