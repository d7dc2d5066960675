/** Plain sentences for shoppers that explain every verdict code, in the languages a shop can serve.
 * Pure: no I/O, only `Intl` for dates, money and numbers. */

import type { CodeParams, VerdictCode } from './codes.js';

export const SHOPPER_LOCALES = ['nl', 'en', 'de', 'fr'] as const;
export type ShopperLocale = (typeof SHOPPER_LOCALES)[number];

/** The regional format each language is written in. */
export const FORMAT_LOCALE: Record<ShopperLocale, string> = { nl: 'nl-NL', en: 'en-GB', de: 'de-DE', fr: 'fr-FR' };

export function isShopperLocale(value: unknown): value is ShopperLocale {
  return typeof value === 'string' && (SHOPPER_LOCALES as readonly string[]).includes(value);
}

/** Picks the best supported locale from an Accept-Language header or a locale string ('nl-BE' → 'nl'), falling back to the given default. */
export function pickLocale(wanted: string | null | undefined, fallback: ShopperLocale): ShopperLocale {
  if (!wanted) return fallback;
  const ranked = wanted
    .split(',')
    .map((part, index) => {
      const [tag = '', ...attrs] = part.split(';').map((s) => s.trim());
      let q = 1;
      for (const attr of attrs) {
        const m = /^q\s*=\s*([0-9.]+)$/i.exec(attr);
        if (m) q = Number(m[1]);
      }
      return { lang: tag.toLowerCase().split(/[-_]/)[0] ?? '', q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((c) => c.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const c of ranked) if (isShopperLocale(c.lang)) return c.lang;
  return fallback;
}

/** The params as ready-made text for one locale; a value that is missing or unusable is simply absent. */
interface Filled {
  deadline?: string;
  days?: string;
  amount?: string;
  percent?: string;
  limit?: string;
  returnable?: string;
  requested?: string;
  /** The resolutions, named and joined with "or" in the locale. */
  resolutions?: string;
  /** The raw counts, for singular/plural choices. */
  n: { days?: number; limit?: number; requested?: number; returnable?: number };
}

type Template = (p: Filled) => string;

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

function formatDate(value: string | undefined, locale: ShopperLocale): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Noon UTC keeps the calendar day whatever the formatter's offset.
  const date = new Date(Date.UTC(y, mo - 1, d, 12));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  const tag = FORMAT_LOCALE[locale];
  return cached(`date:${tag}`, () => new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' })).format(date);
}

function formatMoney(amount: number | undefined, currency: string | undefined, locale: ShopperLocale): string | undefined {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return undefined;
  if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency)) return undefined;
  const tag = FORMAT_LOCALE[locale];
  const code = currency.toUpperCase();
  let f: Intl.NumberFormat;
  try {
    f = cached(`money:${tag}:${code}`, () => new Intl.NumberFormat(tag, { style: 'currency', currency: code }));
  } catch {
    return undefined;
  }
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(amount / 10 ** digits);
}

function formatCount(value: number | undefined, locale: ShopperLocale): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  const tag = FORMAT_LOCALE[locale];
  return cached(`count:${tag}`, () => new Intl.NumberFormat(tag, { maximumFractionDigits: 0 })).format(value);
}

function formatPercent(value: number | undefined, locale: ShopperLocale): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  const tag = FORMAT_LOCALE[locale];
  return cached(`pct:${tag}`, () => new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 2 })).format(
    value / 100,
  );
}

/** Resolutions as a shopper chooses them in a sentence ("choose store credit or an exchange"). */
const RESOLUTION_WORDS: Record<ShopperLocale, Record<string, string>> = {
  nl: { refund: 'geld terug', store_credit: 'tegoed', exchange: 'ruilen' },
  en: { refund: 'a refund', store_credit: 'store credit', exchange: 'an exchange' },
  de: { refund: 'eine Erstattung', store_credit: 'Guthaben', exchange: 'einen Umtausch' },
  fr: { refund: 'un remboursement', store_credit: 'un avoir', exchange: 'un échange' },
};

