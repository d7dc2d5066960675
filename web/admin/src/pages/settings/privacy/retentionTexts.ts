import { texts } from '../../../i18n.js';

/** The texts of Settings › Privacy & retention. */
export const RETENTION_TEXTS = texts({
  en: {
    title: 'Retention periods',
    intro:
      'How long Retour keeps what it holds about shoppers and staff. A round removes what is past its period every hour. Leave a period empty to keep that kind of data.',
    days: 'days',
    keep: 'Empty: kept for good.',
    range: 'From {min} to {max} days (default {default}).',
    photoDays: 'Return photos',
    photoDaysHelp:
      'Photos of a return (rows and files), counted from when the return was closed, rejected, cancelled or expired and last changed; photos of a request never made, from their upload.',
    emailDays: 'E-mail bodies',
    emailDaysHelp:
      'The text and the recipient’s address of e-mails sent or kept in the mailbox. Which e-mail (template, subject, language) went for which return and when stays.',
    personalDays: 'Personal data of closed returns',
    personalDaysHelp:
      'The shopper’s comments and feedback text (also in the return’s history), messages and notes, labels and customs papers, and the name and street of the order’s shipping address. Country, postcode and city stay.',
    logDays: 'Logs',
    logDaysHelp:
      'The access log, webhook payloads and attempts, shop and carrier webhook bodies once applied, and shop sync errors.',
    kept: 'Always kept',
    keptHelp:
      'Amounts, dates and references of refunds, settlements and store credit (the bookkeeping keeps them seven years), return numbers and statuses, and the events of what happened.',
    save: 'Save',
    saved: 'Saved',
    runs: 'Last runs',
    noRuns: 'The retention round has not run yet.',
    running: 'running',
    by: 'by {who}',
    round: 'the hourly round',
    cli: 'the command line',
    removed: 'Removed {photos} photos, {emails} e-mail bodies, personal data of {returns} returns and {logs} log entries.',
    failed: 'Stopped: {error}',
  },
  nl: {
    title: 'Bewaartermijnen',
    intro:
      'Hoe lang Retour bewaart wat het over klanten en medewerkers weet. Elk uur verwijdert een ronde wat over zijn termijn is. Laat een termijn leeg om die gegevens te bewaren.',
    days: 'dagen',
    keep: 'Leeg: blijft bewaard.',
    range: 'Van {min} tot {max} dagen (standaard {default}).',
    photoDays: 'Retourfoto’s',
    photoDaysHelp:
      'Foto’s van een retour (gegevens en bestanden), gerekend vanaf het moment dat de retour gesloten, afgewezen, geannuleerd of verlopen is en voor het laatst wijzigde; foto’s van een aanvraag die nooit is gedaan vanaf het uploaden.',
    emailDays: 'Inhoud van e-mails',
    emailDaysHelp:
      'De tekst en het adres van de ontvanger van verstuurde of in de mailbox bewaarde e-mails. Welke e-mail (sjabloon, onderwerp, taal) voor welke retour wanneer ging, blijft.',
    personalDays: 'Persoonsgegevens van afgesloten retouren',
    personalDaysHelp:
      'Opmerkingen en feedback van de klant (ook in de geschiedenis van de retour), berichten en notities, labels en douanepapieren, en naam en straat van het verzendadres van de bestelling. Land, postcode en plaats blijven.',
    logDays: 'Logboeken',
    logDaysHelp:
      'Het toegangslogboek, webhook-inhoud en -pogingen, verwerkte webhooks van winkels en vervoerders, en synchronisatiefouten.',
    kept: 'Altijd bewaard',
    keptHelp:
      'Bedragen, datums en kenmerken van terugbetalingen, afrekeningen en tegoed (de boekhouding bewaart ze zeven jaar), retournummers en statussen, en de gebeurtenissen van wat er gebeurde.',
    save: 'Opslaan',
    saved: 'Opgeslagen',
    runs: 'Laatste rondes',
    noRuns: 'De bewaarronde heeft nog niet gedraaid.',
    running: 'bezig',
    by: 'door {who}',
    round: 'de ronde van elk uur',
    cli: 'de opdrachtregel',
    removed: '{photos} foto’s, {emails} e-mailteksten, persoonsgegevens van {returns} retouren en {logs} logregels verwijderd.',
    failed: 'Gestopt: {error}',
  },
});
