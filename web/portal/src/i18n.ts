/** The portal's own texts in its four languages; explanations of policy decisions come from the
 * server in the same language. */

export const LOCALES = ['nl', 'en', 'de', 'fr'] as const;
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
    nl: 'Deze artikelen stuur je terug:',
    en: 'You will send back these items:',
    de: 'Diese Artikel senden Sie zurück:',
    fr: 'Vous renverrez ces articles :',
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
    nl: 'Kies je voor tegoed, dan krijg je {percent}% extra.',
    en: 'Choose store credit and get {percent}% extra.',
    de: 'Wählen Sie Guthaben und erhalten Sie {percent} % extra.',
    fr: 'Choisissez un avoir et recevez {percent} % en plus.',
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
  'event.return.in_transit': { nl: 'Onderweg', en: 'On its way', de: 'Unterwegs', fr: 'En route' },
  'event.return.received': { nl: 'Ontvangen', en: 'Received', de: 'Eingegangen', fr: 'Reçu' },
  'event.return.inspected': { nl: 'Gecontroleerd', en: 'Inspected', de: 'Geprüft', fr: 'Contrôlé' },
  'event.return.resolved': { nl: 'Afgehandeld', en: 'Resolved', de: 'Abgeschlossen', fr: 'Traité' },
  until: { nl: 'Retourneren kan tot', en: 'Returnable until', de: 'Rückgabe bis', fr: 'Retour possible jusqu’au' },
  keepItem: {
    nl: 'Je mag dit artikel houden.',
    en: 'You may keep this item.',
    de: 'Sie dürfen diesen Artikel behalten.',
    fr: 'Vous pouvez garder cet article.',
  },
} as const;

export type TextKey = keyof typeof texts;

export function t(locale: Locale, key: TextKey, values: Record<string, string | number> = {}): string {
  return texts[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** A timeline event in the shopper's words, or null for the shop's internal steps. */
export function eventText(locale: Locale, type: string): string | null {
  const key = `event.${type}`;
  return key in texts ? texts[key as TextKey][locale] : null;
}

export function dateTime(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(REGION[locale], { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
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