function formatResolutions(value: string[] | undefined, locale: ShopperLocale): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const words = value.flatMap((r) => (typeof r === 'string' && RESOLUTION_WORDS[locale][r] ? [RESOLUTION_WORDS[locale][r]] : []));
  if (words.length === 0) return undefined;
  return new Intl.ListFormat(FORMAT_LOCALE[locale], { type: 'disjunction' }).format([...new Set(words)]);
}

function fill(params: CodeParams | undefined, locale: ShopperLocale): Filled {
  const p = params ?? {};
  const count = (v: number | undefined) => (formatCount(v, locale) === undefined ? undefined : v);
  return {
    deadline: formatDate(p.deadline, locale),
    days: formatCount(p.days, locale),
    amount: formatMoney(p.amount, p.currency, locale),
    percent: formatPercent(p.percent, locale),
    limit: formatCount(p.limit, locale),
    returnable: formatCount(p.returnable, locale),
    requested: formatCount(p.requested, locale),
    resolutions: formatResolutions(p.resolutions, locale),
    n: { days: count(p.days), limit: count(p.limit), requested: count(p.requested), returnable: count(p.returnable) },
  };
}

const NL: Record<VerdictCode, Template> = {
  NOT_DELIVERED: () => 'Dit artikel is nog niet bij je bezorgd, dus je kunt het nog niet retourneren.',
  WINDOW_EXPIRED: ({ deadline }) =>
    deadline ? `De retourtermijn voor dit artikel is verlopen op ${deadline}.` : 'De retourtermijn voor dit artikel is verlopen.',
  ALREADY_RETURNED: () => 'Alle exemplaren van dit artikel zitten al in een retour, dus er is niets meer om terug te sturen.',
  QUANTITY_EXCEEDS_RETURNABLE: ({ requested, returnable }) =>
    requested && returnable
      ? `Je wilt ${requested} stuks van dit artikel retourneren, maar je kunt er nog maar ${returnable} terugsturen.`
      : returnable
        ? `Van dit artikel kun je er nog maar ${returnable} terugsturen.`
        : requested
          ? `Je wilt ${requested} stuks van dit artikel retourneren, maar zoveel kun je er niet meer terugsturen.`
          : 'Je wilt meer stuks van dit artikel retourneren dan je nog kunt terugsturen.',
  FINAL_SALE: () => 'Je hebt dit artikel gekocht zonder retourrecht (final sale), dus je kunt het niet retourneren.',
  STATUTORY_EXCEPTION_PERSONALISED: () =>
    'Dit artikel is op maat gemaakt of gepersonaliseerd. Daarom valt het buiten het wettelijke herroepingsrecht en kun je het niet retourneren.',
  STATUTORY_EXCEPTION_PERISHABLE: () =>
    'Dit artikel is bederfelijk. Daarom valt het buiten het wettelijke herroepingsrecht en kun je het niet retourneren.',
  CUSTOMER_BLOCKED: () => 'Retouren voor je account kunnen we niet online afhandelen. Neem contact op met de klantenservice.',
  WARRANTY_EXPIRED: ({ deadline }) =>
    deadline
      ? `De wettelijke garantie van 2 jaar op dit artikel is verlopen op ${deadline}.`
      : 'De wettelijke garantie van 2 jaar op dit artikel is verlopen.',
  NO_RESOLUTION_ALLOWED: () =>
    'Voor dit artikel is online geen terugbetaling, tegoed of ruil mogelijk. Neem contact op met de klantenservice, dan helpen we je verder.',
  NO_METHOD_ALLOWED: () =>
    'Je kunt dit artikel niet online terugsturen, want er is geen verzendmethode voor. Neem contact op met de klantenservice, dan helpen we je verder.',
  STATUTORY_EXCEPTION_HYGIENE: () =>
    'Dit artikel is om hygiënische redenen verzegeld. Je kunt het alleen retourneren als de verzegeling nog intact is; de winkel controleert dit.',
  STATUTORY_EXCEPTION_MEDIA: () =>
    'Dit is verzegelde audio, video of software. Je kunt het alleen retourneren als de verzegeling nog intact is; de winkel controleert dit.',
  MANUAL_REVIEW: () => 'De winkel bekijkt deze retour eerst voordat die wordt goedgekeurd.',
  CUSTOMER_BLOCKED_REVIEW: () =>
    'De winkel beoordeelt deze retour persoonlijk. Je wettelijke herroepingsrecht blijft gewoon gelden.',
  WARRANTY_CLAIM: ({ deadline }) =>
    `We behandelen dit als een beroep op de wettelijke garantie${deadline ? ` (geldig tot en met ${deadline})` : ''}: reparatie, vervanging of terugbetaling. De winkel bekijkt eerst het defect.`,
  EXCHANGE_ONLY: () => 'Dit artikel kun je alleen ruilen.',
  EXCHANGE_LIMIT_REACHED: ({ limit }) =>
    limit
      ? `Je hebt dit artikel al ${limit} keer geruild, dus nog een keer ruilen is niet mogelijk.`
      : 'Je hebt dit artikel al zo vaak geruild als mogelijk is, dus nog een keer ruilen is niet mogelijk.',
  PHOTO_REQUIRED: () => "Voeg alsjeblieft foto's van het artikel toe.",
  RETURN_WINDOW: ({ deadline, days, n }) =>
    deadline
      ? `Je kunt dit artikel retourneren tot en met ${deadline}.`
      : days
        ? `Je kunt dit artikel binnen ${days} ${n.days === 1 ? 'dag' : 'dagen'} retourneren.`
        : 'Je kunt dit artikel retourneren.',
  EU_WITHDRAWAL_RIGHT: ({ deadline, days, n }) =>
    deadline
      ? `Met je wettelijke herroepingsrecht kun je dit artikel tot en met ${deadline} retourneren en krijg je je geld terug.`
      : days
        ? `Met je wettelijke herroepingsrecht kun je dit artikel binnen ${days} ${n.days === 1 ? 'dag' : 'dagen'} retourneren en krijg je je geld terug.`
        : 'Met je wettelijke herroepingsrecht kun je dit artikel retourneren en krijg je je geld terug.',
  RESTOCKING_FEE: ({ amount, percent }) =>
    amount
      ? `Er gaat ${amount}${percent ? ` (${percent})` : ''} aan verwerkingskosten af van je terugbetaling.`
      : percent
        ? `Er gaat ${percent} aan verwerkingskosten af van je terugbetaling.`
        : 'Er gaan verwerkingskosten af van je terugbetaling.',
  RESTOCKING_FEE_NOT_ALLOWED: () =>
    'Er gaan geen verwerkingskosten af van je terugbetaling, omdat je gebruikmaakt van je wettelijke herroepingsrecht.',
  RETURN_SHIPPING_FEE: ({ amount }) =>
    amount ? `Het terugsturen kost ${amount} aan verzendkosten.` : 'Voor het terugsturen betaal je verzendkosten.',
  FEE_WAIVED: ({ amount }) =>
    amount
      ? `Goed nieuws: je hoeft de kosten van ${amount} niet te betalen.`
      : 'Goed nieuws: je hoeft de kosten niet te betalen.',
  FEE_NOT_DISCLOSED: () => 'Je betaalt geen retourkosten, omdat die niet in het retourbeleid stonden.',
  BONUS_CREDIT: ({ amount, percent, resolutions }) => {
    const extra = amount ? `${amount} extra` : percent ? `${percent} extra` : 'een extraatje';
    return resolutions ? `Kies je voor ${resolutions}, dan krijg je ${extra}.` : `Bij deze keuze krijg je ${extra}.`;
  },
  KEEP_ITEM: () => 'Je mag het artikel houden; je hoeft het niet terug te sturen.',
  STAFF_EXCEPTION: () => 'De klantenservice heeft voor jou een uitzondering gemaakt.',
};

