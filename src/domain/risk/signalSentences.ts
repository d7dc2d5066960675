import { formatMoney } from '../money.js';
import { LEGACY_RISK_SIGNAL_CODES, RISK_SIGNAL_CODES, type RiskSignal, type RiskSignalCode } from './signals.js';

/** Each signal's sentence for staff, from its strength, threshold and detail (explain.ts is where
 * the rest of the back office asks for them). */

export type RiskLocale = 'en' | 'nl';

type Detail = NonNullable<RiskSignal['detail']>;

// Signals carry minor units "read as if euros" (facts.ts): the thresholds are sizes, not prices.
const money = (minor: number, locale: RiskLocale) => formatMoney(minor, 'EUR', locale);

function number(value: number, locale: RiskLocale, digits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

function num(d: Detail | undefined, key: string): number {
  const v = d?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function str(d: Detail | undefined, key: string): string {
  const v = d?.[key];
  return typeof v === 'string' ? v : '';
}

function list(d: Detail | undefined, key: string): string[] {
  const v = d?.[key];
  return Array.isArray(v) ? v : [];
}

/** "a, b and c" / "a, b en c". */
function joinAnd(parts: string[], locale: RiskLocale): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} ${locale === 'nl' ? 'en' : 'and'} ${parts[parts.length - 1]}`;
}

function plural(n: number, one: string, many: string, locale: RiskLocale): string {
  return `${number(n, locale)} ${n === 1 ? one : many}`;
}

/** A count's threshold is worth saying only when one occurrence is not already enough. */
function countThreshold(threshold: number | undefined, locale: RiskLocale): string {
  if (threshold === undefined || threshold <= 1) return '';
  return ` (${locale === 'nl' ? 'drempel' : 'threshold'} ${number(threshold, locale, 2)})`;
}

function moneyThreshold(threshold: number | undefined, locale: RiskLocale): string {
  if (threshold === undefined) return '';
  return ` (${locale === 'nl' ? 'drempel' : 'threshold'} ${money(threshold, locale)})`;
}

const LIST_KINDS: Record<RiskLocale, Record<string, string>> = {
  en: {
    customer: 'the customer',
    email: 'an e-mail address',
    address: 'an address',
    phone: 'a phone number',
    payment: 'a payment card',
  },
  nl: {
    customer: 'de klant',
    email: 'een e-mailadres',
    address: 'een adres',
    phone: 'een telefoonnummer',
    payment: 'een betaalkaart',
  },
};

const LINKS: Record<RiskLocale, Record<string, string>> = {
  en: { ...LIST_KINDS.en, device: 'a device', ip: 'an internet address (IP)' },
  nl: { ...LIST_KINDS.nl, device: 'een apparaat', ip: 'een internetadres (IP)' },
};

function blockListed(s: RiskSignal, locale: RiskLocale): string {
  const kinds = list(s.detail, 'kinds');
  const reason = str(s.detail, 'reason');
  const customerItself = kinds.includes('customer');
  const others = kinds.filter((k) => k !== 'customer').map((k) => LIST_KINDS[locale][k] ?? k);
  const why = reason ? (locale === 'nl' ? ` (reden: “${reason}”)` : ` (reason: “${reason}”)`) : '';
  if (locale === 'nl') {
    if (customerItself && others.length === 0) return `De klant staat op de blokkeerlijst${why}.`;
    if (customerItself) return `De klant en ${joinAnd(others, locale)} van de klant staan op de blokkeerlijst${why}.`;
    if (others.length > 0)
      return `${capital(joinAnd(others, locale))} van de klant ${others.length === 1 ? 'staat' : 'staan'} op de blokkeerlijst${why}.`;
    return `Iets van de klant ${others.length === 1 ? 'staat' : 'staan'} op de blokkeerlijst${why}.`;
  }
  if (customerItself && others.length === 0) return `The customer is on the block list${why}.`;
  if (customerItself) return `The customer and ${joinAnd(others, locale)} of theirs are on the block list${why}.`;
  if (others.length > 0)
    return `${capital(joinAnd(others, locale))} of the customer's ${others.length === 1 ? 'is' : 'are'} on the block list${why}.`;
  return `Something of the customer's is on the block list${why}.`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function serial(s: RiskSignal, locale: RiskLocale): string {
  const multiple = number(s.strength ?? 0, locale, 1);
  const returns = num(s.detail, 'returns');
  const threshold = number(s.threshold ?? 0, locale, 1);
  return locale === 'nl'
    ? `Stuurde ${multiple}× zoveel terug als gebruikelijk in de winkel (naar waarde), over ${plural(returns, 'eerdere retour', 'eerdere retouren', locale)} (drempel ${threshold}×).`
    : `Returned ${multiple}× the shop's rate by value over ${plural(returns, 'earlier return', 'earlier returns', locale)} (threshold ${threshold}×).`;
}

function wardrobing(s: RiskSignal, locale: RiskLocale): string {
  const d = s.detail;
  const wornNow = num(d, 'wornNow');
  const tagsNow = num(d, 'tagsRemovedNow');
  const wornBefore = num(d, 'wornBefore');
  const eventsBefore = num(d, 'eventsBefore');
  const event = str(d, 'event');
  const nl = locale === 'nl';
  const parts: string[] = [];
  if (wornNow > 0)
    parts.push(
      nl
        ? `${plural(wornNow, 'artikel', 'artikelen', locale)} gedragen of gebruikt teruggekomen`
        : `${plural(wornNow, 'item', 'items', locale)} came back worn or used`,
    );
  if (tagsNow > 0)
    parts.push(
      nl
        ? `${plural(tagsNow, 'artikel', 'artikelen', locale)} zonder labels`
        : `${plural(tagsNow, 'item', 'items', locale)} without tags`,
    );
  if (event) parts.push(nl ? `teruggevraagd vlak na ${event}` : `asked back just after ${event}`);
  if (wornBefore > 0)
    parts.push(
      nl
        ? `eerder ${plural(wornBefore, 'artikel', 'artikelen', locale)} gedragen of zonder labels`
        : `${plural(wornBefore, 'earlier item', 'earlier items', locale)} found worn or without tags`,
    );
  if (eventsBefore > 0)
    parts.push(
      nl
        ? `${plural(eventsBefore, 'eerdere retour', 'eerdere retouren', locale)} vlak na een feestdag of evenement`
        : `${plural(eventsBefore, 'earlier return', 'earlier returns', locale)} just after an event`,
    );
  const what =
    parts.length > 0
      ? joinAnd(parts, locale)
      : plural(s.strength ?? 0, nl ? 'aanwijzing' : 'sign', nl ? 'aanwijzingen' : 'signs', locale);
  return nl
    ? `Aanwijzingen voor dragen en terugsturen: ${what}${countThreshold(s.threshold, locale)}.`
    : `Signs of wearing and returning: ${what}${countThreshold(s.threshold, locale)}.`;
}

function bracketing(s: RiskSignal, locale: RiskLocale): string {
  const products = s.strength ?? 0;
  const units = num(s.detail, 'units');
  const cost = money(num(s.detail, 'cost'), locale);
  if (locale === 'nl') {
    const what = `${plural(units, 'maat of kleur', 'maten of kleuren', locale)} van ${products === 1 ? 'één product' : `${number(products, locale)} producten`}`;
    return `Bracketing: ${what} teruggestuurd; de afhandeling kost ongeveer ${cost} — getoond als kosten, niet als fraude.`;
  }
  const what = `${plural(units, 'size or colour', 'sizes or colours', locale)} of ${products === 1 ? 'one product' : `${number(products, locale)} products`}`;
  return `Bracketing: ${what} sent back; costs about ${cost} to handle — shown as cost, not fraud.`;
}

function emptyBox(s: RiskSignal, locale: RiskLocale): string {
  const before = num(s.detail, 'before');
  const now = s.detail?.now === true;
  const t = countThreshold(s.threshold, locale);
  if (locale === 'nl') {
    if (before > 0 && now)
      return `${plural(before, 'eerder pakket kwam', 'eerdere pakketten kwamen', locale)} leeg aan, en dit ook${t}.`;
    if (now) return `Dit pakket kwam leeg aan${t}.`;
    return `${plural(before || (s.strength ?? 0), 'eerder pakket kwam', 'eerdere pakketten kwamen', locale)} leeg aan${t}.`;
  }
  if (before > 0 && now)
    return `${plural(before, 'earlier parcel', 'earlier parcels', locale)} arrived empty, and this one did too${t}.`;
  if (now) return `This parcel arrived empty${t}.`;
  return `${plural(before || (s.strength ?? 0), 'earlier parcel', 'earlier parcels', locale)} arrived empty${t}.`;
}

function wrongItem(s: RiskSignal, locale: RiskLocale): string {
  const before = num(s.detail, 'before');
  const now = num(s.detail, 'now');
  const t = countThreshold(s.threshold, locale);
  const nl = locale === 'nl';
  const parts: string[] = [];
  if (now > 0)
    parts.push(
      nl
        ? `${plural(now, 'regel', 'regels', locale)} van deze retour kwam${now === 1 ? '' : 'en'} terug als een ander artikel`
        : `${plural(now, 'line', 'lines', locale)} of this return came back as another item`,
    );
  if (before > 0)
    parts.push(
      nl
        ? `eerder ${plural(before, 'regel', 'regels', locale)}`
        : `${plural(before, 'earlier line', 'earlier lines', locale)} did too`,
    );
  if (parts.length === 0)
    parts.push(
      nl
        ? `${plural(s.strength ?? 0, 'regel', 'regels', locale)} kwam terug als een ander artikel`
        : `${plural(s.strength ?? 0, 'line', 'lines', locale)} came back as another item`,
    );
  if (now === 0 && before > 0) {
    return nl
      ? `Eerder ${before === 1 ? 'kwam' : 'kwamen'} ${plural(before, 'regel', 'regels', locale)} terug als een ander artikel${t}.`
      : `${plural(before, 'earlier line', 'earlier lines', locale)} came back as another item${t}.`;
  }
  return `${capital(nl ? parts.join(', en ') : parts.join(', and '))}${t}.`;
}

function linked(s: RiskSignal, locale: RiskLocale): string {
  const customers = num(s.detail, 'customers');
  const via = list(s.detail, 'via').map((v) => LINKS[locale][v] ?? v);
  const top = number(s.strength ?? 0, locale);
  const blocked = s.detail?.blocked === true;
  const shared = via.length > 0 ? joinAnd(via, locale) : locale === 'nl' ? 'gegevens' : 'details';
  if (locale === 'nl') {
    const who =
      customers === 1 ? 'een andere klant' : customers > 1 ? `${number(customers, locale)} andere klanten` : 'andere klanten';
    const score = `${customers === 1 ? `, die scoort ${top}` : `; de hoogste van hen scoort ${top}`}${countThreshold(s.threshold, locale)}`;
    return `Deelt ${shared} met ${who}${score}${blocked ? (customers === 1 ? ' en geblokkeerd is' : '; een van hen is geblokkeerd') : ''}.`;
  }
  const who =
    customers === 1 ? 'another customer' : customers > 1 ? `${number(customers, locale)} other customers` : 'other customers';
  const score = `${customers === 1 ? `, who scores ${top}` : `; the highest of them scores ${top}`}${countThreshold(s.threshold, locale)}`;
  return `Shares ${shared} with ${who}${score}${blocked ? (customers === 1 ? ' and is blocked' : '; one of them is blocked') : ''}.`;
}

function cluster(s: RiskSignal, locale: RiskLocale): string {
  const n = s.strength ?? 0;
  const via = list(s.detail, 'via').map((v) => LINKS[locale][v] ?? v);
  const shared =
    via.length > 0 ? joinAnd(via, locale) : locale === 'nl' ? 'een betaalkaart, telefoon of apparaat' : 'a card, phone or device';
  return locale === 'nl'
    ? `Deelt ${shared} met ${plural(n, 'andere klant', 'andere klanten', locale)}${countThreshold(s.threshold, locale)}.`
    : `Shares ${shared} with ${plural(n, 'other customer', 'other customers', locale)}${countThreshold(s.threshold, locale)}.`;
}

function returnVelocity(s: RiskSignal, locale: RiskLocale): string {
  const days = num(s.detail, 'days');
  const n = s.strength ?? 0;
  if (locale === 'nl') {
    const when = days > 0 ? `in ${plural(days, 'dag', 'dagen', locale)}` : 'in korte tijd';
    return `${plural(n, 'retour', 'retouren', locale)} aangevraagd ${when}, deze meegeteld${countThreshold(s.threshold, locale)}.`;
  }
  const when = days > 0 ? `in ${plural(days, 'day', 'days', locale)}` : 'in a short time';
  return `${plural(n, 'return', 'returns', locale)} asked ${when}, this one included${countThreshold(s.threshold, locale)}.`;
}

function lookupVelocity(s: RiskSignal, locale: RiskLocale): string {
  const n = s.strength ?? 0;
  return locale === 'nl'
    ? `${plural(n, 'andere bestelling', 'verschillende bestellingen', locale)} opgezocht vanaf hetzelfde apparaat of internetadres in het afgelopen uur${countThreshold(s.threshold, locale)}.`
    : `${plural(n, 'different order', 'different orders', locale)} looked up from the same device or internet address in the last hour${countThreshold(s.threshold, locale)}.`;
}

type Explainer = (s: RiskSignal, locale: RiskLocale) => string;

const EXPLAIN: Record<RiskSignalCode, Explainer> = {
  CUSTOMER_BLOCKED: (_s, l) => (l === 'nl' ? 'De klant staat in het segment geblokkeerd.' : "The customer's segment is blocked."),
  BLOCK_LISTED: blockListed,
  SERIAL_RETURNING: serial,
  WARDROBING: wardrobing,
  BRACKETING: bracketing,
  EMPTY_BOX: emptyBox,
  WRONG_ITEM: wrongItem,
  LINKED_ACCOUNTS: linked,
  ACCOUNT_CLUSTER: cluster,
  RETURN_VELOCITY: returnVelocity,
  LOOKUP_VELOCITY: lookupVelocity,
  REFUND_EXPOSURE: (s, l) =>
    l === 'nl'
      ? `${money(s.strength ?? 0, l)} terugbetaald voordat de goederen binnen waren, en nog steeds niet ontvangen${moneyThreshold(s.threshold, l)}.`
      : `${money(s.strength ?? 0, l)} refunded before the goods arrived and still not received${moneyThreshold(s.threshold, l)}.`,
  HIGH_VALUE: (s, l) =>
    l === 'nl'
      ? `Voor wat terug wordt gestuurd is ${money(s.strength ?? 0, l)} betaald${moneyThreshold(s.threshold, l)}.`
      : `What is sent back was paid ${money(s.strength ?? 0, l)}${moneyThreshold(s.threshold, l)}.`,
  ALL_SHOP_FAULT: (s, l) =>
    l === 'nl'
      ? `Elke regel geeft de winkel de schuld, op een retour van ${money(s.strength ?? 0, l)}${moneyThreshold(s.threshold, l)}.`
      : `Every line's reason blames the shop, on a return worth ${money(s.strength ?? 0, l)}${moneyThreshold(s.threshold, l)}.`,
  TRUSTED_SEGMENT: (s, l) => {
    const down = number(Math.abs(s.points), l);
    return l === 'nl'
      ? `Een vertrouwde klant (vip of medewerker): telt ${down} punten af.`
      : `A trusted customer (vip or employee): counts ${down} points down.`;
  },
};

/** Today's codes as the earlier scorer stored them, with points but no strength: what they meant then. */
const EARLIER: Record<RiskLocale, Partial<Record<RiskSignalCode, string>>> = {
  en: {
    CUSTOMER_BLOCKED: "The customer's segment was blocked (an earlier way of scoring).",
    HIGH_VALUE: 'A return of high value (an earlier way of scoring).',
    ALL_SHOP_FAULT: "Every line's reason blamed the shop on an expensive return (an earlier way of scoring).",
    TRUSTED_SEGMENT: 'A trusted customer, vip or employee (an earlier way of scoring).',
  },
  nl: {
    CUSTOMER_BLOCKED: 'Het segment van de klant was geblokkeerd (een eerdere manier van scoren).',
    HIGH_VALUE: 'Een retour van hoge waarde (een eerdere manier van scoren).',
    ALL_SHOP_FAULT: 'Elke regel gaf de winkel de schuld, op een dure retour (een eerdere manier van scoren).',
    TRUSTED_SEGMENT: 'Een vertrouwde klant, vip of medewerker (een eerdere manier van scoren).',
  },
};

function withoutNumbers(code: RiskSignalCode, points: number, locale: RiskLocale): string {
  const earlier = EARLIER[locale][code];
  if (earlier) return earlier;
  return `${words(code)} (${number(points, locale)} ${locale === 'nl' ? 'punten' : 'points'}).`;
}

/** Scores made before the signals above kept only a code: their sentence says what it meant then. */
const LEGACY: Record<RiskLocale, Record<(typeof LEGACY_RISK_SIGNAL_CODES)[number], string>> = {
  en: {
    SERIAL_RETURNER: 'Returned most of what they bought (an earlier way of scoring).',
    FREQUENT_RETURNER: 'Returned often (an earlier way of scoring).',
    MANY_RETURNS: 'Had many returns before (an earlier way of scoring).',
    NOTABLE_VALUE: 'A return of notable value (an earlier way of scoring).',
  },
  nl: {
    SERIAL_RETURNER: 'Stuurde het meeste terug van wat werd gekocht (een eerdere manier van scoren).',
    FREQUENT_RETURNER: 'Stuurde vaak terug (een eerdere manier van scoren).',
    MANY_RETURNS: 'Had al veel retouren (een eerdere manier van scoren).',
    NOTABLE_VALUE: 'Een retour van opvallende waarde (een eerdere manier van scoren).',
  },
};

const isCode = (code: string): code is RiskSignalCode => (RISK_SIGNAL_CODES as readonly string[]).includes(code);
const isLegacy = (code: string): code is (typeof LEGACY_RISK_SIGNAL_CODES)[number] =>
  (LEGACY_RISK_SIGNAL_CODES as readonly string[]).includes(code);

/** A code nobody wrote a sentence for still reads as words, never as SHOUTING_SNAKE_CASE. */
function words(code: string): string {
  return capital(code.toLowerCase().replace(/_+/g, ' ').trim());
}

/** One plain sentence for staff: why this signal fired on this return, with its numbers. */
export function signalSentence(signal: RiskSignal, locale: RiskLocale): string {
  if (isCode(signal.code) && signal.strength === undefined) return withoutNumbers(signal.code, signal.points, locale);
  if (isCode(signal.code)) return EXPLAIN[signal.code](signal, locale);
  if (isLegacy(signal.code)) return LEGACY[locale][signal.code];
  return locale === 'nl' ? `Signaal: ${words(signal.code).toLowerCase()}.` : `Signal: ${words(signal.code).toLowerCase()}.`;
}
