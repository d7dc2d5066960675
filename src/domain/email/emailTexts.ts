import type { ShopperLocale } from '../policy/messages.js';
import { LABEL_READY_TEXTS } from './labelReadyTexts.js';
import type { ShopperEmailKind } from './shopperEmails.js';
import { STORE_RECEIPT_TEXTS } from './storeReceiptTexts.js';

/** What one e-mail says: its subject, heading and opening paragraph. `{name}`-style holes are
 * filled by the renderer; every text exists in every shopper language (a test checks it). */
export interface KindTexts {
  subject: string;
  heading: string;
  body: string;
}

export interface CommonTexts {
  greeting: string;
  greetingNoName: string;
  returnLabel: string;
  itemsHeading: string;
  button: string;
  footer: string;
  footerNoSupport: string;
  sentBecause: string;
  shipBy: string;
  attachedLabel: string;
  attachedQr: string;
  pickup: string;
  store: string;
  reason: string;
  tracking: string;
  creditCode: string;
  creditExpires: string;
  notAccepted: string;
  grades: Record<'A' | 'B' | 'C' | 'D' | 'F' | 'X', string>;
}

export const COMMON_TEXTS: Record<ShopperLocale, CommonTexts> = {
  en: {
    greeting: 'Hi {name},',
    greetingNoName: 'Hello,',
    returnLabel: 'Return {number} · order {order}',
    itemsHeading: 'Items',
    button: 'Follow your return',
    footer: 'Questions? Reply to this e-mail or write to {support}.',
    footerNoSupport: 'Questions? Reply to this e-mail.',
    sentBecause: 'You receive this e-mail because you returned items to {shop}.',
    shipBy: 'Please send the items back by {date}.',
    attachedLabel: 'Your return label is attached: print it and stick it on the parcel.',
    attachedQr: 'Show the QR code on the attached label at the drop-off point; no printer needed.',
    pickup: 'The carrier picks the parcel up at your address between {from} and {to}.',
    store: 'Bring the items to the store together with this e-mail.',
    reason: 'Why: {reason}',
    tracking: 'Track and trace: {tracking}',
    creditCode: 'Your credit code: {code}',
    creditExpires: 'Valid until {date}.',
    notAccepted: 'not accepted',
    grades: { A: 'as new', B: 'like new', C: 'used', D: 'damaged', F: 'defective', X: 'not the item we sold' },
  },
  nl: {
    greeting: 'Hoi {name},',
    greetingNoName: 'Hallo,',
    returnLabel: 'Retour {number} · bestelling {order}',
    itemsHeading: 'Artikelen',
    button: 'Volg je retour',
    footer: 'Vragen? Beantwoord deze e-mail of mail naar {support}.',
    footerNoSupport: 'Vragen? Beantwoord deze e-mail.',
    sentBecause: 'Je krijgt deze e-mail omdat je artikelen terugstuurt naar {shop}.',
    shipBy: 'Stuur de artikelen uiterlijk {date} terug.',
    attachedLabel: 'Je retourlabel zit in de bijlage: print het uit en plak het op het pakket.',
    attachedQr: 'Laat de QR-code op het bijgevoegde label zien bij het inleverpunt; een printer is niet nodig.',
    pickup: 'De vervoerder haalt het pakket op je adres op tussen {from} en {to}.',
    store: 'Breng de artikelen samen met deze e-mail naar de winkel.',
    reason: 'Waarom: {reason}',
    tracking: 'Track & trace: {tracking}',
    creditCode: 'Je tegoedcode: {code}',
    creditExpires: 'Geldig tot {date}.',
    notAccepted: 'niet geaccepteerd',
    grades: {
      A: 'als nieuw',
      B: 'zo goed als nieuw',
      C: 'gebruikt',
      D: 'beschadigd',
      F: 'defect',
      X: 'niet het artikel dat wij verkochten',
    },
  },
  de: {
    greeting: 'Hallo {name},',
    greetingNoName: 'Guten Tag,',
    returnLabel: 'Retoure {number} · Bestellung {order}',
    itemsHeading: 'Artikel',
    button: 'Retoure verfolgen',
    footer: 'Fragen? Antworte auf diese E-Mail oder schreibe an {support}.',
    footerNoSupport: 'Fragen? Antworte auf diese E-Mail.',
    sentBecause: 'Du erhältst diese E-Mail, weil du Artikel an {shop} zurücksendest.',
    shipBy: 'Bitte sende die Artikel bis spätestens {date} zurück.',
    attachedLabel: 'Dein Retourenetikett ist angehängt: Drucke es aus und klebe es auf das Paket.',
    attachedQr: 'Zeige den QR-Code auf dem angehängten Etikett an der Annahmestelle; ein Drucker ist nicht nötig.',
    pickup: 'Der Paketdienst holt das Paket zwischen {from} und {to} an deiner Adresse ab.',
    store: 'Bring die Artikel zusammen mit dieser E-Mail in die Filiale.',
    reason: 'Grund: {reason}',
    tracking: 'Sendungsverfolgung: {tracking}',
    creditCode: 'Dein Guthabencode: {code}',
    creditExpires: 'Gültig bis {date}.',
    notAccepted: 'nicht angenommen',
    grades: {
      A: 'neuwertig',
      B: 'wie neu',
      C: 'gebraucht',
      D: 'beschädigt',
      F: 'defekt',
      X: 'nicht der von uns verkaufte Artikel',
    },
  },
  fr: {
    greeting: 'Bonjour {name},',
    greetingNoName: 'Bonjour,',
    returnLabel: 'Retour {number} · commande {order}',
    itemsHeading: 'Articles',
    button: 'Suivre votre retour',
    footer: 'Des questions ? Répondez à cet e-mail ou écrivez à {support}.',
    footerNoSupport: 'Des questions ? Répondez à cet e-mail.',
    sentBecause: 'Vous recevez cet e-mail parce que vous retournez des articles à {shop}.',
    shipBy: 'Merci de renvoyer les articles au plus tard le {date}.',
    attachedLabel: 'Votre étiquette de retour est jointe : imprimez-la et collez-la sur le colis.',
    attachedQr: "Montrez le code QR de l'étiquette jointe au point de dépôt ; pas besoin d'imprimante.",
    pickup: 'Le transporteur enlève le colis à votre adresse entre {from} et {to}.',
    store: 'Apportez les articles au magasin avec cet e-mail.',
    reason: 'Motif : {reason}',
    tracking: 'Suivi du colis : {tracking}',
    creditCode: "Votre code d'avoir : {code}",
    creditExpires: "Valable jusqu'au {date}.",
    notAccepted: 'non accepté',
    grades: {
      A: 'neuf',
      B: 'comme neuf',
      C: 'usagé',
      D: 'endommagé',
      F: 'défectueux',
      X: "pas l'article que nous avons vendu",
    },
  },
};

