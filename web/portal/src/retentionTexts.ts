import type { Locale } from './i18n.js';

/** What the policy page says of how long the shop keeps what it holds of shoppers: each line names
 * exactly what the retention round removes (docs/retention.md) and what it leaves, so the page
 * never promises more than happens. */
const TEXTS = {
  title: {
    nl: 'Hoe lang we je gegevens bewaren',
    en: 'How long we keep your data',
    de: 'Wie lange wir Ihre Daten aufbewahren',
    fr: 'Combien de temps nous conservons vos données',
  },
  photoDays: {
    nl: {
      what: 'Foto’s die je bij een retour toevoegt',
      after: 'verwijderd {days} dagen nadat de retour is afgerond, of na het uploaden als je de aanvraag niet hebt verstuurd',
      kept: 'bewaard tot je ons vraagt ze te wissen',
    },
    en: {
      what: 'Photos you add to a return',
      after: 'deleted {days} days after the return was completed, or after uploading if you did not send the request',
      kept: 'kept until you ask us to erase them',
    },
    de: {
      what: 'Fotos, die Sie einer Rücksendung hinzufügen',
      after:
        'gelöscht {days} Tage nach Abschluss der Rücksendung, oder nach dem Hochladen, wenn Sie die Anfrage nicht abgeschickt haben',
      kept: 'aufbewahrt, bis Sie uns um Löschung bitten',
    },
    fr: {
      what: 'Les photos que vous ajoutez à un retour',
      after:
        'supprimées {days} jours après la clôture du retour, ou après leur téléversement si vous n’avez pas envoyé la demande',
      kept: 'conservées jusqu’à ce que vous nous demandiez de les effacer',
    },
  },
  emailDays: {
    nl: {
      what: 'De tekst van e-mails die we je sturen en het adres waarheen ze gingen',
      after: 'verwijderd {days} dagen na verzending (het onderwerp en wanneer ze verstuurd zijn blijven bewaard)',
      kept: 'bewaard tot je ons vraagt ze te wissen',
    },
    en: {
      what: 'The text of e-mails we send you and the address they went to',
      after: 'deleted {days} days after sending (the subject and when they were sent stay)',
      kept: 'kept until you ask us to erase them',
    },
    de: {
      what: 'Der Text der E-Mails, die wir Ihnen senden, und die Adresse, an die sie gingen',
      after: 'gelöscht {days} Tage nach dem Versand (Betreff und Versandzeit bleiben)',
      kept: 'aufbewahrt, bis Sie uns um Löschung bitten',
    },
    fr: {
      what: 'Le texte des e-mails que nous vous envoyons et l’adresse à laquelle ils sont partis',
      after: 'supprimés {days} jours après l’envoi (l’objet et la date d’envoi sont conservés)',
      kept: 'conservés jusqu’à ce que vous nous demandiez de les effacer',
    },
  },
  personalDays: {
    nl: {
      what: 'Je opmerkingen, berichten en beoordeling bij een retour, de verzendlabels, en naam, straat en telefoonnummer van het bezorgadres',
      after: 'verwijderd {days} dagen nadat de retour is afgerond (postcode, plaats en land blijven)',
      kept: 'bewaard tot je ons vraagt ze te wissen',
    },
    en: {
      what: 'Your comments, messages and review with a return, its shipping labels, and the name, street and phone number of the delivery address',
      after: 'deleted {days} days after the return was completed (postcode, city and country stay)',
      kept: 'kept until you ask us to erase them',
    },
    de: {
      what: 'Ihre Kommentare, Nachrichten und Bewertung zu einer Rücksendung, die Versandetiketten sowie Name, Straße und Telefonnummer der Lieferadresse',
      after: 'gelöscht {days} Tage nach Abschluss der Rücksendung (Postleitzahl, Ort und Land bleiben)',
      kept: 'aufbewahrt, bis Sie uns um Löschung bitten',
    },
    fr: {
      what: 'Vos commentaires, messages et avis liés à un retour, ses étiquettes d’expédition, ainsi que le nom, la rue et le téléphone de l’adresse de livraison',
      after: 'supprimés {days} jours après la clôture du retour (le code postal, la ville et le pays sont conservés)',
      kept: 'conservés jusqu’à ce que vous nous demandiez de les effacer',
    },
  },
  logDays: {
    nl: {
      what: 'Registraties van wie bij de winkel je gegevens heeft bekeken, en kopieën van berichten over je retour die met de systemen van de winkel en vervoerders zijn uitgewisseld',
      after: 'verwijderd na {days} dagen',
      kept: 'bewaard tot je ons vraagt ze te wissen',
    },
    en: {
      what: 'Records of who at the shop opened your details, and copies of messages about your return exchanged with the shop’s and carriers’ systems',
      after: 'deleted after {days} days',
      kept: 'kept until you ask us to erase them',
    },
    de: {
      what: 'Aufzeichnungen, wer im Shop Ihre Daten geöffnet hat, und Kopien von Nachrichten zu Ihrer Rücksendung, die mit den Systemen des Shops und der Versanddienste ausgetauscht wurden',
      after: 'gelöscht nach {days} Tagen',
      kept: 'aufbewahrt, bis Sie uns um Löschung bitten',
    },
    fr: {
      what: 'Les traces de qui, dans la boutique, a consulté vos données, et les copies des messages sur votre retour échangés avec les systèmes de la boutique et des transporteurs',
      after: 'supprimées après {days} jours',
      kept: 'conservées jusqu’à ce que vous nous demandiez de les effacer',
    },
  },
} satisfies Record<string, Record<Locale, unknown>>;

