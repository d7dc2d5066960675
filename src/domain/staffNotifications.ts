import type { Permission } from './access.js';
import { fillTemplate } from './template.js';

/**
 * What the back office is told to act on, and who may see it: each kind goes to the roles that can
 * do something about it.
 */
export const STAFF_NOTIFICATION_KINDS = {
  review_needed: 'returns.review',
  refund_overdue: 'returns.settle',
  refund_failed: 'returns.settle',
  webhook_dead: 'webhooks.manage',
  endpoint_disabled: 'webhooks.manage',
  email_failed: 'emails.resend',
  rule_matched: 'returns.read',
  payment_link_failed: 'returns.settle',
  automation_failed: 'automation.manage',
  label_failed: 'returns.review',
  parcel_trouble: 'returns.review',
  parcel_stalled: 'returns.review',
  sync_failed: 'connections.manage',
} as const satisfies Record<string, Permission>;

export type StaffNotificationKind = keyof typeof STAFF_NOTIFICATION_KINDS;

export function isStaffNotificationKind(value: unknown): value is StaffNotificationKind {
  return typeof value === 'string' && value in STAFF_NOTIFICATION_KINDS;
}

export type StaffLang = 'en' | 'nl';

const TITLES: Record<StaffLang, Record<StaffNotificationKind, string>> = {
  en: {
    review_needed: 'Return {number} waits for a review',
    refund_overdue: 'The refund of return {number} is overdue (due {due})',
    refund_failed: 'The refund of return {number} was refused: {error}',
    webhook_dead: 'A webhook ({event}) to {url} gave up: {error}',
    endpoint_disabled: 'Webhook endpoint {url} was switched off: {error}',
    email_failed: 'The e-mail "{subject}" to {recipient} could not be sent: {error}',
    rule_matched: 'Return {number} — {rule}: {message}',
    payment_link_failed: 'No payment link for exchange {exchange} (return {number}): {error}',
    automation_failed: 'The automation rules for {event} of return {number} could not run',
    label_failed: 'No {carrier} label for return {number}: {error}',
    parcel_trouble: 'The parcel of return {number} ({trackingNumber}): {description}',
    parcel_stalled: 'The parcel of return {number} ({trackingNumber}) has not moved for {workingDays} working days: lost?',
    sync_failed: 'The {platform} connection "{connection}" could not sync: {error}',
  },
  nl: {
    review_needed: 'Retour {number} wacht op beoordeling',
    refund_overdue: 'De terugbetaling van retour {number} is te laat (uiterlijk {due})',
    refund_failed: 'De terugbetaling van retour {number} is geweigerd: {error}',
    webhook_dead: 'Een webhook ({event}) naar {url} is opgegeven: {error}',
    endpoint_disabled: 'Webhook-endpoint {url} is uitgezet: {error}',
    email_failed: 'De e-mail "{subject}" aan {recipient} kon niet worden verstuurd: {error}',
    rule_matched: 'Retour {number} — {rule}: {message}',
    payment_link_failed: 'Geen betaallink voor ruil {exchange} (retour {number}): {error}',
    automation_failed: 'De automatiseringsregels voor {event} van retour {number} konden niet lopen',
    label_failed: 'Geen {carrier}-label voor retour {number}: {error}',
    parcel_trouble: 'Het pakket van retour {number} ({trackingNumber}): {description}',
    parcel_stalled: 'Het pakket van retour {number} ({trackingNumber}) beweegt al {workingDays} werkdagen niet: kwijt?',
    sync_failed: 'De {platform}-koppeling "{connection}" kon niet synchroniseren: {error}',
  },
};

/** The one line that says what happened; a fact not known shows as a dash. */
export function staffNotificationTitle(kind: StaffNotificationKind, lang: StaffLang, facts: Record<string, unknown>): string {
  return fillTemplate(TITLES[lang][kind], facts, '—');
}

/** Where in the back office (under /admin) to act on it. */
export function staffNotificationPath(kind: StaffNotificationKind, n: { returnId: string | null; subjectId: string }): string {
  if (n.returnId) return `/returns/${n.returnId}`;
  if (kind === 'email_failed') return `/mail/${n.subjectId}`;
  if (kind === 'sync_failed') return `/settings/connections/${n.subjectId}`;
  return '/settings/webhooks';
}
