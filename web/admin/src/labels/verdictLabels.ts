import type { VerdictCode } from '../../../../src/domain/policy/codes.js';
import { LEGACY_RISK_SIGNAL_CODES, RISK_SIGNAL_CODES } from '../../../../src/domain/risk/signals.js';
import type { Table } from './labelTable.js';

/** Labels of the policy's verdicts and the risk score's signals. */
/** The policy's reasons for a verdict on a line, as staff read them. */
export const VERDICT_CODE_LABELS: Table<VerdictCode> = {
  en: {
    NOT_DELIVERED: 'Not delivered yet',
    WINDOW_EXPIRED: 'Return window over',
    ALREADY_RETURNED: 'Already returned',
    QUANTITY_EXCEEDS_RETURNABLE: 'More than can be returned',
    FINAL_SALE: 'Final sale',
    STATUTORY_EXCEPTION_PERSONALISED: 'Personalised (no right of withdrawal)',
    STATUTORY_EXCEPTION_PERISHABLE: 'Perishable (no right of withdrawal)',
    CUSTOMER_BLOCKED: 'Customer blocked',
    WARRANTY_EXPIRED: 'Legal guarantee over',
    NO_RESOLUTION_ALLOWED: 'No resolution allowed',
    NO_METHOD_ALLOWED: 'No return method allowed',
    STATUTORY_EXCEPTION_HYGIENE: 'Sealed for hygiene: check the seal',
    STATUTORY_EXCEPTION_MEDIA: 'Sealed media: check the seal',
    MANUAL_REVIEW: 'A person decides',
    CUSTOMER_BLOCKED_REVIEW: 'Blocked customer within their rights: a person decides',
    WARRANTY_CLAIM: 'Defect under the legal guarantee',
    EXCHANGE_ONLY: 'Exchange only',
    EXCHANGE_LIMIT_REACHED: 'Exchange limit reached',
    PHOTO_REQUIRED: 'Photos required',
    RETURN_WINDOW: 'Within the return window',
    EU_WITHDRAWAL_RIGHT: 'EU right of withdrawal',
    RESTOCKING_FEE: 'Restocking fee',
    RESTOCKING_FEE_NOT_ALLOWED: 'No restocking fee (not allowed here)',
    RETURN_SHIPPING_FEE: 'Return shipping fee',
    FEE_WAIVED: 'Fee waived',
    FEE_NOT_DISCLOSED: 'Fee not disclosed, so not charged',
    BONUS_CREDIT: 'Store-credit bonus',
    KEEP_ITEM: 'Shopper keeps the item',
    STAFF_EXCEPTION: 'Exception granted by staff',
  },
  nl: {
    NOT_DELIVERED: 'Nog niet bezorgd',
    WINDOW_EXPIRED: 'Retourtermijn voorbij',
    ALREADY_RETURNED: 'Al geretourneerd',
    QUANTITY_EXCEEDS_RETURNABLE: 'Meer dan retourneerbaar',
    FINAL_SALE: 'Uitverkoop, geen retour',
    STATUTORY_EXCEPTION_PERSONALISED: 'Gepersonaliseerd (geen herroepingsrecht)',
    STATUTORY_EXCEPTION_PERISHABLE: 'Bederfelijk (geen herroepingsrecht)',
    CUSTOMER_BLOCKED: 'Klant geblokkeerd',
    WARRANTY_EXPIRED: 'Wettelijke garantie voorbij',
    NO_RESOLUTION_ALLOWED: 'Geen afhandeling toegestaan',
    NO_METHOD_ALLOWED: 'Geen retourmethode toegestaan',
    STATUTORY_EXCEPTION_HYGIENE: 'Hygiënisch verzegeld: controleer de verzegeling',
    STATUTORY_EXCEPTION_MEDIA: 'Verzegelde media: controleer de verzegeling',
    MANUAL_REVIEW: 'Een medewerker beslist',
    CUSTOMER_BLOCKED_REVIEW: 'Geblokkeerde klant binnen zijn rechten: een medewerker beslist',
    WARRANTY_CLAIM: 'Gebrek onder de wettelijke garantie',
    EXCHANGE_ONLY: 'Alleen ruilen',
    EXCHANGE_LIMIT_REACHED: 'Ruillimiet bereikt',
    PHOTO_REQUIRED: "Foto's verplicht",
    RETURN_WINDOW: 'Binnen de retourtermijn',
    EU_WITHDRAWAL_RIGHT: 'Europees herroepingsrecht',
    RESTOCKING_FEE: 'Herbevoorradingskosten',
    RESTOCKING_FEE_NOT_ALLOWED: 'Geen herbevoorradingskosten (hier niet toegestaan)',
    RETURN_SHIPPING_FEE: 'Retourkosten',
    FEE_WAIVED: 'Kosten kwijtgescholden',
    FEE_NOT_DISCLOSED: 'Kosten niet vermeld, dus niet in rekening gebracht',
    BONUS_CREDIT: 'Tegoedbonus',
    KEEP_ITEM: 'Shopper houdt het artikel',
    STAFF_EXCEPTION: 'Uitzondering door medewerker',
  },
};

