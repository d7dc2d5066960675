import { SHOPPER_LOCALES } from '../../../src/domain/policy/messages.js';

/** The portal's own texts in its four languages; explanations of policy decisions come from the
 * server in the same language. */

/** The languages a shop can serve shoppers in, as the server defines them. */
export const LOCALES = SHOPPER_LOCALES;
export type Locale = (typeof LOCALES)[number];

const texts = {
  title: { nl: 'Artikel retourneren', en: 'Return an item', de: 'Artikel zurücksenden', fr: 'Retourner un article' },
  language: { nl: 'Taal', en: 'Language', de: 'Sprache', fr: 'Langue' },
  lookupIntro: {
    nl: 'Vul je bestelnummer in en het e-mailadres of de postcode van de bestelling.',
    en: 'Enter your order number and the e-mail address or postcode of the order.',
    de: 'Geben Sie Ihre Bestellnummer und die E-Mail-Adresse oder Postleitzahl der Bestellung ein.',
    fr: 'Saisissez votre numéro de commande et l’adresse e-mail ou le code postal de la commande.',
  },
  orderNumber: { nl: 'Bestelnummer', en: 'Order number', de: 'Bestellnummer', fr: 'Numéro de commande' },
  emailOrPostcode: {
    nl: 'E-mailadres of postcode',
    en: 'E-mail address or postcode',
    de: 'E-Mail-Adresse oder Postleitzahl',
    fr: 'Adresse e-mail ou code postal',
  },
  find: { nl: 'Bestelling zoeken', en: 'Find my order', de: 'Bestellung suchen', fr: 'Trouver ma commande' },
  searching: { nl: 'Zoeken…', en: 'Searching…', de: 'Suche…', fr: 'Recherche…' },
  notFound: {
    nl: 'We vinden geen bestelling met dit nummer en dit e-mailadres of deze postcode.',
    en: 'We cannot find an order with this number and e-mail address or postcode.',
    de: 'Wir finden keine Bestellung mit dieser Nummer und dieser E-Mail-Adresse oder Postleitzahl.',
    fr: 'Nous ne trouvons aucune commande avec ce numéro et cette adresse e-mail ou ce code postal.',
  },
  tooMany: {
    nl: 'Te veel pogingen. Probeer het over een minuut opnieuw.',
    en: 'Too many attempts. Please try again in a minute.',
    de: 'Zu viele Versuche. Bitte versuchen Sie es in einer Minute erneut.',
    fr: 'Trop de tentatives. Réessayez dans une minute.',
  },
  failed: {
    nl: 'Er ging iets mis. Probeer het opnieuw.',
    en: 'Something went wrong. Please try again.',
    de: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
    fr: 'Une erreur s’est produite. Veuillez réessayer.',
  },
  loading: { nl: 'Laden…', en: 'Loading…', de: 'Wird geladen…', fr: 'Chargement…' },
  chooseItems: {
    nl: 'Wat wil je retourneren?',
    en: 'What would you like to return?',
    de: 'Was möchten Sie zurücksenden?',
    fr: 'Que souhaitez-vous retourner ?',
  },
  nothingReturnable: {
    nl: 'Geen van de artikelen in deze bestelling kan worden geretourneerd.',
    en: 'None of the items in this order can be returned.',
    de: 'Keiner der Artikel dieser Bestellung kann zurückgesendet werden.',
    fr: 'Aucun article de cette commande ne peut être retourné.',
  },
  noImage: { nl: 'Geen afbeelding', en: 'No image', de: 'Kein Bild', fr: 'Pas d’image' },
  returnThis: {
    nl: 'Dit artikel retourneren',
    en: 'Return this item',
    de: 'Diesen Artikel zurücksenden',
    fr: 'Retourner cet article',
  },
  quantity: { nl: 'Aantal', en: 'Quantity', de: 'Menge', fr: 'Quantité' },
  reason: { nl: 'Reden', en: 'Reason', de: 'Grund', fr: 'Motif' },
  chooseReason: { nl: 'Kies een reden', en: 'Choose a reason', de: 'Grund wählen', fr: 'Choisissez un motif' },
  comment: {
    nl: 'Toelichting (optioneel)',
    en: 'Comment (optional)',
    de: 'Anmerkung (optional)',
    fr: 'Commentaire (facultatif)',
  },
  resolution: {
    nl: 'Wat wil je ervoor terug?',
    en: 'What would you like instead?',
    de: 'Was möchten Sie stattdessen?',
    fr: 'Que souhaitez-vous en retour ?',
  },
  refund: { nl: 'Geld terug', en: 'Refund', de: 'Erstattung', fr: 'Remboursement' },
  store_credit: { nl: 'Tegoed', en: 'Store credit', de: 'Guthaben', fr: 'Avoir' },
  exchange: { nl: 'Omruilen', en: 'Exchange', de: 'Umtausch', fr: 'Échange' },
  repair: { nl: 'Reparatie', en: 'Repair', de: 'Reparatur', fr: 'Réparation' },
  replacement: { nl: 'Vervanging', en: 'Replacement', de: 'Ersatz', fr: 'Remplacement' },
  bonus: { nl: 'extra', en: 'extra', de: 'extra', fr: 'en plus' },
  next: { nl: 'Verder', en: 'Continue', de: 'Weiter', fr: 'Continuer' },
  back: { nl: 'Terug', en: 'Back', de: 'Zurück', fr: 'Retour' },
  pickOne: {
    nl: 'Kies minstens één artikel met een reden.',
    en: 'Choose at least one item and give a reason.',
    de: 'Wählen Sie mindestens einen Artikel und einen Grund.',
    fr: 'Choisissez au moins un article et un motif.',
  },
  method: {
    nl: 'Hoe stuur je het terug?',
    en: 'How will you send it back?',
    de: 'Wie senden Sie es zurück?',
    fr: 'Comment le renvoyez-vous ?',
  },
  qr: {
    nl: 'QR-code, afgeven bij een servicepunt',
    en: 'QR code, drop off at a service point',
    de: 'QR-Code, Abgabe im Paketshop',
    fr: 'Code QR, dépôt en point relais',
  },
  label: {
    nl: 'Retourlabel printen',
    en: 'Print a return label',
    de: 'Rücksendeetikett drucken',
    fr: 'Imprimer une étiquette retour',
  },
  pickup: { nl: 'Thuis laten ophalen', en: 'Pickup at home', de: 'Abholung zu Hause', fr: 'Enlèvement à domicile' },
  store: { nl: 'Terugbrengen in de winkel', en: 'Return in a store', de: 'Rückgabe im Geschäft', fr: 'Retour en magasin' },
  free: { nl: 'gratis', en: 'free', de: 'kostenlos', fr: 'gratuit' },
  summary: { nl: 'Overzicht', en: 'Summary', de: 'Übersicht', fr: 'Récapitulatif' },
  itemsValue: { nl: 'Waarde van de artikelen', en: 'Value of the items', de: 'Warenwert', fr: 'Valeur des articles' },
  restockingFees: { nl: 'Verwerkingskosten', en: 'Restocking fees', de: 'Bearbeitungsgebühren', fr: 'Frais de remise en stock' },
  shippingFee: { nl: 'Retourverzending', en: 'Return shipping', de: 'Rückversand', fr: 'Frais de retour' },
  bonusTotal: { nl: 'Extra tegoed', en: 'Bonus credit', de: 'Zusätzliches Guthaben', fr: 'Avoir supplémentaire' },
  refundTotal: { nl: 'Je krijgt terug', en: 'You get back', de: 'Sie erhalten zurück', fr: 'Vous serez remboursé' },
  creditTotal: {
    nl: 'Je krijgt als tegoed',
    en: 'You get as store credit',
    de: 'Sie erhalten als Guthaben',
    fr: 'Vous recevez en avoir',
  },
  confirm: { nl: 'Retour aanmelden', en: 'Confirm return', de: 'Rücksendung anmelden', fr: 'Confirmer le retour' },
  sending: { nl: 'Bezig…', en: 'Working…', de: 'Einen Moment…', fr: 'Un instant…' },
  done: {
    nl: 'Je retour is aangemeld',
    en: 'Your return is registered',
    de: 'Ihre Rücksendung ist angemeldet',
    fr: 'Votre retour est enregistré',
  },
  returnNumber: { nl: 'Retournummer', en: 'Return number', de: 'Rücksendenummer', fr: 'Numéro de retour' },
  statusApproved: {
    nl: 'Je retour is goedgekeurd. Stuur het pakket binnen 14 dagen op.',
    en: 'Your return is approved. Please send the parcel within 14 days.',
    de: 'Ihre Rücksendung ist genehmigt. Bitte senden Sie das Paket innerhalb von 14 Tagen.',
    fr: 'Votre retour est accepté. Envoyez le colis sous 14 jours.',
  },
  statusReview: {
    nl: 'We bekijken je retour en laten je snel weten wat de volgende stap is.',
    en: 'We are reviewing your return and will let you know the next step soon.',
    de: 'Wir prüfen Ihre Rücksendung und melden uns bald mit dem nächsten Schritt.',
    fr: 'Nous examinons votre retour et vous indiquerons bientôt la suite.',
  },
  downloadLabel: {
    nl: 'Retourlabel downloaden (PDF)',
    en: 'Download return label (PDF)',
    de: 'Rücksendeetikett herunterladen (PDF)',
    fr: 'Télécharger l’étiquette retour (PDF)',
  },
  withdrawTitle: { nl: 'Herroepingsrecht', en: 'Right of withdrawal', de: 'Widerrufsrecht', fr: 'Droit de rétractation' },
  withdrawIntro: {
    nl: 'Je kunt deze koop zonder opgave van reden herroepen. Je krijgt het aankoopbedrag terug.',
    en: 'You can withdraw from this purchase without giving a reason. You get the purchase price back.',
    de: 'Sie können diesen Kauf ohne Angabe von Gründen widerrufen. Sie erhalten den Kaufpreis zurück.',
    fr: 'Vous pouvez vous rétracter de cet achat sans donner de motif. Le prix d’achat vous est remboursé.',
  },
  withdrawHere: {
    nl: 'Overeenkomst hier herroepen',
    en: 'Withdraw from contract here',
    de: 'Vertrag hier widerrufen',
    fr: 'Se rétracter du contrat ici',
  },
  withdrawConfirm: {
    nl: 'Herroeping bevestigen',
    en: 'Confirm withdrawal',
    de: 'Widerruf bestätigen',
    fr: 'Confirmer la rétractation',
  },
  withdrawItems: {
    nl: 'Kies de artikelen waarvoor je herroept. Die stuur je terug:',
    en: 'Choose the items you withdraw from. You send these back:',
    de: 'Wählen Sie die Artikel, die Sie widerrufen. Diese senden Sie zurück:',
    fr: 'Choisissez les articles dont vous vous rétractez. Vous les renverrez :',
  },
  lineRejected: { nl: 'afgewezen', en: 'rejected', de: 'abgelehnt', fr: 'refusé' },
  exchangeValue: {
    nl: 'waarde {amount}',
    en: 'worth {amount}',
    de: 'Wert {amount}',
    fr: 'valeur {amount}',
  },
  exchangeValueBonus: {
    nl: 'waarde {amount} + {bonus} ruilbonus',
    en: 'worth {amount} + {bonus} exchange bonus',
    de: 'Wert {amount} + {bonus} Umtauschbonus',
    fr: 'valeur {amount} + {bonus} de bonus d’échange',
  },
  keep: { nl: 'Houden', en: 'Keep it', de: 'Behalten', fr: 'Le garder' },
  withdrawNone: {
    nl: 'Kies minstens één artikel.',
    en: 'Choose at least one item.',
    de: 'Wählen Sie mindestens einen Artikel.',
    fr: 'Choisissez au moins un article.',
  },
  withdrawDone: {
    nl: 'Je herroeping is ontvangen',
    en: 'Your withdrawal has been received',
    de: 'Ihr Widerruf ist eingegangen',
    fr: 'Votre rétractation a été reçue',
  },
  withdrawnAt: { nl: 'Ontvangen op', en: 'Received on', de: 'Eingegangen am', fr: 'Reçue le' },
  policyLink: { nl: 'Retourbeleid', en: 'Returns policy', de: 'Rückgaberichtlinie', fr: 'Politique de retour' },
  policyWindowDelivery: {
    nl: 'Je kunt artikelen retourneren tot {days} dagen na levering.',
    en: 'You can return items up to {days} days after delivery.',
    de: 'Sie können Artikel bis {days} Tage nach der Lieferung zurücksenden.',
    fr: 'Vous pouvez retourner des articles jusqu’à {days} jours après la livraison.',
  },
  policyWindowOrder: {
    nl: 'Je kunt artikelen retourneren tot {days} dagen na je bestelling.',
    en: 'You can return items up to {days} days after your order.',
    de: 'Sie können Artikel bis {days} Tage nach der Bestellung zurücksenden.',
    fr: 'Vous pouvez retourner des articles jusqu’à {days} jours après votre commande.',
  },
  policyResolutions: {
    nl: 'Je kiest zelf wat je ervoor terugkrijgt:',
    en: 'You choose what you get instead:',
    de: 'Sie wählen, was Sie stattdessen erhalten:',
    fr: 'Vous choisissez ce que vous recevez :',
  },
  policyMethods: {
    nl: 'Zo stuur je het terug:',
    en: 'How to send it back:',
    de: 'So senden Sie es zurück:',
    fr: 'Comment le renvoyer :',
  },
  policyWaivedFault: {
    nl: 'Geen retourkosten als het artikel defect, beschadigd of verkeerd was.',
    en: 'No return costs when the item was defective, damaged or wrong.',
    de: 'Keine Rücksendekosten, wenn der Artikel defekt, beschädigt oder falsch war.',
    fr: 'Aucun frais de retour si l’article était défectueux, endommagé ou erroné.',
  },
  policyBonus: {
    nl: 'Kies je voor {resolutions}, dan krijg je {percent}% extra.',
    en: 'Choose {resolutions} and get {percent}% extra.',
    de: 'Wählen Sie {resolutions} und erhalten Sie {percent} % extra.',
    fr: 'Choisissez {resolutions} et recevez {percent} % en plus.',
  },
  policyRules: { nl: 'Bijzondere voorwaarden', en: 'Special terms', de: 'Besondere Bedingungen', fr: 'Conditions particulières' },
  policyLaw: {
    nl: 'In de EU heb je altijd 14 dagen na ontvangst van het laatste artikel om zonder opgave van reden te herroepen, met terugbetaling van het aankoopbedrag. Op maat gemaakte, bederfelijke en geopende verzegelde hygiëne- of media-artikelen zijn uitgezonderd.',
    en: 'In the EU you always have 14 days after receiving the last item to withdraw without giving a reason, with a refund of the purchase price. Made-to-measure, perishable and unsealed hygiene or media items are excluded.',
    de: 'In der EU haben Sie immer 14 Tage nach Erhalt des letzten Artikels, um ohne Angabe von Gründen zu widerrufen, mit Erstattung des Kaufpreises. Maßgefertigte, verderbliche und entsiegelte Hygiene- oder Medienartikel sind ausgenommen.',
    fr: 'Dans l’UE, vous disposez toujours de 14 jours après réception du dernier article pour vous rétracter sans motif, avec remboursement du prix d’achat. Les articles sur mesure, périssables et les articles d’hygiène ou médias descellés sont exclus.',
  },
  policyGuarantee: {
    nl: 'Is een artikel defect, dan heb je recht op reparatie, vervanging of terugbetaling onder de wettelijke garantie, ook na de retourtermijn.',
    en: 'If an item is defective you are entitled to repair, replacement or a refund under the legal guarantee, also after the return period.',
    de: 'Ist ein Artikel defekt, haben Sie im Rahmen der gesetzlichen Gewährleistung Anspruch auf Reparatur, Ersatz oder Erstattung, auch nach der Rückgabefrist.',
    fr: 'Si un article est défectueux, vous avez droit à la réparation, au remplacement ou au remboursement au titre de la garantie légale, même après le délai de retour.',
  },
  timeline: { nl: 'Verloop', en: 'Progress', de: 'Verlauf', fr: 'Suivi' },
  messages: {
    nl: 'Berichten van de winkel',
    en: 'Messages from the shop',
    de: 'Nachrichten vom Shop',
    fr: 'Messages de la boutique',
  },
  cancel: { nl: 'Retour annuleren', en: 'Cancel return', de: 'Rücksendung stornieren', fr: 'Annuler le retour' },
  cancelled: {
    nl: 'Je retour is geannuleerd.',
    en: 'Your return is cancelled.',
    de: 'Ihre Rücksendung ist storniert.',
    fr: 'Votre retour est annulé.',
  },
  'event.return.requested': {
    nl: 'Retour aangemeld',
    en: 'Return requested',
    de: 'Rücksendung angemeldet',
    fr: 'Retour demandé',
  },
  'event.return.withdrawal_declared': {
    nl: 'Herroeping ontvangen',
    en: 'Withdrawal received',
    de: 'Widerruf eingegangen',
    fr: 'Rétractation reçue',
  },
  'event.return.approved': { nl: 'Goedgekeurd', en: 'Approved', de: 'Genehmigt', fr: 'Accepté' },
  'event.return.under_review': { nl: 'In behandeling', en: 'Under review', de: 'In Prüfung', fr: 'En cours d’examen' },
  'event.return.cancelled': { nl: 'Geannuleerd', en: 'Cancelled', de: 'Storniert', fr: 'Annulé' },
  'event.exchange_order.created': {
    nl: 'Ruil gereserveerd',
    en: 'Exchange reserved',
    de: 'Umtausch reserviert',
    fr: 'Échange réservé',
  },
  'event.exchange_order.paid': {
    nl: 'Prijsverschil betaald',
    en: 'Difference paid',
    de: 'Differenz bezahlt',
    fr: 'Différence payée',
  },
  'event.exchange_order.shipped': {
    nl: 'Ruilartikel verstuurd',
    en: 'Exchange sent',
    de: 'Umtauschartikel versendet',
    fr: 'Article d’échange expédié',
  },
  'event.exchange_order.cancelled': {
    nl: 'Ruil geannuleerd',
    en: 'Exchange called off',
    de: 'Umtausch storniert',
    fr: 'Échange annulé',
  },
  'event.return.in_transit': { nl: 'Onderweg', en: 'On its way', de: 'Unterwegs', fr: 'En route' },
  'event.return.received': { nl: 'Ontvangen', en: 'Received', de: 'Eingegangen', fr: 'Reçu' },
  'event.return.inspected': { nl: 'Gecontroleerd', en: 'Inspected', de: 'Geprüft', fr: 'Contrôlé' },
  'event.return.resolved': { nl: 'Afgehandeld', en: 'Resolved', de: 'Abgeschlossen', fr: 'Traité' },
  'event.repair.opened': {
    nl: 'Reparatie toegezegd',
    en: 'Repair agreed',
    de: 'Reparatur zugesagt',
    fr: 'Réparation acceptée',
  },
  'event.repair.started': { nl: 'In reparatie', en: 'Being repaired', de: 'In Reparatur', fr: 'En réparation' },
  'event.repair.shipped_back': {
    nl: 'Gerepareerd en teruggestuurd',
    en: 'Repaired and sent back',
    de: 'Repariert und zurückgeschickt',
    fr: 'Réparé et renvoyé',
  },
  'event.repair.failed': {
    nl: 'Reparatie niet mogelijk',
    en: 'Could not be repaired',
    de: 'Reparatur nicht möglich',
    fr: 'Réparation impossible',
  },
  until: { nl: 'Retourneren kan tot', en: 'Returnable until', de: 'Rückgabe bis', fr: 'Retour possible jusqu’au' },
  keepItem: {
    nl: 'Je mag dit artikel houden.',
    en: 'You may keep this item.',
    de: 'Sie dürfen diesen Artikel behalten.',
    fr: 'Vous pouvez garder cet article.',
  },
  photos: { nl: "Foto's", en: 'Photos', de: 'Fotos', fr: 'Photos' },
  photoHint: {
    nl: 'Voeg een foto van het artikel toe (JPEG, PNG of WebP, maximaal 10 MB).',
    en: 'Add a photo of the item (JPEG, PNG or WebP, at most 10 MB).',
    de: 'Fügen Sie ein Foto des Artikels hinzu (JPEG, PNG oder WebP, höchstens 10 MB).',
    fr: 'Ajoutez une photo de l’article (JPEG, PNG ou WebP, 10 Mo maximum).',
  },
  photoRequired: {
    nl: 'Voeg bij dit artikel minstens één foto toe.',
    en: 'Add at least one photo for this item.',
    de: 'Fügen Sie für diesen Artikel mindestens ein Foto hinzu.',
    fr: 'Ajoutez au moins une photo pour cet article.',
  },
  photoTooLarge: {
    nl: 'Deze foto is groter dan 10 MB.',
    en: 'This photo is larger than 10 MB.',
    de: 'Dieses Foto ist größer als 10 MB.',
    fr: 'Cette photo dépasse 10 Mo.',
  },
  photoType: {
    nl: 'Gebruik een foto in JPEG, PNG of WebP.',
    en: 'Use a JPEG, PNG or WebP photo.',
    de: 'Verwenden Sie ein Foto im Format JPEG, PNG oder WebP.',
    fr: 'Utilisez une photo JPEG, PNG ou WebP.',
  },
  photoUnreadable: {
    nl: 'Deze foto kunnen we niet lezen.',
    en: 'We cannot read this photo.',
    de: 'Dieses Foto können wir nicht lesen.',
    fr: 'Nous ne pouvons pas lire cette photo.',
  },
  addPhoto: { nl: 'Foto toevoegen', en: 'Add photo', de: 'Foto hinzufügen', fr: 'Ajouter une photo' },
  removePhoto: { nl: 'Foto {n} verwijderen', en: 'Remove photo {n}', de: 'Foto {n} entfernen', fr: 'Supprimer la photo {n}' },
  photoAlt: {
    nl: 'Foto {n} van het artikel',
    en: 'Photo {n} of the item',
    de: 'Foto {n} des Artikels',
    fr: 'Photo {n} de l’article',
  },
  exchangeFor: { nl: 'Omruilen voor', en: 'Exchange for', de: 'Umtauschen gegen', fr: 'Échanger contre' },
  chooseVariant: {
    nl: 'Kies wat je wilt',
    en: 'Choose what you want',
    de: 'Wählen Sie, was Sie möchten',
    fr: 'Choisissez ce que vous voulez',
  },
  sameProduct: {
    nl: 'Andere maat of kleur',
    en: 'Other size or colour',
    de: 'Andere Größe oder Farbe',
    fr: 'Autre taille ou couleur',
  },
  otherProduct: { nl: 'Ander artikel', en: 'Another product', de: 'Anderer Artikel', fr: 'Autre article' },
  noStock: {
    nl: 'Er is nu niets op voorraad om voor te ruilen. Kies iets anders.',
    en: 'Nothing is in stock to exchange for right now. Please choose something else.',
    de: 'Derzeit ist nichts zum Umtausch vorrätig. Bitte wählen Sie etwas anderes.',
    fr: 'Rien n’est en stock pour un échange pour le moment. Choisissez autre chose.',
  },
  chooseExchange: {
    nl: 'Kies waarvoor je wilt ruilen.',
    en: 'Choose what to exchange for.',
    de: 'Wählen Sie, wogegen Sie umtauschen möchten.',
    fr: 'Choisissez contre quoi échanger.',
  },
  payDifference: {
    nl: 'je betaalt {amount} bij',
    en: 'you pay {amount} more',
    de: 'Sie zahlen {amount} dazu',
    fr: 'vous payez {amount} de plus',
  },
  getDifference: {
    nl: 'je krijgt {amount} terug',
    en: 'you get {amount} back',
    de: 'Sie erhalten {amount} zurück',
    fr: 'on vous rend {amount}',
  },
  samePrice: { nl: 'zelfde prijs', en: 'same price', de: 'gleicher Preis', fr: 'même prix' },
  exchangeLine: {
    nl: 'Omruilen voor {item}',
    en: 'Exchange for {item}',
    de: 'Umtausch gegen {item}',
    fr: 'Échange contre {item}',
  },
  exchangePay: {
    nl: 'Je betaalt bij voor de ruil',
    en: 'You pay for the exchange',
    de: 'Sie zahlen für den Umtausch dazu',
    fr: 'Vous payez pour l’échange',
  },
  exchangeBack: {
    nl: 'Je krijgt terug van de ruil',
    en: 'You get back from the exchange',
    de: 'Sie erhalten vom Umtausch zurück',
    fr: 'On vous rend sur l’échange',
  },
  exchangePayHow: {
    nl: 'Het verschil betaal je via een betaallink die je per e-mail krijgt.',
    en: 'You pay the difference through a payment link we e-mail you.',
    de: 'Den Unterschied zahlen Sie über einen Zahlungslink, den wir Ihnen per E-Mail senden.',
    fr: 'Vous payez la différence via un lien de paiement envoyé par e-mail.',
  },
  qrHow: {
    nl: 'Laat de QR-code zien bij een servicepunt; je hebt geen printer nodig.',
    en: 'Show the QR code at a service point; you need no printer.',
    de: 'Zeigen Sie den QR-Code im Paketshop; Sie brauchen keinen Drucker.',
    fr: 'Montrez le code QR en point relais ; pas besoin d’imprimante.',
  },
  labelHow: {
    nl: 'Print het label en plak het op het pakket.',
    en: 'Print the label and stick it on the parcel.',
    de: 'Drucken Sie das Etikett aus und kleben Sie es auf das Paket.',
    fr: 'Imprimez l’étiquette et collez-la sur le colis.',
  },
  pickupHow: {
    nl: 'Een koerier haalt het pakket op je adres op in het gekozen tijdvak.',
    en: 'A courier collects the parcel at your address in the chosen time slot.',
    de: 'Ein Kurier holt das Paket im gewählten Zeitfenster an Ihrer Adresse ab.',
    fr: 'Un coursier récupère le colis à votre adresse dans le créneau choisi.',
  },
  storeHow: {
    nl: 'Breng de artikelen met je retournummer naar de winkel.',
    en: 'Bring the items and your return number to the store.',
    de: 'Bringen Sie die Artikel mit Ihrer Rücksendenummer ins Geschäft.',
    fr: 'Apportez les articles et votre numéro de retour en magasin.',
  },
  pickupSlot: { nl: 'Ophaalmoment', en: 'Pickup time', de: 'Abholzeit', fr: 'Créneau d’enlèvement' },
  chooseSlot: { nl: 'Kies een tijdvak', en: 'Choose a time slot', de: 'Zeitfenster wählen', fr: 'Choisissez un créneau' },
  storeChoice: { nl: 'Welke winkel?', en: 'Which store?', de: 'Welches Geschäft?', fr: 'Quel magasin ?' },
  chooseStore: { nl: 'Kies een winkel', en: 'Choose a store', de: 'Geschäft wählen', fr: 'Choisissez un magasin' },
  completeMethod: {
    nl: 'Kies een ophaalmoment of winkel.',
    en: 'Choose a pickup time or store.',
    de: 'Wählen Sie eine Abholzeit oder ein Geschäft.',
    fr: 'Choisissez un créneau ou un magasin.',
  },
  showQr: {
    nl: 'Laat deze QR-code zien bij het servicepunt',
    en: 'Show this QR code at the service point',
    de: 'Zeigen Sie diesen QR-Code im Paketshop',
    fr: 'Montrez ce code QR au point relais',
  },
  showQrStore: {
    nl: 'Laat deze QR-code zien aan de balie van de winkel',
    en: 'Show this QR code at the store counter',
    de: 'Zeigen Sie diesen QR-Code an der Kasse im Geschäft',
    fr: 'Montrez ce code QR à la caisse du magasin',
  },
  qrAlt: {
    nl: 'QR-code voor retour {number}',
    en: 'QR code for return {number}',
    de: 'QR-Code für Rücksendung {number}',
    fr: 'Code QR du retour {number}',
  },
  downloadSlip: {
    nl: 'Pakbon downloaden (PDF)',
    en: 'Download packing slip (PDF)',
    de: 'Lieferschein herunterladen (PDF)',
    fr: 'Télécharger le bordereau (PDF)',
  },
  pickupAt: { nl: 'Ophalen: {slot}', en: 'Pickup: {slot}', de: 'Abholung: {slot}', fr: 'Enlèvement : {slot}' },
  bringTo: {
    nl: 'Breng de artikelen met je retournummer naar:',
    en: 'Bring the items with your return number to:',
    de: 'Bringen Sie die Artikel mit Ihrer Rücksendenummer zu:',
    fr: 'Apportez les articles avec votre numéro de retour à :',
  },
  statusLinkHint: {
    nl: 'Met deze link volg je je retour:',
    en: 'Follow your return with this link:',
    de: 'Mit diesem Link verfolgen Sie Ihre Rücksendung:',
    fr: 'Suivez votre retour avec ce lien :',
  },
  statusLinkText: {
    nl: 'Mijn retour volgen',
    en: 'Follow my return',
    de: 'Meine Rücksendung verfolgen',
    fr: 'Suivre mon retour',
  },
  statusTitle: { nl: 'Je retour', en: 'Your return', de: 'Ihre Rücksendung', fr: 'Votre retour' },
  statusMissing: {
    nl: 'Deze link klopt niet of is verlopen. Zoek je bestelling op om je retouren te zien.',
    en: 'This link is not valid or has expired. Look up your order to see your returns.',
    de: 'Dieser Link ist ungültig oder abgelaufen. Suchen Sie Ihre Bestellung, um Ihre Rücksendungen zu sehen.',
    fr: 'Ce lien n’est pas valide ou a expiré. Recherchez votre commande pour voir vos retours.',
  },
  statusErased: {
    nl: 'Je persoonsgegevens zijn op je verzoek gewist. Deze link opent daarom niets meer.',
    en: 'Your personal data was erased at your request, so this link no longer opens anything.',
    de: 'Ihre personenbezogenen Daten wurden auf Ihren Wunsch gelöscht, daher öffnet dieser Link nichts mehr.',
    fr: 'Vos données personnelles ont été effacées à votre demande : ce lien n’ouvre donc plus rien.',
  },
  nextTitle: { nl: 'Wat gebeurt er nu?', en: 'What happens next?', de: 'Wie geht es weiter?', fr: 'Et maintenant ?' },
  'next.await_review': {
    nl: 'We bekijken je retour en laten je snel weten wat de volgende stap is.',
    en: 'We are reviewing your return and will let you know the next step soon.',
    de: 'Wir prüfen Ihre Rücksendung und melden uns bald mit dem nächsten Schritt.',
    fr: 'Nous examinons votre retour et vous indiquerons bientôt la suite.',
  },
  'next.send_parcel': {
    nl: 'Je retour is goedgekeurd. Stuur het pakket op vóór {date}.',
    en: 'Your return is approved. Please send the parcel by {date}.',
    de: 'Ihre Rücksendung ist genehmigt. Bitte senden Sie das Paket bis {date}.',
    fr: 'Votre retour est accepté. Envoyez le colis avant le {date}.',
  },
  'next.await_pickup': {
    nl: 'De koerier haalt het pakket op: {date}.',
    en: 'The courier collects the parcel: {date}.',
    de: 'Der Kurier holt das Paket ab: {date}.',
    fr: 'Le coursier récupère le colis : {date}.',
  },
  'next.bring_to_store': {
    nl: 'Breng de artikelen vóór {date} naar de winkel.',
    en: 'Bring the items to the store by {date}.',
    de: 'Bringen Sie die Artikel bis {date} ins Geschäft.',
    fr: 'Apportez les articles en magasin avant le {date}.',
  },
  'next.await_arrival': {
    nl: 'Je pakket is onderweg naar ons. We laten het je weten als het er is.',
    en: 'Your parcel is on its way to us. We will let you know when it arrives.',
    de: 'Ihr Paket ist unterwegs zu uns. Wir melden uns, wenn es angekommen ist.',
    fr: 'Votre colis est en route. Nous vous prévenons à son arrivée.',
  },
  'next.await_inspection': {
    nl: 'We hebben je pakket ontvangen en controleren de artikelen.',
    en: 'We have received your parcel and are checking the items.',
    de: 'Wir haben Ihr Paket erhalten und prüfen die Artikel.',
    fr: 'Nous avons reçu votre colis et contrôlons les articles.',
  },
  'next.await_settlement': {
    nl: 'De artikelen zijn gecontroleerd. We regelen je terugbetaling, tegoed of ruil.',
    en: 'The items are checked. We are arranging your refund, credit or exchange.',
    de: 'Die Artikel sind geprüft. Wir veranlassen Ihre Erstattung, Gutschrift oder Ihren Umtausch.',
    fr: 'Les articles sont contrôlés. Nous préparons votre remboursement, avoir ou échange.',
  },
  'next.await_repair': {
    nl: 'We hebben je artikel ontvangen en repareren het. Daarna sturen we het naar je terug.',
    en: 'We have received your item and are repairing it. Then we will send it back to you.',
    de: 'Wir haben Ihren Artikel erhalten und reparieren ihn. Danach senden wir ihn an Sie zurück.',
    fr: 'Nous avons reçu votre article et le réparons. Ensuite, nous vous le renverrons.',
  },
  'next.done': {
    nl: 'Je retour is afgerond.',
    en: 'Your return is complete.',
    de: 'Ihre Rücksendung ist abgeschlossen.',
    fr: 'Votre retour est terminé.',
  },
  refundBy: {
    nl: 'Uiterlijk {date} heb je je geld terug.',
    en: 'You will have your money back by {date} at the latest.',
    de: 'Spätestens am {date} haben Sie Ihr Geld zurück.',
    fr: 'Vous serez remboursé au plus tard le {date}.',
  },
  feedbackTitle: {
    nl: 'Hoe ging je retour?',
    en: 'How did your return go?',
    de: 'Wie lief Ihre Rücksendung?',
    fr: 'Comment s’est passé votre retour ?',
  },
  rating: { nl: 'Je beoordeling', en: 'Your rating', de: 'Ihre Bewertung', fr: 'Votre note' },
  stars: { nl: '{n} van 5', en: '{n} of 5', de: '{n} von 5', fr: '{n} sur 5' },
  feedbackComment: {
    nl: 'Wil je nog iets kwijt? (optioneel)',
    en: 'Anything you would like to add? (optional)',
    de: 'Möchten Sie noch etwas sagen? (optional)',
    fr: 'Quelque chose à ajouter ? (facultatif)',
  },
  sendFeedback: { nl: 'Versturen', en: 'Send', de: 'Senden', fr: 'Envoyer' },
  feedbackThanks: {
    nl: 'Bedankt voor je beoordeling!',
    en: 'Thank you for your rating!',
    de: 'Vielen Dank für Ihre Bewertung!',
    fr: 'Merci pour votre note !',
  },
  chooseRating: {
    nl: 'Kies een beoordeling.',
    en: 'Choose a rating.',
    de: 'Wählen Sie eine Bewertung.',
    fr: 'Choisissez une note.',
  },
  withdrawalFormLink: {
    nl: 'Modelformulier voor herroeping',
    en: 'Model withdrawal form',
    de: 'Muster-Widerrufsformular',
    fr: 'Formulaire de rétractation',
  },
  'event.return.rejected': { nl: 'Afgewezen', en: 'Rejected', de: 'Abgelehnt', fr: 'Refusé' },
  'event.return.closed': { nl: 'Afgerond', en: 'Completed', de: 'Abgeschlossen', fr: 'Terminé' },
  'event.return.expired': { nl: 'Verlopen', en: 'Expired', de: 'Abgelaufen', fr: 'Expiré' },
  'event.return.refunded': { nl: 'Terugbetaald', en: 'Paid back', de: 'Erstattet', fr: 'Remboursé' },
  'event.return.credited': {
    nl: 'Tegoed ontvangen',
    en: 'Store credit issued',
    de: 'Guthaben gutgeschrieben',
    fr: 'Avoir crédité',
  },
  'event.return.dispute_opened': {
    nl: 'Bezwaar ingediend',
    en: 'Dispute sent',
    de: 'Einspruch eingereicht',
    fr: 'Contestation envoyée',
  },
  'event.return.money_adjusted': {
    nl: 'Extra terugbetaling',
    en: 'Extra refund',
    de: 'Zusätzliche Erstattung',
    fr: 'Remboursement supplémentaire',
  },
  'money.title': { nl: 'Je geld', en: 'Your money', de: 'Ihr Geld', fr: 'Votre argent' },
  'money.refund': { nl: 'Terugbetaling', en: 'Refund', de: 'Erstattung', fr: 'Remboursement' },
  'money.store_credit': { nl: 'Tegoed', en: 'Store credit', de: 'Gutschrift', fr: 'Avoir' },
  'money.partial_refund': {
    nl: 'Gedeeltelijke terugbetaling',
    en: 'Partial refund',
    de: 'Teilerstattung',
    fr: 'Remboursement partiel',
  },
  'money.goodwill': { nl: 'Coulance', en: 'Goodwill', de: 'Kulanz', fr: 'Geste commercial' },
  'money.exchange_surplus': {
    nl: 'Verschil van je ruil terug',
    en: 'Exchange difference back',
    de: 'Differenz Ihres Umtauschs zurück',
    fr: 'Différence de votre échange remboursée',
  },
  'exchange.title': { nl: 'Je ruil', en: 'Your exchange', de: 'Ihr Umtausch', fr: 'Votre échange' },
  'exchange.awaiting_payment': {
    nl: 'Wacht op je betaling van het prijsverschil',
    en: 'Waiting for you to pay the price difference',
    de: 'Wartet auf Ihre Zahlung der Preisdifferenz',
    fr: 'En attente du paiement de la différence',
  },
  'exchange.reserved': {
    nl: 'Voor je gereserveerd; we versturen het zodra je retour binnen is',
    en: 'Reserved for you; we send it once your return is in',
    de: 'Für Sie reserviert; wir versenden es, sobald Ihre Rücksendung da ist',
    fr: 'Réservé pour vous ; nous l’envoyons dès réception de votre retour',
  },
  'exchange.ready': {
    nl: 'Wordt ingepakt en verstuurd',
    en: 'Being packed and sent',
    de: 'Wird verpackt und versendet',
    fr: 'En cours d’emballage et d’envoi',
  },
  'exchange.shipped': { nl: 'Verstuurd', en: 'Sent', de: 'Versendet', fr: 'Expédié' },
  'exchange.cancelled': {
    nl: 'Gaat niet door; je krijgt je geld terug',
    en: 'Called off; you get your money back instead',
    de: 'Entfällt; Sie erhalten stattdessen Ihr Geld zurück',
    fr: 'Annulé ; vous êtes remboursé à la place',
  },
  'exchange.pay': {
    nl: 'Betaal {amount} verschil',
    en: 'Pay the {amount} difference',
    de: 'Differenz von {amount} bezahlen',
    fr: 'Payer la différence de {amount}',
  },
  'exchange.back': {
    nl: 'Je krijgt {amount} verschil terug',
    en: 'You get {amount} back',
    de: 'Sie erhalten {amount} zurück',
    fr: 'Vous récupérez {amount}',
  },
  'exchange.returnBy': {
    nl: 'Stuur je oude artikel terug vóór {date}',
    en: 'Send your old item back before {date}',
    de: 'Senden Sie Ihren alten Artikel vor dem {date} zurück',
    fr: 'Renvoyez votre ancien article avant le {date}',
  },
  'exchange.tracking': { nl: 'Track & trace', en: 'Tracking', de: 'Sendungsverfolgung', fr: 'Suivi' },
  'exchange.charge': {
    nl: 'Je oude artikel is niet op tijd terug: betaal {amount}',
    en: 'Your old item did not come back in time: pay {amount}',
    de: 'Ihr alter Artikel kam nicht rechtzeitig zurück: {amount} bezahlen',
    fr: 'Votre ancien article n’est pas revenu à temps : payer {amount}',
  },
  'money.pending': { nl: 'wordt verwerkt', en: 'being processed', de: 'in Bearbeitung', fr: 'en cours' },
  'money.succeeded': { nl: 'betaald', en: 'paid', de: 'bezahlt', fr: 'payé' },
  'money.failed': {
    nl: 'mislukt, we nemen contact op',
    en: 'failed, we will contact you',
    de: 'fehlgeschlagen, wir melden uns',
    fr: 'échoué, nous vous contacterons',
  },
  'money.paid': {
    nl: 'Betaald voor de artikelen',
    en: 'Paid for the items',
    de: 'Für die Artikel bezahlt',
    fr: 'Payé pour les articles',
  },
  'money.restockingFees': {
    nl: 'Herbevoorradingskosten',
    en: 'Restocking fee',
    de: 'Wiedereinlagerungsgebühr',
    fr: 'Frais de remise en stock',
  },
  'money.diminishedValue': {
    nl: 'Aftrek voor waardevermindering',
    en: 'Deduction for wear',
    de: 'Abzug für Wertminderung',
    fr: 'Déduction pour dépréciation',
  },
  'money.withheld': {
    nl: 'Ingehouden (niet ons artikel)',
    en: 'Kept back (not our item)',
    de: 'Einbehalten (nicht unser Artikel)',
    fr: 'Retenu (pas notre article)',
  },
  'money.returnShippingFee': { nl: 'Retourkosten', en: 'Return shipping', de: 'Rücksendekosten', fr: 'Frais de retour' },
  'money.deliveryRefund': {
    nl: 'Verzendkosten terug',
    en: 'Delivery cost back',
    de: 'Versandkosten zurück',
    fr: 'Frais de livraison remboursés',
  },
  'money.bonus': { nl: 'Bonus', en: 'Bonus', de: 'Bonus', fr: 'Bonus' },
  'money.code': { nl: 'Je tegoedcode', en: 'Your credit code', de: 'Ihr Gutscheincode', fr: 'Votre code d’avoir' },
  'money.dispute': {
    nl: 'Niet eens met een aftrek?',
    en: 'Disagree with a deduction?',
    de: 'Mit einem Abzug nicht einverstanden?',
    fr: 'Pas d’accord avec une déduction ?',
  },
  'money.disputeText': { nl: 'Waarom niet?', en: 'Tell us why', de: 'Warum nicht?', fr: 'Dites-nous pourquoi' },
  'money.disputeSend': { nl: 'Bezwaar indienen', en: 'Send dispute', de: 'Einspruch senden', fr: 'Envoyer la contestation' },
  'money.disputeOpen': {
    nl: 'Je bezwaar is ontvangen. We bekijken het en laten het je weten.',
    en: 'We have your dispute. We will look at it and let you know.',
    de: 'Ihr Einspruch ist eingegangen. Wir prüfen ihn und melden uns.',
    fr: 'Nous avons reçu votre contestation. Nous l’examinons et revenons vers vous.',
  },
} as const;

