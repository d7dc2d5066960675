import type { FieldIssue } from '../errors.js';

/**
 * How long Retour keeps what it holds about people (GDPR Art. 5(1)(e)): one period per kind, in
 * days, null meaning "kept". What each removes once its period has passed:
 * - photoDays: a return's photos (rows and files), counted from when the return was final (closed,
 *   rejected, cancelled, expired) and last changed; photos never attached to a request, from upload.
 * - emailDays: the body and the recipient's address of an e-mail sent or kept, from when it was
 *   made; which e-mail (its template, subject, language), to which return, and when, stay.
 * - personalDays: a final return's personal texts: the shopper's comments on its lines and
 *   feedback, the messages and notes on it, its labels and customs papers (they carry the name
 *   and address), and the name and street of its order's shipping address once none of the order's
 *   returns keeps them; the country, postcode and city stay for the figures.
 * - logDays: the access log, webhook payloads and attempts, and the bodies of shop and carrier
 *   webhooks once applied, and shop sync errors.
 * Amounts, dates and references of refunds, settlements and store credit are never touched: the
 * bookkeeping keeps them seven years (art. 2:10 BW, art. 52 AWR), and they name no one.
 */
export interface RetentionPeriods {
  photoDays: number | null;
  emailDays: number | null;
  personalDays: number | null;
  logDays: number | null;
}

export const RETENTION_FIELDS = [
  'photoDays',
  'emailDays',
  'personalDays',
  'logDays',
] as const satisfies readonly (keyof RetentionPeriods)[];

/** What a new installation keeps: photos a year, e-mail bodies half a year, a closed return's
 * personal texts two years (the legal guarantee's span), logs a year. */
export const DEFAULT_RETENTION: RetentionPeriods = { photoDays: 365, emailDays: 180, personalDays: 730, logDays: 365 };

/** The periods a shop may choose. Below the minimum a dispute, a guarantee claim or a look back at
 * a complaint would find nothing; ten years is longer than any duty to keep. */
export const RETENTION_LIMITS: Record<keyof RetentionPeriods, { min: number; max: number }> = {
  photoDays: { min: 30, max: 3650 },
  emailDays: { min: 7, max: 3650 },
  personalDays: { min: 30, max: 3650 },
  logDays: { min: 30, max: 3650 },
};

/** The fields of a change that are not a whole number of days within their limits. */
export function retentionIssues(patch: Partial<RetentionPeriods>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const field of RETENTION_FIELDS) {
    const days = patch[field];
    if (days === undefined || days === null) continue;
    const { min, max } = RETENTION_LIMITS[field];
    if (!Number.isInteger(days) || days < min || days > max) {
      issues.push({ path: field, message: `a whole number of days from ${min} to ${max}, or null to keep` });
    }
  }
  return issues;
}

const DAY_MS = 86_400_000;

/** The moment before which what a period covers is due. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** What a run removed (or, a dry run, would remove), per kind. */
export interface RetentionCounts {
  /** Photo rows removed (their files go after the commit). */
  photos: number;
  /** Photo files removed from disk (this run's and earlier runs' left over). */
  photoFiles: number;
  /** E-mails whose body and address were blanked. */
  emails: number;
  /** Final returns whose personal data was removed. */
  returns: number;
  accessLog: number;
  webhookPayloads: number;
  webhookAttempts: number;
  shopWebhooks: number;
  carrierWebhooks: number;
  syncErrors: number;
}

export const RETENTION_COUNT_KEYS = [
  'photos',
  'photoFiles',
  'emails',
  'returns',
  'accessLog',
  'webhookPayloads',
  'webhookAttempts',
  'shopWebhooks',
  'carrierWebhooks',
  'syncErrors',
] as const satisfies readonly (keyof RetentionCounts)[];

export const emptyRetentionCounts = (): RetentionCounts =>
  Object.fromEntries(RETENTION_COUNT_KEYS.map((k) => [k, 0])) as unknown as RetentionCounts;