const EN: Record<VerdictCode, Template> = {
  NOT_DELIVERED: () => "This item hasn't been delivered yet, so you can't return it yet.",
  WINDOW_EXPIRED: ({ deadline }) =>
    deadline ? `The return period for this item ended on ${deadline}.` : 'The return period for this item has ended.',
  ALREADY_RETURNED: () => "All of this item is already part of a return, so there's nothing left to send back.",
  QUANTITY_EXCEEDS_RETURNABLE: ({ requested, returnable }) =>
    requested && returnable
      ? `You want to return ${requested} of this item, but only ${returnable} can still be returned.`
      : returnable
        ? `Only ${returnable} of this item can still be returned.`
        : requested
          ? `You want to return ${requested} of this item, but that many can no longer be returned.`
          : 'You want to return more of this item than can still be returned.',
  FINAL_SALE: () => "This item was bought as final sale, so it can't be returned.",
  STATUTORY_EXCEPTION_PERSONALISED: () =>
    "This item was made to measure or personalised, so it's excluded from the legal right of withdrawal and can't be returned.",
  STATUTORY_EXCEPTION_PERISHABLE: () =>
    "This item is perishable, so it's excluded from the legal right of withdrawal and can't be returned.",
  CUSTOMER_BLOCKED: () => "Returns for your account can't be handled online. Please contact customer service.",
  WARRANTY_EXPIRED: ({ deadline }) =>
    deadline
      ? `The 2-year legal guarantee for this item ended on ${deadline}.`
      : 'The 2-year legal guarantee for this item has ended.',
  NO_RESOLUTION_ALLOWED: () =>
    "There's no refund, store credit or exchange available online for this item. Please contact customer service and they'll help you further.",
  NO_METHOD_ALLOWED: () =>
    "There's no way to send this item back online. Please contact customer service and they'll help you further.",
  STATUTORY_EXCEPTION_HYGIENE: () =>
    'This item is sealed for hygiene reasons. You can only return it if the seal is unbroken; the shop will check this.',
  STATUTORY_EXCEPTION_MEDIA: () =>
    'This is sealed audio, video or software. You can only return it if the seal is unbroken; the shop will check this.',
  MANUAL_REVIEW: () => 'The shop will review this return before approving it.',
  CUSTOMER_BLOCKED_REVIEW: () => 'The shop will review this return personally. Your legal right of withdrawal still applies.',
  WARRANTY_CLAIM: ({ deadline }) =>
    `This is handled as a claim under the legal guarantee${deadline ? ` (valid until ${deadline})` : ''}: repair, replacement or refund. The shop will look at the defect first.`,
  EXCHANGE_ONLY: () => 'This item can only be exchanged.',
  EXCHANGE_LIMIT_REACHED: ({ limit, n }) =>
    limit
      ? `You've already exchanged this item ${n.limit === 1 ? 'once' : `${limit} times`}, so it can't be exchanged again.`
      : "You've already exchanged this item as often as allowed, so it can't be exchanged again.",
  PHOTO_REQUIRED: () => 'Please add photos of the item.',
  RETURN_WINDOW: ({ deadline, days, n }) =>
    deadline
      ? `You can return this item until ${deadline}.`
      : days
        ? `You can return this item within ${days} ${n.days === 1 ? 'day' : 'days'}.`
        : 'You can return this item.',
  EU_WITHDRAWAL_RIGHT: ({ deadline, days, n }) =>
    deadline
      ? `Under your legal right of withdrawal, you can return this item until ${deadline} for a refund.`
      : days
        ? `Under your legal right of withdrawal, you can return this item within ${days} ${n.days === 1 ? 'day' : 'days'} for a refund.`
        : 'Under your legal right of withdrawal, you can return this item for a refund.',
  RESTOCKING_FEE: ({ amount, percent }) =>
    amount
      ? `A restocking fee of ${amount}${percent ? ` (${percent})` : ''} will be deducted from your refund.`
      : percent
        ? `A restocking fee of ${percent} will be deducted from your refund.`
        : 'A restocking fee will be deducted from your refund.',
  RESTOCKING_FEE_NOT_ALLOWED: () => "No restocking fee is charged, because you're using your legal right of withdrawal.",
  RETURN_SHIPPING_FEE: ({ amount }) => (amount ? `Return shipping costs ${amount}.` : 'You pay for return shipping.'),
  FEE_WAIVED: ({ amount }) =>
    amount ? `Good news: the fee of ${amount} is waived for you.` : 'Good news: the fee is waived for you.',
  FEE_NOT_DISCLOSED: () => "You won't be charged any return costs, because they weren't stated in the return policy.",
  BONUS_CREDIT: ({ amount, percent, resolutions }) => {
    const extra = amount ? `${amount} extra` : percent ? `${percent} extra` : 'a little extra';
    return resolutions ? `Choose ${resolutions} and you get ${extra}.` : `With this choice you get ${extra}.`;
  },
  KEEP_ITEM: () => "You may keep the item; there's no need to send it back.",
  STAFF_EXCEPTION: () => 'Customer service has made an exception for you.',
};

