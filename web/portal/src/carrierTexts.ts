import type { TrackingState } from '../../../src/domain/tracking.js';
import type { Locale } from './i18n.js';

/** The words of sending a return with a carrier (drop-off points, boxes, pickups, the carrier's
 * label or QR code and its tracking) in the portal's four languages. */
const texts = {
  partner: {
    nl: 'Afgeven bij een pakketpunt of kluis',
    en: 'Drop off at a parcel point or locker',
    de: 'Abgabe an einer Paketstation oder einem Paketshop',
    fr: 'Dépôt en point relais ou consigne',
  },
  partnerHow: {
    nl: 'Kies een pakketpunt of pakketkluis bij jou in de buurt en lever het pakket daar in.',
    en: 'Choose a parcel point or locker near you and hand the parcel in there.',
    de: 'Wählen Sie eine Paketstation oder einen Paketshop in Ihrer Nähe und geben Sie das Paket dort ab.',
    fr: 'Choisissez un point relais ou une consigne près de chez vous et déposez-y le colis.',
  },
  pointTitle: {
    nl: 'Waar lever je het in?',
    en: 'Where will you drop it off?',
    de: 'Wo geben Sie es ab?',
    fr: 'Où le déposez-vous ?',
  },
  postcode: { nl: 'Postcode', en: 'Postcode', de: 'Postleitzahl', fr: 'Code postal' },
  houseNumber: { nl: 'Huisnummer', en: 'House number', de: 'Hausnummer', fr: 'Numéro' },
  searchPoints: { nl: 'Zoek punten', en: 'Find points', de: 'Punkte suchen', fr: 'Chercher' },
  pointsLoading: {
    nl: 'Punten in de buurt zoeken…',
    en: 'Looking for points nearby…',
    de: 'Punkte in der Nähe werden gesucht…',
    fr: 'Recherche de points à proximité…',
  },
  pointsEmpty: {
    nl: 'Geen punten gevonden bij deze postcode. Probeer een andere postcode.',
    en: 'No points found near this postcode. Try another postcode.',
    de: 'Keine Punkte bei dieser Postleitzahl gefunden. Versuchen Sie eine andere.',
    fr: 'Aucun point trouvé près de ce code postal. Essayez un autre code postal.',
  },
  pointsFound: {
    nl: '{count} punten gevonden, dichtstbijzijnde eerst.',
    en: '{count} points found, nearest first.',
    de: '{count} Punkte gefunden, die nächsten zuerst.',
    fr: '{count} points trouvés, les plus proches d’abord.',
  },
  carrierDown: {
    nl: 'De vervoerder is nu niet bereikbaar. Probeer het opnieuw, of kies een andere manier.',
    en: 'The carrier cannot be reached right now. Try again, or choose another way.',
    de: 'Der Versanddienstleister ist gerade nicht erreichbar. Versuchen Sie es erneut oder wählen Sie einen anderen Weg.',
    fr: 'Le transporteur est injoignable pour le moment. Réessayez ou choisissez un autre moyen.',
  },
  tryAgain: { nl: 'Opnieuw proberen', en: 'Try again', de: 'Erneut versuchen', fr: 'Réessayer' },
  locker: { nl: 'Kluis', en: 'Locker', de: 'Packstation', fr: 'Consigne' },
  postOffice: { nl: 'Postkantoor', en: 'Post office', de: 'Postfiliale', fr: 'Bureau de poste' },
  away: { nl: '{distance} hiervandaan', en: '{distance} away', de: '{distance} entfernt', fr: 'à {distance}' },
  openToday: {
    nl: 'Vandaag open {hours}',
    en: 'Open today {hours}',
    de: 'Heute geöffnet {hours}',
    fr: 'Ouvert aujourd’hui {hours}',
  },
  closedToday: {
    nl: 'Vandaag gesloten; weer open {day} {hours}',
    en: 'Closed today; open again {day} {hours}',
    de: 'Heute geschlossen; wieder geöffnet {day} {hours}',
    fr: 'Fermé aujourd’hui ; rouvre {day} {hours}',
  },
  choosePoint: {
    nl: 'Kies een punt om het pakket in te leveren.',
    en: 'Choose a point to drop the parcel off.',
    de: 'Wählen Sie einen Punkt für die Abgabe des Pakets.',
    fr: 'Choisissez un point pour déposer le colis.',
  },
  boxes: { nl: 'Hoeveel dozen?', en: 'How many boxes?', de: 'Wie viele Pakete?', fr: 'Combien de colis ?' },
  boxesHint: {
    nl: 'Elke doos krijgt een eigen label of code.',
    en: 'Each box gets its own label or code.',
    de: 'Jedes Paket bekommt ein eigenes Etikett oder einen eigenen Code.',
    fr: 'Chaque colis reçoit sa propre étiquette ou son propre code.',
  },
  labelFollows: {
    nl: 'Je label volgt per e-mail. Zodra de vervoerder het klaar heeft, staat het ook hier.',
    en: 'Your label will follow by e-mail. As soon as the carrier has it ready, it shows here too.',
    de: 'Ihr Etikett folgt per E-Mail. Sobald der Versanddienstleister es bereit hat, erscheint es auch hier.',
    fr: 'Votre étiquette suivra par e-mail. Dès que le transporteur l’a préparée, elle s’affiche aussi ici.',
  },
  labelFailed: {
    nl: 'Het label kon niet worden gemaakt. We nemen contact met je op.',
    en: 'The label could not be made. We will get in touch with you.',
    de: 'Das Etikett konnte nicht erstellt werden. Wir melden uns bei Ihnen.',
    fr: 'L’étiquette n’a pas pu être créée. Nous vous contacterons.',
  },
  carrierQrAlt: {
    nl: 'QR-code van de vervoerder voor retour {number}',
    en: "The carrier's QR code for return {number}",
    de: 'QR-Code des Versanddienstleisters für Rücksendung {number}',
    fr: 'Code QR du transporteur pour le retour {number}',
  },
  showCarrierQr: {
    nl: 'Laat deze code zien bij het punt; daar printen ze het label.',
    en: 'Show this code at the point; they print the label there.',
    de: 'Zeigen Sie diesen Code am Punkt; dort wird das Etikett gedruckt.',
    fr: 'Montrez ce code au point ; l’étiquette y est imprimée.',
  },
  downloadCarrierLabel: {
    nl: 'Label van de vervoerder downloaden',
    en: "Download the carrier's label",
    de: 'Etikett des Versanddienstleisters herunterladen',
    fr: 'Télécharger l’étiquette du transporteur',
  },
  downloadBoxLabel: {
    nl: 'Label van doos {box} downloaden',
    en: 'Download the label of box {box}',
    de: 'Etikett von Paket {box} herunterladen',
    fr: 'Télécharger l’étiquette du colis {box}',
  },
  downloadBoxQr: {
    nl: 'QR-code van doos {box} downloaden',
    en: 'Download the QR code of box {box}',
    de: 'QR-Code von Paket {box} herunterladen',
    fr: 'Télécharger le code QR du colis {box}',
  },
  dropOffAt: { nl: 'Inleveren bij', en: 'Drop off at', de: 'Abgabe bei', fr: 'Dépôt à' },
  pickupConfirmed: {
    nl: 'Ophalen bevestigd: {slot}',
    en: 'Pickup confirmed: {slot}',
    de: 'Abholung bestätigt: {slot}',
    fr: 'Enlèvement confirmé : {slot}',
  },
  pickupCancelled: {
    nl: 'Het ophalen is geannuleerd. Kies een nieuw moment of stuur het op een andere manier.',
    en: 'The pickup is cancelled. Choose a new time or send it another way.',
    de: 'Die Abholung ist storniert. Wählen Sie einen neuen Termin oder senden Sie es anders.',
    fr: 'L’enlèvement est annulé. Choisissez un nouveau créneau ou renvoyez-le autrement.',
  },
  changeUntil: {
    nl: 'Wijzigen of annuleren kan tot {date}.',
    en: 'You can change or cancel it until {date}.',
    de: 'Ändern oder stornieren können Sie bis {date}.',
    fr: 'Vous pouvez modifier ou annuler jusqu’au {date}.',
  },
  changePickup: { nl: 'Ander moment', en: 'Change time', de: 'Termin ändern', fr: 'Changer de créneau' },
  cancelPickup: { nl: 'Ophalen annuleren', en: 'Cancel pickup', de: 'Abholung stornieren', fr: 'Annuler l’enlèvement' },
  savePickup: { nl: 'Bewaren', en: 'Save', de: 'Speichern', fr: 'Enregistrer' },
  tracking: { nl: 'Waar is je pakket?', en: 'Where is your parcel?', de: 'Wo ist Ihr Paket?', fr: 'Où est votre colis ?' },
  box: { nl: 'Doos {n}', en: 'Box {n}', de: 'Paket {n}', fr: 'Colis {n}' },
  followCarrier: {
    nl: 'Volgen bij de vervoerder',
    en: 'Follow with the carrier',
    de: 'Beim Versanddienstleister verfolgen',
    fr: 'Suivre chez le transporteur',
  },
  'state.label_created': { nl: 'Label gemaakt', en: 'Label created', de: 'Etikett erstellt', fr: 'Étiquette créée' },
  'state.handed_in': { nl: 'Ingeleverd', en: 'Handed in', de: 'Abgegeben', fr: 'Déposé' },
  'state.in_transit': { nl: 'Onderweg', en: 'On its way', de: 'Unterwegs', fr: 'En route' },
  'state.at_pickup_point': {
    nl: 'Bij een afhaalpunt',
    en: 'At a pickup point',
    de: 'An einem Abholpunkt',
    fr: 'En point relais',
  },
  'state.delivered': { nl: 'Aangekomen bij ons', en: 'Arrived with us', de: 'Bei uns angekommen', fr: 'Arrivé chez nous' },
  'state.exception': { nl: 'Probleem onderweg', en: 'Problem on the way', de: 'Problem unterwegs', fr: 'Problème en route' },
  'state.returned_to_sender': {
    nl: 'Terug naar jou gestuurd',
    en: 'Sent back to you',
    de: 'An Sie zurückgeschickt',
    fr: 'Renvoyé chez vous',
  },
  'state.cancelled': { nl: 'Label geannuleerd', en: 'Label cancelled', de: 'Etikett storniert', fr: 'Étiquette annulée' },
  'state.unknown': {
    nl: 'Bericht van de vervoerder',
    en: 'News from the carrier',
    de: 'Nachricht des Versanddienstleisters',
    fr: 'Information du transporteur',
  },
} as const;

export type CarrierTextKey = keyof typeof texts;

export function ct(locale: Locale, key: CarrierTextKey, values: Record<string, string | number> = {}): string {
  return texts[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

export function trackingStateText(locale: Locale, state: TrackingState): string {
  return ct(locale, `state.${state}`);
}

const REGION: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB', de: 'de-DE', fr: 'fr-FR' };

/** "350 m" or "1.2 km", as people read distances. */
export function distanceText(locale: Locale, meters: number): string {
  if (meters < 1000) return `${Math.round(meters / 10) * 10} m`;
  return `${new Intl.NumberFormat(REGION[locale], { maximumFractionDigits: 1 }).format(meters / 1000)} km`;
}

/** The name of a weekday (0 = Monday), in the shopper's language. */
export function weekdayName(locale: Locale, day: number): string {
  // 5 January 2026 was a Monday.
  return new Intl.DateTimeFormat(REGION[locale], { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2026, 0, 5 + day)),
  );
}