/** Lines that no period covers. */
const ALWAYS = {
  contact: {
    nl: 'Je naam, e-mailadres en telefoonnummer bij je bestellingen en klantgegevens, en postcode, plaats en land van het bezorgadres, bewaren we tot je ons vraagt ze te wissen.',
    en: 'Your name, e-mail address and phone number with your orders and customer details, and the postcode, city and country of the delivery address, are kept until you ask us to erase them.',
    de: 'Ihren Namen, Ihre E-Mail-Adresse und Telefonnummer zu Ihren Bestellungen und Kundendaten sowie Postleitzahl, Ort und Land der Lieferadresse bewahren wir auf, bis Sie uns um Löschung bitten.',
    fr: 'Vos nom, adresse e-mail et téléphone liés à vos commandes et à vos données client, ainsi que le code postal, la ville et le pays de l’adresse de livraison, sont conservés jusqu’à ce que vous nous demandiez de les effacer.',
  },
  bookkeeping: {
    nl: 'Bedragen en datums van terugbetalingen bewaren we zo lang de wet dat voor de boekhouding vraagt.',
    en: 'Amounts and dates of refunds are kept as long as the law requires for the bookkeeping.',
    de: 'Beträge und Daten von Erstattungen bewahren wir so lange auf, wie es das Gesetz für die Buchhaltung verlangt.',
    fr: 'Les montants et dates des remboursements sont conservés aussi longtemps que la loi l’exige pour la comptabilité.',
  },
} satisfies Record<string, Record<Locale, string>>;

export type RetentionKind = 'photoDays' | 'emailDays' | 'personalDays' | 'logDays';
export const RETENTION_KINDS: readonly RetentionKind[] = ['photoDays', 'emailDays', 'personalDays', 'logDays'];

/** One kind's line: what it covers and when it goes, or that it is kept (period null). */
export function retentionLine(locale: Locale, kind: RetentionKind, days: number | null): string {
  const text = TEXTS[kind][locale];
  const when = days === null ? text.kept : text.after.replace('{days}', String(days));
  return `${text.what}${locale === 'fr' ? ' : ' : ': '}${when}.`;
}

export function retentionText(locale: Locale, key: 'title' | keyof typeof ALWAYS): string {
  return key === 'title' ? TEXTS.title[locale] : ALWAYS[key][locale];
}