const DE: Record<VerdictCode, Template> = {
  NOT_DELIVERED: () => 'Dieser Artikel wurde noch nicht zugestellt, daher können Sie ihn noch nicht zurücksenden.',
  WINDOW_EXPIRED: ({ deadline }) =>
    deadline
      ? `Die Rückgabefrist für diesen Artikel ist am ${deadline} abgelaufen.`
      : 'Die Rückgabefrist für diesen Artikel ist abgelaufen.',
  ALREADY_RETURNED: () => 'Alle Exemplare dieses Artikels sind bereits Teil einer Rücksendung.',
  QUANTITY_EXCEEDS_RETURNABLE: ({ requested, returnable }) =>
    requested && returnable
      ? `Sie möchten ${requested} Stück dieses Artikels zurücksenden, können aber nur noch ${returnable} Stück zurückgeben.`
      : returnable
        ? `Von diesem Artikel können Sie nur noch ${returnable} Stück zurückgeben.`
        : requested
          ? `Sie möchten ${requested} Stück dieses Artikels zurücksenden, so viele können Sie aber nicht mehr zurückgeben.`
          : 'Sie möchten mehr Stück dieses Artikels zurücksenden, als Sie noch zurückgeben können.',
  FINAL_SALE: () => 'Dieser Artikel wurde ohne Rückgaberecht (Final Sale) gekauft und kann nicht zurückgegeben werden.',
  STATUTORY_EXCEPTION_PERSONALISED: () =>
    'Dieser Artikel wurde nach Maß angefertigt oder personalisiert. Er ist daher vom gesetzlichen Widerrufsrecht ausgeschlossen und kann nicht zurückgegeben werden.',
  STATUTORY_EXCEPTION_PERISHABLE: () =>
    'Dieser Artikel ist verderblich. Er ist daher vom gesetzlichen Widerrufsrecht ausgeschlossen und kann nicht zurückgegeben werden.',
  CUSTOMER_BLOCKED: () =>
    'Rücksendungen für Ihr Kundenkonto können nicht online bearbeitet werden. Bitte wenden Sie sich an den Kundenservice.',
  WARRANTY_EXPIRED: ({ deadline }) =>
    deadline
      ? `Die zweijährige gesetzliche Gewährleistung für diesen Artikel ist am ${deadline} abgelaufen.`
      : 'Die zweijährige gesetzliche Gewährleistung für diesen Artikel ist abgelaufen.',
  NO_RESOLUTION_ALLOWED: () =>
    'Für diesen Artikel ist online keine Erstattung, kein Guthaben und kein Umtausch möglich. Bitte wenden Sie sich an den Kundenservice, dort hilft man Ihnen gerne weiter.',
  NO_METHOD_ALLOWED: () =>
    'Für diesen Artikel gibt es online keine Möglichkeit zur Rücksendung. Bitte wenden Sie sich an den Kundenservice, dort hilft man Ihnen gerne weiter.',
  STATUTORY_EXCEPTION_HYGIENE: () =>
    'Dieser Artikel ist aus Hygienegründen versiegelt. Sie können ihn nur zurückgeben, wenn das Siegel unbeschädigt ist; der Shop prüft das.',
  STATUTORY_EXCEPTION_MEDIA: () =>
    'Dies ist eine versiegelte Audio- oder Videoaufnahme oder Software. Sie können sie nur zurückgeben, wenn das Siegel unbeschädigt ist; der Shop prüft das.',
  MANUAL_REVIEW: () => 'Der Shop prüft diese Rücksendung, bevor sie genehmigt wird.',
  CUSTOMER_BLOCKED_REVIEW: () =>
    'Der Shop prüft diese Rücksendung persönlich. Ihr gesetzliches Widerrufsrecht bleibt davon unberührt.',
  WARRANTY_CLAIM: ({ deadline }) =>
    `Dies wird als Anspruch aus der gesetzlichen Gewährleistung behandelt${deadline ? ` (gültig bis zum ${deadline})` : ''}: Reparatur, Ersatz oder Erstattung. Der Shop sieht sich den Mangel zuerst an.`,
  EXCHANGE_ONLY: () => 'Diesen Artikel können Sie nur umtauschen.',
  EXCHANGE_LIMIT_REACHED: ({ limit, n }) =>
    limit
      ? `Sie haben diesen Artikel bereits ${n.limit === 1 ? 'einmal' : `${limit}-mal`} umgetauscht, ein weiterer Umtausch ist nicht möglich.`
      : 'Sie haben diesen Artikel bereits so oft wie möglich umgetauscht, ein weiterer Umtausch ist nicht möglich.',
  PHOTO_REQUIRED: () => 'Bitte fügen Sie Fotos des Artikels hinzu.',
  RETURN_WINDOW: ({ deadline, days, n }) =>
    deadline
      ? `Sie können diesen Artikel bis zum ${deadline} zurücksenden.`
      : days
        ? `Sie können diesen Artikel innerhalb von ${days} ${n.days === 1 ? 'Tag' : 'Tagen'} zurücksenden.`
        : 'Sie können diesen Artikel zurücksenden.',
  EU_WITHDRAWAL_RIGHT: ({ deadline, days, n }) =>
    deadline
      ? `Mit Ihrem gesetzlichen Widerrufsrecht können Sie diesen Artikel bis zum ${deadline} zurücksenden und erhalten Ihr Geld zurück.`
      : days
        ? `Mit Ihrem gesetzlichen Widerrufsrecht können Sie diesen Artikel innerhalb von ${days} ${n.days === 1 ? 'Tag' : 'Tagen'} zurücksenden und erhalten Ihr Geld zurück.`
        : 'Mit Ihrem gesetzlichen Widerrufsrecht können Sie diesen Artikel zurücksenden und erhalten Ihr Geld zurück.',
  RESTOCKING_FEE: ({ amount, percent }) =>
    amount
      ? `Von Ihrer Erstattung wird eine Wiedereinlagerungsgebühr von ${amount}${percent ? ` (${percent})` : ''} abgezogen.`
      : percent
        ? `Von Ihrer Erstattung wird eine Wiedereinlagerungsgebühr von ${percent} abgezogen.`
        : 'Von Ihrer Erstattung wird eine Wiedereinlagerungsgebühr abgezogen.',
  RESTOCKING_FEE_NOT_ALLOWED: () =>
    'Es wird keine Wiedereinlagerungsgebühr berechnet, weil Sie Ihr gesetzliches Widerrufsrecht nutzen.',
  RETURN_SHIPPING_FEE: ({ amount }) =>
    amount ? `Die Rücksendung kostet ${amount}.` : 'Die Kosten der Rücksendung tragen Sie selbst.',
  FEE_WAIVED: ({ amount }) =>
    amount ? `Gute Nachricht: Die Gebühr von ${amount} entfällt für Sie.` : 'Gute Nachricht: Die Gebühr entfällt für Sie.',
  FEE_NOT_DISCLOSED: () =>
    'Ihnen werden keine Rücksendekosten berechnet, weil sie in den Rückgabebedingungen nicht angegeben waren.',
  BONUS_CREDIT: ({ amount, percent, resolutions }) => {
    const extra = amount ? `${amount} zusätzlich` : percent ? `${percent} zusätzlich` : 'einen Bonus';
    return resolutions ? `Wenn Sie ${resolutions} wählen, erhalten Sie ${extra}.` : `Mit dieser Wahl erhalten Sie ${extra}.`;
  },
  KEEP_ITEM: () => 'Sie dürfen den Artikel behalten und müssen ihn nicht zurücksenden.',
  STAFF_EXCEPTION: () => 'Der Kundenservice hat für Sie eine Ausnahme gemacht.',
};