export type TextKey = keyof typeof texts;

export function t(locale: Locale, key: TextKey, values: Record<string, string | number> = {}): string {
  return texts[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** A resolution in the shopper's words (its code for one the portal does not know). */
export function resolutionName(locale: Locale, code: string): string {
  return RESOLUTION_KEYS.has(code) ? texts[code as TextKey][locale] : code;
}
const RESOLUTION_KEYS = new Set(['refund', 'store_credit', 'exchange', 'repair', 'replacement', 'keep']);

/** Resolutions as a sentence names them, joined with "or": "store credit or an exchange". */
export function resolutionsInSentence(locale: Locale, codes: readonly string[]): string {
  const words = codes.flatMap((c) => (IN_SENTENCE[locale][c] ? [IN_SENTENCE[locale][c]] : []));
  return new Intl.ListFormat(REGION[locale], { type: 'disjunction' }).format(words);
}
const IN_SENTENCE: Record<Locale, Record<string, string>> = {
  nl: { refund: 'geld terug', store_credit: 'tegoed', exchange: 'ruilen' },
  en: { refund: 'a refund', store_credit: 'store credit', exchange: 'an exchange' },
  de: { refund: 'eine Erstattung', store_credit: 'Guthaben', exchange: 'einen Umtausch' },
  fr: { refund: 'un remboursement', store_credit: 'un avoir', exchange: 'un échange' },
};

/** A timeline event in the shopper's words, or null for the shop's internal steps. */
export function eventText(locale: Locale, type: string): string | null {
  const key = `event.${type}`;
  return key in texts ? texts[key as TextKey][locale] : null;
}

export function dateTime(locale: Locale, iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(REGION[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A pickup slot as people say it: "Tuesday 16 June, 09:00–13:00", in the shop's time zone. */
export function slotText(locale: Locale, slot: { start: string; end: string }, timeZone?: string): string {
  const day = new Intl.DateTimeFormat(REGION[locale], { weekday: 'long', day: 'numeric', month: 'long', timeZone });
  const time = new Intl.DateTimeFormat(REGION[locale], { hour: '2-digit', minute: '2-digit', timeZone });
  return `${day.format(new Date(slot.start))}, ${time.format(new Date(slot.start))}–${time.format(new Date(slot.end))}`;
}

/** The date of an instant in the shop's zone, written out. */
export function instantDate(locale: Locale, iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(REGION[locale], { dateStyle: 'long', timeZone }).format(new Date(iso));
}

/** The browser's first language the portal speaks, else Dutch. */
export function detectLocale(languages: readonly string[]): Locale {
  for (const lang of languages) {
    const base = lang.slice(0, 2).toLowerCase();
    if ((LOCALES as readonly string[]).includes(base)) return base as Locale;
  }
  return 'nl';
}

const REGION: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB', de: 'de-DE', fr: 'fr-FR' };

export function money(locale: Locale, amount: number, currency: string): string {
  const f = new Intl.NumberFormat(REGION[locale], { style: 'currency', currency });
  return f.format(amount / 10 ** (f.resolvedOptions().maximumFractionDigits ?? 2));
}

export function longDate(locale: Locale, date: string): string {
  return new Intl.DateTimeFormat(REGION[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}
