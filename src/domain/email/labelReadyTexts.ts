import type { ShopperLocale } from '../policy/messages.js';

/** The e-mail that brings the carrier's label or QR code once the carrier booked the parcel. */
// Shaped like emailTexts' KindTexts, which lists these with every other kind's.
export const LABEL_READY_TEXTS: Record<ShopperLocale, { subject: string; heading: string; body: string }> = {
  en: {
    subject: 'Your return label for return {number}',
    heading: 'Your return label is ready',
    body: 'The carrier has booked your return parcel: here is what you need to send it.',
  },
  nl: {
    subject: 'Je retourlabel voor retour {number}',
    heading: 'Je retourlabel staat klaar',
    body: 'De vervoerder heeft je retourpakket aangemeld: hier is wat je nodig hebt om het te versturen.',
  },
  de: {
    subject: 'Ihr Rücksendeetikett für Retoure {number}',
    heading: 'Ihr Rücksendeetikett ist da',
    body: 'Der Versanddienstleister hat Ihr Rücksendepaket angemeldet: Hier ist alles, was Sie zum Versand brauchen.',
  },
  fr: {
    subject: 'Votre étiquette de retour pour le retour {number}',
    heading: 'Votre étiquette de retour est prête',
    body: 'Le transporteur a enregistré votre colis retour : voici ce qu’il vous faut pour l’envoyer.',
  },
};

/** What the carrier's e-mails say about the label, the drop-off point, the pickup and tracking. */
export interface CarrierTexts {
  labelAttached: string;
  labelAttachedZpl: string;
  qrAttached: string;
  dropOffAt: string;
  pickupBooked: string;
  trackingLink: string;
  /** In the approval e-mail while the carrier is still booking the parcel. */
  labelFollows: string;
}

export const CARRIER_TEXTS: Record<ShopperLocale, CarrierTexts> = {
  en: {
    labelAttached: "The carrier's label is attached: print it, stick it on the parcel and hand it in at a drop-off point.",
    labelAttachedZpl: 'Your label is on your return page: print it and stick it on the parcel.',
    qrAttached: 'No printer needed: show the attached QR code at the drop-off point and they print the label for you.',
    dropOffAt: 'Drop-off point you chose: {point}.',
    pickupBooked: 'The carrier picks the parcel up at your address between {from} and {to} (confirmation {confirmation}).',
    trackingLink: 'Follow your parcel: {url}',
    labelFollows: 'The carrier is preparing your return label; it follows in a separate e-mail shortly.',
  },
  nl: {
    labelAttached:
      'Het label van de vervoerder zit in de bijlage: print het, plak het op het pakket en lever het in bij een inleverpunt.',
    labelAttachedZpl: 'Je label staat op je retourpagina: print het en plak het op het pakket.',
    qrAttached: 'Geen printer nodig: laat de QR-code in de bijlage zien bij het inleverpunt, daar printen ze het label.',
    dropOffAt: 'Gekozen inleverpunt: {point}.',
    pickupBooked: 'De vervoerder haalt het pakket op je adres op tussen {from} en {to} (bevestiging {confirmation}).',
    trackingLink: 'Volg je pakket: {url}',
    labelFollows: 'De vervoerder maakt je retourlabel klaar; je krijgt het zo in een aparte e-mail.',
  },
  de: {
    labelAttached:
      'Das Etikett des Versanddienstleisters ist angehängt: Drucken Sie es aus, kleben Sie es auf das Paket und geben Sie es an einer Annahmestelle ab.',
    labelAttachedZpl: 'Ihr Etikett finden Sie auf Ihrer Retourenseite: Drucken Sie es aus und kleben Sie es auf das Paket.',
    qrAttached: 'Kein Drucker nötig: Zeigen Sie den angehängten QR-Code an der Annahmestelle, dort wird das Etikett gedruckt.',
    dropOffAt: 'Gewählte Annahmestelle: {point}.',
    pickupBooked: 'Der Versanddienstleister holt das Paket zwischen {from} und {to} bei Ihnen ab (Bestätigung {confirmation}).',
    trackingLink: 'Sendungsverfolgung: {url}',
    labelFollows: 'Der Versanddienstleister erstellt Ihr Rücksendeetikett; es kommt in Kürze in einer eigenen E-Mail.',
  },
  fr: {
    labelAttached:
      'L’étiquette du transporteur est jointe : imprimez-la, collez-la sur le colis et déposez-le dans un point relais.',
    labelAttachedZpl: 'Votre étiquette est sur votre page de retour : imprimez-la et collez-la sur le colis.',
    qrAttached: 'Pas besoin d’imprimante : montrez le QR code joint au point relais, qui imprimera l’étiquette.',
    dropOffAt: 'Point relais choisi : {point}.',
    pickupBooked: 'Le transporteur enlève le colis à votre adresse entre {from} et {to} (confirmation {confirmation}).',
    trackingLink: 'Suivez votre colis : {url}',
    labelFollows: 'Le transporteur prépare votre étiquette de retour ; elle suit sous peu dans un e-mail séparé.',
  },
};