export const VERDICT_SEVERITY_LABELS: Table<'refusal' | 'review' | 'restriction' | 'requirement' | 'info'> = {
  en: { refusal: 'refusal', review: 'review', restriction: 'restriction', requirement: 'requirement', info: 'information' },
  nl: { refusal: 'weigering', review: 'beoordeling', restriction: 'beperking', requirement: 'voorwaarde', info: 'informatie' },
};

/** Where a verdict's reason comes from, when not one of the shop's rules (src/domain/policy/evaluate.ts). */
export const VERDICT_SOURCE_LABELS: Table<
  'defaults' | 'product' | 'eu-withdrawal' | 'legal-guarantee' | 'customer-segment' | 'feeWaivers'
> = {
  en: {
    defaults: 'shop defaults',
    product: 'the product',
    'eu-withdrawal': 'EU right of withdrawal',
    'legal-guarantee': 'legal guarantee',
    'customer-segment': 'customer segment',
    feeWaivers: 'fee waiver',
  },
  nl: {
    defaults: 'standaard van de winkel',
    product: 'het product',
    'eu-withdrawal': 'Europees herroepingsrecht',
    'legal-guarantee': 'wettelijke garantie',
    'customer-segment': 'klantsegment',
    feeWaivers: 'kwijtschelding',
  },
};

/** Why a return's risk score is what it is (src/domain/risk/signals.ts): today's signals, and the
 * ones older returns were scored with, which they keep. Keyed by the domain's codes, so a new
 * signal does not type-check here until it has a name. */
export const RISK_SIGNALS = [...RISK_SIGNAL_CODES, ...LEGACY_RISK_SIGNAL_CODES] as const;
export const RISK_SIGNAL_LABELS: Table<(typeof RISK_SIGNALS)[number]> = {
  en: {
    CUSTOMER_BLOCKED: 'Customer blocked',
    BLOCK_LISTED: 'On the block list',
    SERIAL_RETURNING: 'Serial returning',
    WARDROBING: 'Worn and returned',
    BRACKETING: 'Bracketing (cost)',
    EMPTY_BOX: 'Empty box',
    WRONG_ITEM: 'Wrong or swapped item',
    LINKED_ACCOUNTS: 'Linked accounts',
    ACCOUNT_CLUSTER: 'Accounts sharing a card, phone or device',
    RETURN_VELOCITY: 'Many returns in a short time',
    LOOKUP_VELOCITY: 'Many order lookups',
    REFUND_EXPOSURE: 'Refunded before receipt',
    HIGH_VALUE: 'High value',
    ALL_SHOP_FAULT: 'Every reason blames the shop',
    TRUSTED_SEGMENT: 'Trusted customer',
    SERIAL_RETURNER: 'Returns most of what they buy',
    FREQUENT_RETURNER: 'Returns often',
    MANY_RETURNS: 'Many returns',
    NOTABLE_VALUE: 'Notable value',
  },
  nl: {
    CUSTOMER_BLOCKED: 'Klant geblokkeerd',
    BLOCK_LISTED: 'Op de blokkeerlijst',
    SERIAL_RETURNING: 'Stuurt structureel terug',
    WARDROBING: 'Gedragen en teruggestuurd',
    BRACKETING: 'Meerdere maten besteld (kosten)',
    EMPTY_BOX: 'Leeg pakket',
    WRONG_ITEM: 'Verkeerd of verwisseld artikel',
    LINKED_ACCOUNTS: 'Gekoppelde accounts',
    ACCOUNT_CLUSTER: 'Accounts met dezelfde kaart, telefoon of apparaat',
    RETURN_VELOCITY: 'Veel retouren in korte tijd',
    LOOKUP_VELOCITY: 'Veel bestellingen opgezocht',
    REFUND_EXPOSURE: 'Terugbetaald voor ontvangst',
    HIGH_VALUE: 'Hoge waarde',
    ALL_SHOP_FAULT: 'Elke reden ligt bij de winkel',
    TRUSTED_SEGMENT: 'Vertrouwde klant',
    SERIAL_RETURNER: 'Stuurt het meeste terug',
    FREQUENT_RETURNER: 'Stuurt vaak terug',
    MANY_RETURNS: 'Veel retouren',
    NOTABLE_VALUE: 'Opvallende waarde',
  },
};
