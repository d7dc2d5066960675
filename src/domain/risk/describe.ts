import type { RiskLocale } from './signalSentences.js';
import { LEGACY_RISK_SIGNAL_CODES, RISK_SIGNAL_CODES, type RiskSignalCode } from './signals.js';

/** What each signal measures and in which unit its threshold is, for the risk settings screen:
 * a shop changing a threshold has to know whether 2 means two parcels or twice the shop's rate. */

export type RiskSignalUnit = 'flag' | 'count' | 'multiple' | 'score' | 'money';

export const RISK_SIGNAL_UNITS: Record<RiskSignalCode, RiskSignalUnit> = {
  CUSTOMER_BLOCKED: 'flag',
  BLOCK_LISTED: 'flag',
  SERIAL_RETURNING: 'multiple',
  WARDROBING: 'count',
  BRACKETING: 'count',
  EMPTY_BOX: 'count',
  WRONG_ITEM: 'count',
  LINKED_ACCOUNTS: 'score',
  ACCOUNT_CLUSTER: 'count',
  RETURN_VELOCITY: 'count',
  LOOKUP_VELOCITY: 'count',
  REFUND_EXPOSURE: 'money',
  HIGH_VALUE: 'money',
  ALL_SHOP_FAULT: 'money',
  TRUSTED_SEGMENT: 'flag',
};

const DESCRIPTIONS: Record<RiskLocale, Record<RiskSignalCode, string>> = {
  en: {
    CUSTOMER_BLOCKED: "Whether the customer's segment is blocked (yes or no; threshold 1).",
    BLOCK_LISTED:
      'Whether the customer, or an e-mail address, address, phone number or payment card of theirs, is on the block list (yes or no; threshold 1).',
    SERIAL_RETURNING:
      "How many times the shop's own return rate by value the customer sends back (a multiple, e.g. 2 = twice the shop's rate); only from the minimum number of earlier returns.",
    WARDROBING:
      'Signs of wearing and returning: items found worn or used or without their tags at inspection, returns just after an event date, now and before (a count).',
    BRACKETING:
      'Products of which several sizes or colours were bought and all but one sent back (a count of products); shown as the cost of handling, not as fraud.',
    EMPTY_BOX: 'Parcels that arrived empty, this one and earlier ones (a count).',
    WRONG_ITEM: 'Lines that came back as another item, wrong or swapped, on this return and earlier ones (a count).',
    LINKED_ACCOUNTS:
      'The highest risk score among other customers who share an address, phone number, e-mail address, payment card, device or internet address (a score, 0–100).',
    ACCOUNT_CLUSTER:
      'Other customers who share a payment card, phone number or device with this one (a count); a shared address or internet connection alone does not count, as a household has those.',
    RETURN_VELOCITY: 'Returns asked within the velocity window, this one included (a count).',
    LOOKUP_VELOCITY: 'Different orders looked up from the same device or internet address in the last hour (a count).',
    REFUND_EXPOSURE: 'Money refunded before the goods arrived and still not received, over the customer’s returns (an amount).',
    HIGH_VALUE: 'What the items sent back were paid (an amount).',
    ALL_SHOP_FAULT: "What a return is worth when every line's reason blames the shop (an amount).",
    TRUSTED_SEGMENT: 'Whether the customer is a vip or an employee (yes or no); a negative weight lowers the score.',
  },
  nl: {
    CUSTOMER_BLOCKED: 'Of het segment van de klant geblokkeerd is (ja of nee; drempel 1).',
    BLOCK_LISTED:
      'Of de klant, of een e-mailadres, adres, telefoonnummer of betaalkaart van de klant, op de blokkeerlijst staat (ja of nee; drempel 1).',
    SERIAL_RETURNING:
      'Hoeveel keer het eigen retourpercentage (naar waarde) van de winkel de klant terugstuurt (een veelvoud, bijv. 2 = twee keer zoveel); pas vanaf het minimum aantal eerdere retouren.',
    WARDROBING:
      'Aanwijzingen voor dragen en terugsturen: artikelen die bij de inspectie gedragen, gebruikt of zonder labels zijn, retouren vlak na een feestdag of evenement, nu en eerder (een aantal).',
    BRACKETING:
      'Producten waarvan meerdere maten of kleuren zijn gekocht en op één na alle zijn teruggestuurd (een aantal producten); getoond als kosten van afhandeling, niet als fraude.',
    EMPTY_BOX: 'Pakketten die leeg aankwamen, dit en eerdere (een aantal).',
    WRONG_ITEM: 'Regels die terugkwamen als een ander artikel, verkeerd of verwisseld, op deze en eerdere retouren (een aantal).',
    LINKED_ACCOUNTS:
      'De hoogste risicoscore van andere klanten met hetzelfde adres, telefoonnummer, e-mailadres, dezelfde betaalkaart, hetzelfde apparaat of internetadres (een score, 0–100).',
    ACCOUNT_CLUSTER:
      'Andere klanten met dezelfde betaalkaart, hetzelfde telefoonnummer of apparaat als deze klant (een aantal); alleen een gedeeld adres of internetverbinding telt niet, die heeft een huishouden ook.',
    RETURN_VELOCITY: 'Retouren aangevraagd binnen de snelheidsperiode, deze meegeteld (een aantal).',
    LOOKUP_VELOCITY:
      'Verschillende bestellingen opgezocht vanaf hetzelfde apparaat of internetadres in het afgelopen uur (een aantal).',
    REFUND_EXPOSURE:
      'Geld terugbetaald voordat de goederen binnen waren en nog niet ontvangen, over de retouren van de klant (een bedrag).',
    HIGH_VALUE: 'Wat er voor de teruggestuurde artikelen is betaald (een bedrag).',
    ALL_SHOP_FAULT: 'Wat een retour waard is als de reden van elke regel bij de winkel ligt (een bedrag).',
    TRUSTED_SEGMENT: 'Of de klant een vip of medewerker is (ja of nee); een negatief gewicht verlaagt de score.',
  },
};

const LEGACY_DESCRIPTION: Record<RiskLocale, string> = {
  en: 'A signal from an earlier way of scoring, kept on older returns; no longer produced.',
  nl: 'Een signaal van een eerdere manier van scoren, bewaard op oudere retouren; wordt niet meer gegeven.',
};

/** What a signal measures and in which unit its threshold is. */
export function describeSignal(code: string, locale: RiskLocale): string {
  if ((RISK_SIGNAL_CODES as readonly string[]).includes(code)) return DESCRIPTIONS[locale][code as RiskSignalCode];
  if ((LEGACY_RISK_SIGNAL_CODES as readonly string[]).includes(code)) return LEGACY_DESCRIPTION[locale];
  return locale === 'nl' ? 'Een signaal dat deze versie niet kent.' : 'A signal this version does not know.';
}