const FR: Record<VerdictCode, Template> = {
  NOT_DELIVERED: () => "Cet article n'a pas encore été livré, vous ne pouvez donc pas encore le retourner.",
  WINDOW_EXPIRED: ({ deadline }) =>
    deadline ? `Le délai de retour de cet article a expiré le ${deadline}.` : 'Le délai de retour de cet article a expiré.',
  ALREADY_RETURNED: () => "Tous les exemplaires de cet article font déjà partie d'un retour.",
  QUANTITY_EXCEEDS_RETURNABLE: ({ requested, returnable, n }) =>
    requested && returnable
      ? `Vous souhaitez retourner ${requested} ${(n.requested ?? 0) <= 1 ? 'exemplaire' : 'exemplaires'} de cet article, mais vous pouvez encore en retourner ${returnable} au maximum.`
      : returnable
        ? `Vous pouvez encore retourner au maximum ${returnable} ${(n.returnable ?? 0) <= 1 ? 'exemplaire' : 'exemplaires'} de cet article.`
        : requested
          ? `Vous souhaitez retourner ${requested} ${(n.requested ?? 0) <= 1 ? 'exemplaire' : 'exemplaires'} de cet article, mais il n'en reste plus autant à retourner.`
          : "Vous souhaitez retourner plus d'exemplaires de cet article qu'il n'est encore possible.",
  FINAL_SALE: () => 'Cet article a été acheté sans possibilité de retour (vente finale) et ne peut donc pas être retourné.',
  STATUTORY_EXCEPTION_PERSONALISED: () =>
    'Cet article a été fabriqué sur mesure ou personnalisé. Il est donc exclu du droit légal de rétractation et ne peut pas être retourné.',
  STATUTORY_EXCEPTION_PERISHABLE: () =>
    'Cet article est périssable. Il est donc exclu du droit légal de rétractation et ne peut pas être retourné.',
  CUSTOMER_BLOCKED: () =>
    'Les retours pour votre compte ne peuvent pas être traités en ligne. Veuillez contacter le service client.',
  WARRANTY_EXPIRED: ({ deadline }) =>
    deadline
      ? `La garantie légale de conformité de 2 ans pour cet article a pris fin le ${deadline}.`
      : 'La garantie légale de conformité de 2 ans pour cet article a pris fin.',
  NO_RESOLUTION_ALLOWED: () =>
    "Aucun remboursement, avoir ou échange n'est possible en ligne pour cet article. Veuillez contacter le service client, qui vous aidera volontiers.",
  NO_METHOD_ALLOWED: () =>
    "Aucun mode de renvoi n'est disponible en ligne pour cet article. Veuillez contacter le service client, qui vous aidera volontiers.",
  STATUTORY_EXCEPTION_HYGIENE: () =>
    "Cet article est scellé pour des raisons d'hygiène. Vous ne pouvez le retourner que si le scellé est intact. La boutique le vérifiera.",
  STATUTORY_EXCEPTION_MEDIA: () =>
    "Il s'agit d'un enregistrement audio ou vidéo ou d'un logiciel scellé. Vous ne pouvez le retourner que si le scellé est intact. La boutique le vérifiera.",
  MANUAL_REVIEW: () => "La boutique examinera ce retour avant de l'accepter.",
  CUSTOMER_BLOCKED_REVIEW: () =>
    'La boutique examinera ce retour personnellement. Votre droit légal de rétractation reste bien entendu valable.',
  WARRANTY_CLAIM: ({ deadline }) =>
    `Ce retour est traité comme une demande au titre de la garantie légale de conformité${deadline ? ` (valable jusqu'au ${deadline})` : ''}, qui peut donner lieu à une réparation, un remplacement ou un remboursement. La boutique examinera d'abord le défaut.`,
  EXCHANGE_ONLY: () => 'Cet article peut uniquement être échangé.',
  EXCHANGE_LIMIT_REACHED: ({ limit }) =>
    limit
      ? `Vous avez déjà échangé cet article ${limit} fois, un nouvel échange n'est donc pas possible.`
      : "Vous avez déjà échangé cet article autant de fois que possible, un nouvel échange n'est donc pas possible.",
  PHOTO_REQUIRED: () => "Veuillez ajouter des photos de l'article.",
  RETURN_WINDOW: ({ deadline, days, n }) =>
    deadline
      ? `Vous pouvez retourner cet article jusqu'au ${deadline}.`
      : days
        ? `Vous pouvez retourner cet article dans un délai de ${days} ${n.days === 1 ? 'jour' : 'jours'}.`
        : 'Vous pouvez retourner cet article.',
  EU_WITHDRAWAL_RIGHT: ({ deadline, days, n }) =>
    deadline
      ? `Grâce à votre droit légal de rétractation, vous pouvez retourner cet article jusqu'au ${deadline} et obtenir un remboursement.`
      : days
        ? `Grâce à votre droit légal de rétractation, vous pouvez retourner cet article dans un délai de ${days} ${n.days === 1 ? 'jour' : 'jours'} et obtenir un remboursement.`
        : 'Grâce à votre droit légal de rétractation, vous pouvez retourner cet article et obtenir un remboursement.',
  RESTOCKING_FEE: ({ amount, percent }) =>
    amount
      ? `Des frais de remise en stock de ${amount}${percent ? ` (${percent})` : ''} seront déduits de votre remboursement.`
      : percent
        ? `Des frais de remise en stock de ${percent} seront déduits de votre remboursement.`
        : 'Des frais de remise en stock seront déduits de votre remboursement.',
  RESTOCKING_FEE_NOT_ALLOWED: () =>
    'Aucuns frais de remise en stock ne sont appliqués, car vous exercez votre droit légal de rétractation.',
  RETURN_SHIPPING_FEE: ({ amount }) =>
    amount ? `Les frais de renvoi s'élèvent à ${amount}.` : 'Les frais de renvoi sont à votre charge.',
  FEE_WAIVED: ({ amount }) =>
    amount ? `Bonne nouvelle, les frais de ${amount} vous sont offerts.` : 'Bonne nouvelle, les frais vous sont offerts.',
  FEE_NOT_DISCLOSED: () =>
    "Aucuns frais de retour ne vous sont facturés, car ils n'étaient pas indiqués dans la politique de retour.",
  BONUS_CREDIT: ({ amount, percent, resolutions }) => {
    const extra = amount ? `${amount} en plus` : percent ? `${percent} en plus` : 'un bonus';
    return resolutions ? `Si vous choisissez ${resolutions}, vous recevez ${extra}.` : `Avec ce choix, vous recevez ${extra}.`;
  },
  KEEP_ITEM: () => "Vous pouvez garder l'article, inutile de nous le renvoyer.",
  STAFF_EXCEPTION: () => 'Le service client a fait une exception pour vous.',
};

const TEXTS: Record<ShopperLocale, Record<VerdictCode, Template>> = { nl: NL, en: EN, de: DE, fr: FR };

/** For a code this build does not know (e.g. read back from an older or newer stored verdict). */
const UNKNOWN: Record<ShopperLocale, string> = {
  nl: 'Voor dit artikel geldt een voorwaarde van de winkel. Neem bij vragen contact op met de klantenservice.',
  en: 'A condition of the shop applies to this item. Please contact customer service if you have any questions.',
  de: 'Für diesen Artikel gilt eine Bedingung des Shops. Bei Fragen wenden Sie sich bitte an den Kundenservice.',
  fr: "Une condition de la boutique s'applique à cet article. Pour toute question, veuillez contacter le service client.",
};

/** One plain sentence for a shopper explaining the code, filled with its params, e.g. WINDOW_EXPIRED with deadline '2026-03-16' in nl → "De retourtermijn voor dit artikel is verlopen op 16 maart 2026." */
export function explainCode(code: VerdictCode, locale: ShopperLocale, params?: CodeParams): string {
  const lang: ShopperLocale = isShopperLocale(locale) ? locale : 'en';
  const template = (TEXTS[lang] as Partial<Record<string, Template>>)[code];
  return template ? template(fill(params, lang)) : UNKNOWN[lang];
}
