import type { Locale } from './i18n.js';

/** What the policy page says of how long the shop keeps what shoppers give it. */
const TEXTS = {
  title: {
    nl: 'Hoe lang we je gegevens bewaren',
    en: 'How long we keep your data',
    de: 'Wie lange wir Ihre Daten aufbewahren',
    fr: 'Combien de temps nous conservons vos données',
  },
  photoDays: {
    nl: 'Foto’s van een retour: {days} dagen nadat de retour is afgerond.',
    en: 'Photos of a return: {days} days after the return was completed.',
    de: 'Fotos einer Rücksendung: {days} Tage nach Abschluss der Rücksendung.',
    fr: 'Photos d’un retour : {days} jours après la clôture du retour.',
  },
  emailDays: {
    nl: 'De inhoud van e-mails die we je sturen: {days} dagen.',
    en: 'The content of e-mails we send you: {days} days.',
    de: 'Der Inhalt der E-Mails, die wir Ihnen senden: {days} Tage.',
    fr: 'Le contenu des e-mails que nous vous envoyons : {days} jours.',
  },
  personalDays: {
    nl: 'Je opmerkingen, berichten en adres bij een retour: {days} dagen nadat de retour is afgerond.',
    en: 'Your comments, messages and address with a return: {days} days after the return was completed.',
    de: 'Ihre Kommentare, Nachrichten und Adresse zu einer Rücksendung: {days} Tage nach Abschluss der Rücksendung.',
    fr: 'Vos commentaires, messages et adresse liés à un retour : {days} jours après la clôture du retour.',
  },
  bookkeeping: {
    nl: 'Bedragen en datums van terugbetalingen bewaren we zo lang de wet dat voor de boekhouding vraagt.',
    en: 'Amounts and dates of refunds are kept as long as the law requires for the bookkeeping.',
    de: 'Beträge und Daten von Erstattungen bewahren wir so lange auf, wie es das Gesetz für die Buchhaltung verlangt.',
    fr: 'Les montants et dates des remboursements sont conservés aussi longtemps que la loi l’exige pour la comptabilité.',
  },
} satisfies Record<string, Record<Locale, string>>;

export function retentionText(locale: Locale, key: keyof typeof TEXTS, days?: number): string {
  return TEXTS[key][locale].replace('{days}', String(days ?? ''));
}
