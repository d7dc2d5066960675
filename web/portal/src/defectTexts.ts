import type { Locale } from './i18n.js';

/** The words of the legal-guarantee flow (reporting a defect, following a repair) in the portal's
 * four languages, kept apart from the return flow's texts. Plain words: the shopper need not know
 * the law to use it. */
const texts = {
  reportDefect: { nl: 'Defect melden', en: 'Report a defect', de: 'Mangel melden', fr: 'Signaler un défaut' },
  defectOffer: {
    nl: 'Is het kapot of werkt het niet goed? Dan heb je recht op reparatie of vervanging, tot {date}.',
    en: 'Is it broken or not working properly? You are entitled to a repair or replacement until {date}.',
    de: 'Ist es kaputt oder funktioniert es nicht richtig? Sie haben bis {date} Anspruch auf Reparatur oder Ersatz.',
    fr: 'Il est cassé ou ne fonctionne pas correctement ? Vous avez droit à une réparation ou un remplacement jusqu’au {date}.',
  },
  defectTitle: {
    nl: 'Een defect melden',
    en: 'Report a defect',
    de: 'Einen Mangel melden',
    fr: 'Signaler un défaut',
  },
  defectIntro: {
    nl: 'Wat je koopt moet twee jaar na levering goed werken: dat is de wettelijke garantie. Is het eerder kapot gegaan zonder dat jij er iets aan kon doen, dan lost de winkel het kosteloos op, ook als de retourtermijn voorbij is.',
    en: 'What you buy must work properly for two years after delivery: that is the legal guarantee. If it broke earlier through no fault of yours, the shop puts it right free of charge, even after the return period.',
    de: 'Was Sie kaufen, muss zwei Jahre nach der Lieferung einwandfrei funktionieren: Das ist die gesetzliche Gewährleistung. Ist es ohne Ihr Zutun vorher kaputtgegangen, behebt der Shop das kostenlos, auch nach Ablauf der Rückgabefrist.',
    fr: 'Ce que vous achetez doit fonctionner correctement pendant deux ans après la livraison : c’est la garantie légale. S’il est tombé en panne plus tôt sans que vous y soyez pour quelque chose, la boutique y remédie gratuitement, même après le délai de retour.',
  },
  guaranteeUntil: {
    nl: 'Wettelijke garantie tot en met {date}',
    en: 'Legal guarantee until {date}',
    de: 'Gesetzliche Gewährleistung bis {date}',
    fr: 'Garantie légale jusqu’au {date}',
  },
  whatIsWrong: {
    nl: 'Wat is er mis mee?',
    en: 'What is wrong with it?',
    de: 'Was ist damit nicht in Ordnung?',
    fr: 'Quel est le problème ?',
  },
  whatIsWrongHint: {
    nl: 'Beschrijf wat er kapot is of niet werkt, en sinds wanneer.',
    en: 'Describe what is broken or does not work, and since when.',
    de: 'Beschreiben Sie, was kaputt ist oder nicht funktioniert, und seit wann.',
    fr: 'Décrivez ce qui est cassé ou ne fonctionne pas, et depuis quand.',
  },
  describeDefect: {
    nl: 'Beschrijf het defect.',
    en: 'Please describe the defect.',
    de: 'Bitte beschreiben Sie den Mangel.',
    fr: 'Veuillez décrire le défaut.',
  },
  remedyTitle: {
    nl: 'Wat heeft je voorkeur?',
    en: 'What would you prefer?',
    de: 'Was ist Ihnen lieber?',
    fr: 'Que préférez-vous ?',
  },
  remedyIntro: {
    nl: 'Je kiest eerst tussen reparatie en vervanging. De winkel volgt je keuze, tenzij die onmogelijk is of veel duurder dan de andere; dan krijg je de andere.',
    en: 'First you choose between a repair and a replacement. The shop follows your choice unless it is impossible or far more costly than the other; then you get the other.',
    de: 'Zuerst wählen Sie zwischen Reparatur und Ersatz. Der Shop folgt Ihrer Wahl, es sei denn, sie ist unmöglich oder viel teurer als die andere; dann erhalten Sie die andere.',
    fr: 'Vous choisissez d’abord entre une réparation et un remplacement. La boutique suit votre choix, sauf s’il est impossible ou bien plus coûteux que l’autre ; vous recevez alors l’autre.',
  },
  'remedy.repair': {
    nl: 'Reparatie: je krijgt hetzelfde artikel gerepareerd terug',
    en: 'Repair: you get the same item back, repaired',
    de: 'Reparatur: Sie erhalten denselben Artikel repariert zurück',
    fr: 'Réparation : vous récupérez le même article, réparé',
  },
  'remedy.replacement': {
    nl: 'Vervanging: je krijgt een nieuw, gelijk artikel',
    en: 'Replacement: you get a new, identical item',
    de: 'Ersatz: Sie erhalten einen neuen, gleichen Artikel',
    fr: 'Remplacement : vous recevez un article neuf identique',
  },
  'remedy.refund': {
    nl: 'Geld terug: alleen als reparatie en vervanging niet kunnen',
    en: 'Money back: only if a repair and a replacement are not possible',
    de: 'Geld zurück: nur wenn Reparatur und Ersatz nicht möglich sind',
    fr: 'Remboursement : seulement si réparation et remplacement sont impossibles',
  },
  refundNote: {
    nl: 'Lukt reparatie of vervanging niet, duurt het te lang of is het probleem er daarna nog, dan krijg je je geld terug, of een deel ervan als je het artikel houdt.',
    en: 'If a repair or replacement is not possible, takes too long or does not fix the problem, you get your money back, or part of it if you keep the item.',
    de: 'Sind Reparatur oder Ersatz nicht möglich, dauern sie zu lange oder bleibt das Problem bestehen, erhalten Sie Ihr Geld zurück, oder einen Teil davon, wenn Sie den Artikel behalten.',
    fr: 'Si la réparation ou le remplacement est impossible, prend trop de temps ou ne règle pas le problème, vous êtes remboursé, ou en partie si vous gardez l’article.',
  },
  sendHow: {
    nl: 'Hoe stuur je het op?',
    en: 'How will you send it?',
    de: 'Wie senden Sie es ein?',
    fr: 'Comment l’envoyez-vous ?',
  },
  freeOfCharge: { nl: 'gratis', en: 'free of charge', de: 'kostenlos', fr: 'gratuit' },
  nextSteps: {
    nl: 'Wat gebeurt er hierna?',
    en: 'What happens next?',
    de: 'Wie geht es weiter?',
    fr: 'Et ensuite ?',
  },
  next1: {
    nl: 'De winkel bekijkt je melding en laat je weten of het artikel terug moet.',
    en: 'The shop looks at your report and tells you whether the item needs to come back.',
    de: 'Der Shop prüft Ihre Meldung und teilt Ihnen mit, ob der Artikel zurückgeschickt werden muss.',
    fr: 'La boutique examine votre signalement et vous dit si l’article doit être renvoyé.',
  },
  next2: {
    nl: 'Je stuurt het artikel kosteloos op.',
    en: 'You send the item free of charge.',
    de: 'Sie senden den Artikel kostenlos ein.',
    fr: 'Vous envoyez l’article gratuitement.',
  },
  next3: {
    nl: 'Het wordt gerepareerd of vervangen; lukt dat niet, dan krijg je je geld terug. Op de statuspagina volg je elke stap.',
    en: 'It is repaired or replaced; if that fails, you get your money back. You can follow every step on the status page.',
    de: 'Er wird repariert oder ersetzt; gelingt das nicht, erhalten Sie Ihr Geld zurück. Jeden Schritt verfolgen Sie auf der Statusseite.',
    fr: 'Il est réparé ou remplacé ; sinon, vous êtes remboursé. Vous suivez chaque étape sur la page de suivi.',
  },
  sendReport: { nl: 'Defect melden', en: 'Send report', de: 'Mangel melden', fr: 'Envoyer le signalement' },
  cannotReport: {
    nl: 'Voor dit artikel kun je hier geen defect melden.',
    en: 'You cannot report a defect for this item here.',
    de: 'Für diesen Artikel können Sie hier keinen Mangel melden.',
    fr: 'Vous ne pouvez pas signaler de défaut pour cet article ici.',
  },
  repairTitle: { nl: 'Reparatie', en: 'Repair', de: 'Reparatur', fr: 'Réparation' },
  'repair.awaiting_item': {
    nl: 'We repareren het artikel zodra het bij ons is.',
    en: 'We will repair the item as soon as it reaches us.',
    de: 'Wir reparieren den Artikel, sobald er bei uns ist.',
    fr: 'Nous réparerons l’article dès qu’il nous parvient.',
  },
  'repair.in_repair': {
    nl: 'Je artikel wordt gerepareerd.',
    en: 'Your item is being repaired.',
    de: 'Ihr Artikel wird repariert.',
    fr: 'Votre article est en réparation.',
  },
  'repair.shipped_back': {
    nl: 'Je artikel is gerepareerd en naar je teruggestuurd.',
    en: 'Your item has been repaired and sent back to you.',
    de: 'Ihr Artikel wurde repariert und an Sie zurückgeschickt.',
    fr: 'Votre article a été réparé et vous a été renvoyé.',
  },
  'repair.unrepairable.replacement': {
    nl: 'Je artikel kon niet worden gerepareerd. Je krijgt een nieuw exemplaar.',
    en: 'Your item could not be repaired. You will get a new one.',
    de: 'Ihr Artikel konnte nicht repariert werden. Sie erhalten einen neuen.',
    fr: 'Votre article n’a pas pu être réparé. Vous en recevrez un neuf.',
  },
  'repair.unrepairable.refund': {
    nl: 'Je artikel kon niet worden gerepareerd. Je krijgt je geld terug.',
    en: 'Your item could not be repaired. You will get your money back.',
    de: 'Ihr Artikel konnte nicht repariert werden. Sie erhalten Ihr Geld zurück.',
    fr: 'Votre article n’a pas pu être réparé. Vous serez remboursé.',
  },
  'repair.cancelled': {
    nl: 'De reparatie is geannuleerd.',
    en: 'The repair was cancelled.',
    de: 'Die Reparatur wurde storniert.',
    fr: 'La réparation a été annulée.',
  },
  trackingNumber: { nl: 'Track & trace', en: 'Tracking number', de: 'Sendungsnummer', fr: 'Numéro de suivi' },
} as const;

export type DefectTextKey = keyof typeof texts;

export function dt(locale: Locale, key: DefectTextKey, values: Record<string, string | number> = {}): string {
  return texts[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** Whether a line's legal guarantee still runs today (the last day counts). */
export function guaranteeRuns(guaranteeEnds: string | null | undefined, today = new Date()): boolean {
  return Boolean(guaranteeEnds) && (guaranteeEnds as string) >= today.toISOString().slice(0, 10);
}
