import type { RiskSignalCode } from '../../../../../src/domain/risk/signals.js';
import { texts } from '../../i18n.js';

/** The risk settings' texts. */
export const SETTINGS_TEXTS = texts({
  en: {
    scoreTitle: 'Where the score acts',
    reviewFrom: 'Send to a person from score',
    refundAfterReceiptFrom: 'Refund only after receipt from score',
    lawNote:
      'A score never refuses a return. Within the EU withdrawal period it can only send the return to a person; every such decision is explained on the return and can be reviewed.',
    signalsTitle: 'Signals',
    signal: 'Signal',
    enabled: 'On',
    weight: 'Weight (points at twice the threshold)',
    threshold: 'Threshold',
    weightShort: 'Weight',
    defaultIs: 'default {v}',
    otherTitle: 'Other settings',
    serialMinReturns: 'Serial returning needs at least this many earlier returns',
    velocityDays: 'Return velocity counts the last days',
    handlingCost: 'Handling cost of a return (bracketing’s cost)',
    eventsTitle: 'Event dates (wardrobing)',
    eventsNote: 'An order placed shortly before an event and sent back shortly after it counts towards wardrobing.',
    eventName: 'Event',
    eventDate: 'Date',
    yearly: 'Every year',
    daysBefore: 'Ordered up to days before',
    daysAfter: 'Returned up to days after',
    addEvent: 'Add an event date',
    removeEvent: 'Remove {name}',
    noEvents: 'No event dates.',
    save: 'Save risk settings',
    saved: 'Risk settings saved.',
    readOnly: 'Only an administrator changes these settings.',
    customised: 'This shop has changed the defaults.',
    defaults: 'This shop uses the defaults.',
  },
  nl: {
    scoreTitle: 'Waar de score op werkt',
    reviewFrom: 'Naar een medewerker vanaf score',
    refundAfterReceiptFrom: 'Pas terugbetalen na ontvangst vanaf score',
    lawNote:
      'Een score weigert nooit een retour. Binnen de Europese herroepingstermijn kan hij een retour alleen naar een medewerker sturen; elk zo’n besluit wordt op de retour uitgelegd en kan worden beoordeeld.',
    signalsTitle: 'Signalen',
    signal: 'Signaal',
    enabled: 'Aan',
    weight: 'Gewicht (punten bij twee keer de drempel)',
    threshold: 'Drempel',
    weightShort: 'Gewicht',
    defaultIs: 'standaard {v}',
    otherTitle: 'Overige instellingen',
    serialMinReturns: 'Veel retourneren vraagt minstens zoveel eerdere retouren',
    velocityDays: 'Retoursnelheid telt de laatste dagen',
    handlingCost: 'Verwerkingskosten van een retour (kosten van bracketing)',
    eventsTitle: 'Evenementen (wardrobing)',
    eventsNote: 'Een bestelling kort voor een evenement die kort erna terugkomt, telt mee voor wardrobing.',
    eventName: 'Evenement',
    eventDate: 'Datum',
    yearly: 'Elk jaar',
    daysBefore: 'Besteld tot dagen ervoor',
    daysAfter: 'Teruggestuurd tot dagen erna',
    addEvent: 'Evenement toevoegen',
    removeEvent: '{name} verwijderen',
    noEvents: 'Geen evenementen.',
    save: 'Risico-instellingen opslaan',
    saved: 'Risico-instellingen opgeslagen.',
    readOnly: 'Alleen een beheerder wijzigt deze instellingen.',
    customised: 'Deze winkel heeft de standaard aangepast.',
    defaults: 'Deze winkel gebruikt de standaard.',
  },
});

/** Signals whose strength and threshold are an amount of money (minor units on the wire). */
export const MONEY_SIGNALS: readonly RiskSignalCode[] = ['REFUND_EXPOSURE', 'HIGH_VALUE', 'ALL_SHOP_FAULT'];