export const KIND_TEXTS: Record<ShopperLocale, Record<ShopperEmailKind, KindTexts>> = {
  en: {
    requested: {
      subject: 'We received your return request {number}',
      heading: 'We received your return request',
      body: 'We will look at it and let you know by e-mail what happens next.',
    },
    approved: {
      subject: 'Your return {number} is approved',
      heading: 'Your return is approved',
      body: 'You can send the items below back to us.',
    },
    rejected: {
      subject: 'Your return {number} was not approved',
      heading: 'We cannot accept this return',
      body: 'We are sorry: we cannot take these items back.',
    },
    ship_by_reminder: {
      subject: 'Reminder: send return {number} back by {date}',
      heading: 'Do not forget to send your return',
      body: 'Your return is approved, but we have not seen the parcel yet. Send it by {date}, or the return expires.',
    },
    in_transit: {
      subject: 'Your return {number} is on its way',
      heading: 'Your parcel is on its way',
      body: 'The carrier has your parcel. We will let you know when it arrives.',
    },
    received: {
      subject: 'We received your return {number}',
      heading: 'Your return has arrived',
      body: 'Your parcel is at our warehouse. We will check the items and let you know the outcome.',
    },
    inspected: {
      subject: 'Your return {number} has been checked',
      heading: 'We checked your items',
      body: 'This is what we found. Your refund, credit or exchange follows.',
    },
    refunded: {
      subject: 'We refunded {amount} for return {number}',
      heading: 'We refunded {amount}',
      body: 'The money goes back the way you paid. Depending on your bank it can take a few working days to show.',
    },
    credited: {
      subject: '{amount} store credit for return {number}',
      heading: 'You have {amount} store credit',
      body: 'Use it at checkout with the credit code below.',
    },
    exchange_shipped: {
      subject: 'Your exchange for return {number} has shipped',
      heading: 'Your exchange is on its way',
      body: 'We sent your new items (exchange {exchange}).',
    },
    label_ready: LABEL_READY_TEXTS.en,
    store_receipt: STORE_RECEIPT_TEXTS.en,
    repair_shipped: {
      subject: 'Your repaired item for return {number} is on its way',
      heading: 'Your item has been repaired',
      body: 'We repaired your item under the legal guarantee and sent it back to you.',
    },
    withdrawal_confirmed: {
      subject: 'Confirmation of your withdrawal (return {number})',
      heading: 'We received your withdrawal',
      body: 'This confirms that on {date} we received your notice of withdrawal from order {order}. Send the items back within 14 days. We refund what you paid, including standard delivery when you return the whole order, within 14 days of your notice; we may wait until the items are back or you show they are on their way.',
    },
  },
  nl: {
    requested: {
      subject: 'We hebben je retouraanvraag {number} ontvangen',
      heading: 'We hebben je retouraanvraag ontvangen',
      body: 'We bekijken hem en laten je per e-mail weten wat er nu gebeurt.',
    },
    approved: {
      subject: 'Je retour {number} is goedgekeurd',
      heading: 'Je retour is goedgekeurd',
      body: 'Je kunt de artikelen hieronder naar ons terugsturen.',
    },
    rejected: {
      subject: 'Je retour {number} is niet goedgekeurd',
      heading: 'We kunnen deze retour niet accepteren',
      body: 'Het spijt ons: we kunnen deze artikelen niet terugnemen.',
    },
    ship_by_reminder: {
      subject: 'Herinnering: stuur retour {number} uiterlijk {date} terug',
      heading: 'Vergeet je retour niet te versturen',
      body: 'Je retour is goedgekeurd, maar we hebben het pakket nog niet gezien. Verstuur het uiterlijk {date}, anders vervalt de retour.',
    },
    in_transit: {
      subject: 'Je retour {number} is onderweg',
      heading: 'Je pakket is onderweg',
      body: 'De vervoerder heeft je pakket. We laten je weten wanneer het aankomt.',
    },
    received: {
      subject: 'We hebben je retour {number} ontvangen',
      heading: 'Je retour is aangekomen',
      body: 'Je pakket is in ons magazijn. We controleren de artikelen en laten je de uitkomst weten.',
    },
    inspected: {
      subject: 'Je retour {number} is gecontroleerd',
      heading: 'We hebben je artikelen gecontroleerd',
      body: 'Dit is wat we vonden. Je terugbetaling, tegoed of omruiling volgt.',
    },
    refunded: {
      subject: 'We hebben {amount} terugbetaald voor retour {number}',
      heading: 'We hebben {amount} terugbetaald',
      body: 'Het geld gaat terug via de manier waarop je betaalde. Afhankelijk van je bank kan het een paar werkdagen duren voor je het ziet.',
    },
    credited: {
      subject: '{amount} tegoed voor retour {number}',
      heading: 'Je hebt {amount} tegoed',
      body: 'Gebruik het bij het afrekenen met de tegoedcode hieronder.',
    },
    exchange_shipped: {
      subject: 'Je omruiling voor retour {number} is verzonden',
      heading: 'Je omruiling is onderweg',
      body: 'We hebben je nieuwe artikelen verzonden (omruiling {exchange}).',
    },
    label_ready: LABEL_READY_TEXTS.nl,
    store_receipt: STORE_RECEIPT_TEXTS.nl,
    repair_shipped: {
      subject: 'Je gerepareerde artikel van retour {number} is onderweg',
      heading: 'Je artikel is gerepareerd',
      body: 'We hebben je artikel onder de wettelijke garantie gerepareerd en naar je teruggestuurd.',
    },
    withdrawal_confirmed: {
      subject: 'Bevestiging van je herroeping (retour {number})',
      heading: 'We hebben je herroeping ontvangen',
      body: 'Hiermee bevestigen we dat we op {date} je melding hebben ontvangen dat je bestelling {order} herroept. Stuur de artikelen binnen 14 dagen terug. We betalen binnen 14 dagen na je melding terug wat je betaalde, inclusief de standaardverzendkosten als je de hele bestelling terugstuurt; we mogen wachten tot de artikelen terug zijn of je laat zien dat ze onderweg zijn.',
    },
  },
  de: {
    requested: {
      subject: 'Wir haben deine Retourenanfrage {number} erhalten',
      heading: 'Wir haben deine Retourenanfrage erhalten',
      body: 'Wir sehen sie uns an und sagen dir per E-Mail, wie es weitergeht.',
    },
    approved: {
      subject: 'Deine Retoure {number} ist genehmigt',
      heading: 'Deine Retoure ist genehmigt',
      body: 'Du kannst uns die Artikel unten zurücksenden.',
    },
    rejected: {
      subject: 'Deine Retoure {number} wurde nicht genehmigt',
      heading: 'Wir können diese Retoure nicht annehmen',
      body: 'Es tut uns leid: Wir können diese Artikel nicht zurücknehmen.',
    },
    ship_by_reminder: {
      subject: 'Erinnerung: Retoure {number} bis {date} zurücksenden',
      heading: 'Vergiss deine Retoure nicht',
      body: 'Deine Retoure ist genehmigt, aber das Paket ist noch nicht unterwegs. Sende es bis {date}, sonst verfällt die Retoure.',
    },
    in_transit: {
      subject: 'Deine Retoure {number} ist unterwegs',
      heading: 'Dein Paket ist unterwegs',
      body: 'Der Paketdienst hat dein Paket. Wir melden uns, wenn es ankommt.',
    },
    received: {
      subject: 'Wir haben deine Retoure {number} erhalten',
      heading: 'Deine Retoure ist angekommen',
      body: 'Dein Paket ist in unserem Lager. Wir prüfen die Artikel und teilen dir das Ergebnis mit.',
    },
    inspected: {
      subject: 'Deine Retoure {number} wurde geprüft',
      heading: 'Wir haben deine Artikel geprüft',
      body: 'Das haben wir festgestellt. Deine Erstattung, dein Guthaben oder dein Umtausch folgt.',
    },
    refunded: {
      subject: 'Wir haben {amount} für Retoure {number} erstattet',
      heading: 'Wir haben {amount} erstattet',
      body: 'Das Geld geht auf dem Weg zurück, auf dem du bezahlt hast. Je nach Bank kann es einige Werktage dauern, bis du es siehst.',
    },
    credited: {
      subject: '{amount} Guthaben für Retoure {number}',
      heading: 'Du hast {amount} Guthaben',
      body: 'Löse es an der Kasse mit dem Guthabencode unten ein.',
    },
    exchange_shipped: {
      subject: 'Dein Umtausch für Retoure {number} wurde versandt',
      heading: 'Dein Umtausch ist unterwegs',
      body: 'Wir haben deine neuen Artikel versandt (Umtausch {exchange}).',
    },
    label_ready: LABEL_READY_TEXTS.de,
    store_receipt: STORE_RECEIPT_TEXTS.de,
    repair_shipped: {
      subject: 'Ihr reparierter Artikel zur Retoure {number} ist unterwegs',
      heading: 'Ihr Artikel wurde repariert',
      body: 'Wir haben Ihren Artikel im Rahmen der gesetzlichen Gewährleistung repariert und an Sie zurückgeschickt.',
    },
    withdrawal_confirmed: {
      subject: 'Bestätigung deines Widerrufs (Retoure {number})',
      heading: 'Wir haben deinen Widerruf erhalten',
      body: 'Hiermit bestätigen wir, dass wir am {date} deinen Widerruf der Bestellung {order} erhalten haben. Sende die Artikel binnen 14 Tagen zurück. Wir erstatten binnen 14 Tagen nach deinem Widerruf, was du bezahlt hast, einschließlich der Standardversandkosten, wenn du die ganze Bestellung zurücksendest; wir dürfen warten, bis die Artikel zurück sind oder du nachweist, dass sie unterwegs sind.',
    },
  },
  fr: {
    requested: {
      subject: 'Nous avons reçu votre demande de retour {number}',
      heading: 'Nous avons reçu votre demande de retour',
      body: 'Nous allons l’examiner et vous dirons par e-mail la suite.',
    },
    approved: {
      subject: 'Votre retour {number} est accepté',
      heading: 'Votre retour est accepté',
      body: 'Vous pouvez nous renvoyer les articles ci-dessous.',
    },
    rejected: {
      subject: "Votre retour {number} n'a pas été accepté",
      heading: 'Nous ne pouvons pas accepter ce retour',
      body: 'Nous sommes désolés : nous ne pouvons pas reprendre ces articles.',
    },
    ship_by_reminder: {
      subject: 'Rappel : renvoyez le retour {number} avant le {date}',
      heading: "N'oubliez pas d'envoyer votre retour",
      body: "Votre retour est accepté, mais nous n'avons pas encore vu le colis. Envoyez-le au plus tard le {date}, sinon le retour expire.",
    },
    in_transit: {
      subject: 'Votre retour {number} est en route',
      heading: 'Votre colis est en route',
      body: 'Le transporteur a votre colis. Nous vous prévenons dès son arrivée.',
    },
    received: {
      subject: 'Nous avons reçu votre retour {number}',
      heading: 'Votre retour est arrivé',
      body: 'Votre colis est dans notre entrepôt. Nous contrôlons les articles et vous communiquons le résultat.',
    },
    inspected: {
      subject: 'Votre retour {number} a été contrôlé',
      heading: 'Nous avons contrôlé vos articles',
      body: 'Voici ce que nous avons constaté. Votre remboursement, avoir ou échange suit.',
    },
    refunded: {
      subject: 'Nous avons remboursé {amount} pour le retour {number}',
      heading: 'Nous avons remboursé {amount}',
      body: "L'argent revient par le moyen de paiement utilisé. Selon votre banque, cela peut prendre quelques jours ouvrés.",
    },
    credited: {
      subject: "{amount} d'avoir pour le retour {number}",
      heading: "Vous avez {amount} d'avoir",
      body: "Utilisez-le lors du paiement avec le code d'avoir ci-dessous.",
    },
    exchange_shipped: {
      subject: 'Votre échange pour le retour {number} est expédié',
      heading: 'Votre échange est en route',
      body: 'Nous avons expédié vos nouveaux articles (échange {exchange}).',
    },
    label_ready: LABEL_READY_TEXTS.fr,
    store_receipt: STORE_RECEIPT_TEXTS.fr,
    repair_shipped: {
      subject: 'Votre article réparé (retour {number}) est en route',
      heading: 'Votre article a été réparé',
      body: 'Nous avons réparé votre article au titre de la garantie légale et vous l’avons renvoyé.',
    },
    withdrawal_confirmed: {
      subject: 'Confirmation de votre rétractation (retour {number})',
      heading: 'Nous avons reçu votre rétractation',
      body: 'Nous confirmons avoir reçu le {date} votre rétractation de la commande {order}. Renvoyez les articles dans les 14 jours. Nous remboursons ce que vous avez payé, y compris la livraison standard si vous renvoyez toute la commande, dans les 14 jours suivant votre rétractation ; nous pouvons attendre le retour des articles ou la preuve de leur expédition.',
    },
  },
};