/** What each signal measures, in plain words, with the unit its threshold is in. */
export const SIGNAL_DESCRIPTIONS: Record<'en' | 'nl', Record<RiskSignalCode, string>> = {
  en: {
    CUSTOMER_BLOCKED: 'The customer’s segment is blocked. Threshold: 1.',
    BLOCK_LISTED:
      'The customer, or an e-mail, address, phone or payment fingerprint of theirs, is on the block list. Threshold: 1.',
    SERIAL_RETURNING:
      'Returns, by value, this many times the shop’s own return rate (and at least the minimum of earlier returns below). Threshold: a multiple.',
    WARDROBING:
      'Items found worn or used, tags removed, or returned just after an event date, this time and before. Threshold: a count.',
    BRACKETING:
      'Several sizes or colours of one product bought and all but one sent back. A cost to the shop, not fraud. Threshold: products.',
    EMPTY_BOX: 'Parcels that arrived empty, this one and earlier ones. Threshold: a count.',
    WRONG_ITEM: 'Items that came back as another item (wrong or swapped), this time and before. Threshold: a count.',
    LINKED_ACCOUNTS:
      'Other customers share an address, phone, e-mail, payment fingerprint, device or IP; their highest score counts. Threshold: a score.',
    RETURN_VELOCITY: 'Returns asked in the last days (see below), this one included. Threshold: a count.',
    LOOKUP_VELOCITY: 'Different orders looked up from one device or IP in the last hour. Threshold: a count.',
    REFUND_EXPOSURE: 'Money refunded before the goods arrived and still not received. Threshold: an amount.',
    HIGH_VALUE: 'What the items asked back were paid. Threshold: an amount.',
    ALL_SHOP_FAULT: 'Every reason blames the shop on an expensive return. Threshold: an amount.',
    TRUSTED_SEGMENT: 'A VIP or an employee: counts down with a negative weight. Threshold: 1.',
  },
  nl: {
    CUSTOMER_BLOCKED: 'Het segment van de klant is geblokkeerd. Drempel: 1.',
    BLOCK_LISTED:
      'De klant, of een e-mailadres, adres, telefoonnummer of betaalkenmerk van de klant, staat op de blokkeerlijst. Drempel: 1.',
    SERIAL_RETURNING:
      'Stuurt naar waarde zoveel keer het eigen retourpercentage van de winkel terug (en minstens het minimum aan eerdere retouren hieronder). Drempel: een veelvoud.',
    WARDROBING:
      'Artikelen gedragen of gebruikt, labels verwijderd, of teruggestuurd vlak na een evenement, nu en eerder. Drempel: een aantal.',
    BRACKETING:
      'Meerdere maten of kleuren van één product gekocht en op één na teruggestuurd. Kosten voor de winkel, geen fraude. Drempel: producten.',
    EMPTY_BOX: 'Pakketten die leeg aankwamen, dit en eerdere. Drempel: een aantal.',
    WRONG_ITEM: 'Artikelen die als een ander artikel terugkwamen (verkeerd of verwisseld), nu en eerder. Drempel: een aantal.',
    LINKED_ACCOUNTS:
      'Andere klanten delen een adres, telefoon, e-mail, betaalkenmerk, apparaat of IP; hun hoogste score telt. Drempel: een score.',
    RETURN_VELOCITY: 'Retouren aangevraagd in de laatste dagen (zie hieronder), deze meegeteld. Drempel: een aantal.',
    LOOKUP_VELOCITY: 'Verschillende bestellingen opgezocht vanaf één apparaat of IP in het laatste uur. Drempel: een aantal.',
    REFUND_EXPOSURE: 'Terugbetaald voordat de goederen binnen waren en nog steeds niet ontvangen. Drempel: een bedrag.',
    HIGH_VALUE: 'Wat voor de teruggevraagde artikelen is betaald. Drempel: een bedrag.',
    ALL_SHOP_FAULT: 'Elke reden ligt bij de winkel bij een dure retour. Drempel: een bedrag.',
    TRUSTED_SEGMENT: 'Een VIP of medewerker: telt af met een negatief gewicht. Drempel: 1.',
  },
};
