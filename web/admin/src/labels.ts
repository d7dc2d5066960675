import type { StaffRole } from '../../../src/domain/access.js';
import type { StockCondition } from '../../../src/domain/disposition.js';
import type { ExchangeStatus } from '../../../src/domain/exchangeOrderLifecycle.js';
import type { VerdictCode } from '../../../src/domain/policy/codes.js';
import type { PolicyArm } from '../../../src/domain/policy/experiment.js';
import type { ReturnMethod } from '../../../src/domain/policy/vocabulary.js';
import type {
  Acceptance,
  Disposition,
  Reception,
  Resolution,
  ReturnStatus,
  SettlementState,
} from '../../../src/domain/returnLifecycle.js';
import type { SettlementKind, SettlementStatus } from '../../../src/domain/settlementStatus.js';
import type { StoreCreditEntryKind } from '../../../src/domain/storeCredit.js';
import type { Lang } from './langs.js';

/**
 * What staff read instead of the domain's codes, in both languages of the back office. Each table
 * is keyed by the domain's own union, so a code added there does not type-check here until it has
 * a label. Codes that are strings on the wire (event types, settlement kinds, providers) are listed
 * here and checked against the server's catalogues by test/adminLabels.test.ts.
 */
type Table<K extends string> = Record<Lang, Record<K, string>>;

export const RETURN_STATUS_LABELS: Table<ReturnStatus> = {
  en: {
    requested: 'Requested',
    under_review: 'Under review',
    approved: 'Approved',
    in_transit: 'In transit',
    received: 'Received',
    inspected: 'Inspected',
    resolved: 'Resolved',
    closed: 'Closed',
    rejected: 'Rejected',
    cancelled: 'Cancelled',
    expired: 'Expired',
    lost: 'Lost',
  },
  nl: {
    requested: 'Aangevraagd',
    under_review: 'Ter beoordeling',
    approved: 'Goedgekeurd',
    in_transit: 'Onderweg',
    received: 'Ontvangen',
    inspected: 'Gekeurd',
    resolved: 'Afgehandeld',
    closed: 'Gesloten',
    rejected: 'Afgewezen',
    cancelled: 'Geannuleerd',
    expired: 'Verlopen',
    lost: 'Zoekgeraakt',
  },
};

export const RESOLUTION_LABELS: Table<Resolution> = {
  en: {
    refund: 'Refund',
    store_credit: 'Store credit',
    exchange: 'Exchange',
    replacement: 'Replacement',
    repair: 'Repair',
    keep: 'Keep the item',
  },
  nl: {
    refund: 'Terugbetaling',
    store_credit: 'Tegoed',
    exchange: 'Ruil',
    replacement: 'Vervanging',
    repair: 'Reparatie',
    keep: 'Artikel houden',
  },
};

/** The decision on a line. */
export const ACCEPTANCE_LABELS: Table<Acceptance> = {
  en: { pending: 'Not decided', approved: 'Approved', rejected: 'Rejected', manual_review: 'Needs review' },
  nl: { pending: 'Nog niet besloten', approved: 'Goedgekeurd', rejected: 'Afgewezen', manual_review: 'Beoordeling nodig' },
};

/** Where the goods of a line are. */
export const RECEPTION_LABELS: Table<Reception> = {
  en: {
    expected: 'Expected',
    in_transit: 'On its way',
    received: 'Received',
    short_received: 'Fewer received',
    wrong_item: 'Wrong item',
    lost: 'Lost',
    not_required: 'Not sent back',
    cancelled: 'Cancelled',
    expired: 'Not sent in time',
  },
  nl: {
    expected: 'Verwacht',
    in_transit: 'Onderweg',
    received: 'Ontvangen',
    short_received: 'Minder ontvangen',
    wrong_item: 'Verkeerd artikel',
    lost: 'Zoekgeraakt',
    not_required: 'Niet teruggestuurd',
    cancelled: 'Geannuleerd',
    expired: 'Niet op tijd verstuurd',
  },
};

export const DISPOSITION_LABELS: Table<Disposition> = {
  en: {
    restock: 'Back in stock',
    refurbish: 'Refurbish',
    return_to_vendor: 'Return to supplier',
    liquidate: 'Sell off',
    donate: 'Donate',
    recycle: 'Recycle',
    dispose: 'Dispose of',
    return_to_customer: 'Send back to the customer',
  },
  nl: {
    restock: 'Terug op voorraad',
    refurbish: 'Opknappen',
    return_to_vendor: 'Terug naar leverancier',
    liquidate: 'Uitverkopen',
    donate: 'Doneren',
    recycle: 'Recyclen',
    dispose: 'Afvoeren',
    return_to_customer: 'Terug naar de klant',
  },
};

/** Where the money of a line stands. */
export const LINE_SETTLEMENT_LABELS: Table<SettlementState> = {
  en: { none: 'Not paid yet', pending: 'Being paid', succeeded: 'Paid', failed: 'Payment failed' },
  nl: { none: 'Nog niet betaald', pending: 'Wordt betaald', succeeded: 'Betaald', failed: 'Betaling mislukt' },
};

export const METHOD_LABELS: Table<ReturnMethod> = {
  en: { label: 'Shipping label', qr: 'QR code at a drop-off point', pickup: 'Pickup', store: 'In store' },
  nl: { label: 'Verzendlabel', qr: 'QR-code bij een afgiftepunt', pickup: 'Ophalen', store: 'In de winkel' },
};

/** Where a return was opened. */
export const RETURN_SOURCES = ['portal', 'agent', 'api'] as const;
export const SOURCE_LABELS: Table<(typeof RETURN_SOURCES)[number]> = {
  en: { portal: 'Returns portal', agent: 'Customer service', api: 'API' },
  nl: { portal: 'Retourportaal', agent: 'Klantenservice', api: 'API' },
};

export const STOCK_CONDITION_LABELS: Table<StockCondition> = {
  en: { new: 'New', open_box: 'Open box', refurbished: 'Refurbished' },
  nl: { new: 'Nieuw', open_box: 'Geopende verpakking', refurbished: 'Opgeknapt' },
};

/** Kinds of stock movement: the manual ones (see MANUAL_STOCK_KINDS) and those returns make. */
export const STOCK_KINDS = [
  'opening',
  'count',
  'receipt',
  'shipment',
  'write_off',
  'adjustment',
  'return_restock',
  'return_restock_reversal',
  'exchange_shipment',
] as const;
export const STOCK_KIND_LABELS: Table<(typeof STOCK_KINDS)[number]> = {
  en: {
    opening: 'Opening stock',
    count: 'Count',
    receipt: 'Receipt',
    shipment: 'Shipment',
    write_off: 'Write-off',
    adjustment: 'Adjustment',
    return_restock: 'Restocked from a return',
    return_restock_reversal: 'Restock undone',
    exchange_shipment: 'Sent as an exchange',
  },
  nl: {
    opening: 'Beginvoorraad',
    count: 'Telling',
    receipt: 'Ontvangst',
    shipment: 'Verzending',
    write_off: 'Afboeking',
    adjustment: 'Correctie',
    return_restock: 'Terug op voorraad uit een retour',
    return_restock_reversal: 'Terugboeking ongedaan gemaakt',
    exchange_shipment: 'Verzonden als ruil',
  },
};

/** What a settlement pays. */
export const SETTLEMENT_KIND_LABELS: Table<SettlementKind> = {
  en: {
    refund: 'Refund',
    store_credit: 'Store credit',
    exchange: 'Exchange',
    goodwill: 'Goodwill',
    partial_refund: 'Partial refund',
    exchange_surplus: 'Exchange surplus back',
    exchange_difference: 'Exchange payment back',
  },
  nl: {
    refund: 'Terugbetaling',
    store_credit: 'Tegoed',
    exchange: 'Ruil',
    goodwill: 'Coulance',
    partial_refund: 'Gedeeltelijke terugbetaling',
    exchange_surplus: 'Overschot van een ruil terug',
    exchange_difference: 'Bijbetaling van een ruil terug',
  },
};

export const SETTLEMENT_STATUS_LABELS: Table<SettlementStatus> = {
  en: { pending: 'Pending', succeeded: 'Paid', failed: 'Failed' },
  nl: { pending: 'Bezig', succeeded: 'Betaald', failed: 'Mislukt' },
};

/** Entries of the store-credit ledger. */
export const CREDIT_ENTRY_LABELS: Table<StoreCreditEntryKind> = {
  en: { issue: 'issued', bonus: 'bonus', redeem: 'spent', expire: 'expired', adjust: 'adjusted', reverse: 'reversed' },
  nl: {
    issue: 'uitgegeven',
    bonus: 'bonus',
    redeem: 'besteed',
    expire: 'verlopen',
    adjust: 'gecorrigeerd',
    reverse: 'teruggedraaid',
  },
};

const MOVEMENT_WORDS: Table<'refund' | 'exchangePayment' | 'exchangeCharge' | 'storeCredit'> = {
  en: {
    refund: 'Refund',
    exchangePayment: 'Exchange price difference paid',
    exchangeCharge: 'Item not sent back, paid',
    storeCredit: 'Store credit',
  },
  nl: {
    refund: 'Terugbetaling',
    exchangePayment: 'Prijsverschil ruil betaald',
    exchangeCharge: 'Niet teruggestuurd artikel betaald',
    storeCredit: 'Tegoed',
  },
};

/** Holds Retour puts on by itself (src/app/exchanges/exchangeRound.ts); staff write their own reasons. */
export const HOLD_REASON_LABELS: Table<'instant_exchange_unreturned'> = {
  en: { instant_exchange_unreturned: 'the item of an instant exchange was not sent back in time' },
  nl: { instant_exchange_unreturned: 'het artikel van een directe ruil is niet op tijd teruggestuurd' },
};

/** The arm of a policy experiment a return fell in. */
export const ARM_LABELS: Table<PolicyArm> = {
  en: { control: 'experiment: control group', variant: 'experiment: variant' },
  nl: { control: 'experiment: controlegroep', variant: 'experiment: variant' },
};

export const ROLE_LABELS: Table<StaffRole> = {
  en: { admin: 'Administrator', agent: 'Customer service', warehouse: 'Warehouse', analyst: 'Analyst' },
  nl: { admin: 'Beheerder', agent: 'Klantenservice', warehouse: 'Magazijn', analyst: 'Analist' },
};

/** The segments Retour knows; a shop may add its own, which show as the shop wrote them. */
export const SEGMENT_LABELS: Table<'standard' | 'vip' | 'employee' | 'blocked'> = {
  en: { standard: 'Standard', vip: 'VIP', employee: 'Employee', blocked: 'Blocked' },
  nl: { standard: 'Standaard', vip: 'VIP', employee: 'Medewerker', blocked: 'Geblokkeerd' },
};

export const POLICY_STATUS_LABELS: Table<'draft' | 'published'> = {
  en: { draft: 'draft', published: 'published' },
  nl: { draft: 'concept', published: 'gepubliceerd' },
};

export const WAREHOUSE_KIND_LABELS: Table<'warehouse' | 'store'> = {
  en: { warehouse: 'Warehouse', store: 'Store' },
  nl: { warehouse: 'Magazijn', store: 'Winkel' },
};

/** Who moves the money: a payment provider, a bank transfer by staff, or the store-credit ledger. */
export const PROVIDERS = ['mollie', 'stripe', 'manual', 'ledger', 'sandbox'] as const;
export const PROVIDER_LABELS: Table<(typeof PROVIDERS)[number]> = {
  en: { mollie: 'Mollie', stripe: 'Stripe', manual: 'Bank transfer', ledger: 'Store credit', sandbox: 'Sandbox' },
  nl: { mollie: 'Mollie', stripe: 'Stripe', manual: 'Bankoverschrijving', ledger: 'Tegoed', sandbox: 'Sandbox' },
};

export const EXCHANGE_STATUS_LABELS: Table<ExchangeStatus> = {
  en: {
    awaiting_payment: 'Awaiting payment',
    reserved: 'Reserved',
    ready: 'Ready to ship',
    shipped: 'Shipped',
    cancelled: 'Cancelled',
  },
  nl: {
    awaiting_payment: 'Wacht op betaling',
    reserved: 'Gereserveerd',
    ready: 'Klaar voor verzending',
    shipped: 'Verzonden',
    cancelled: 'Geannuleerd',
  },
};

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

/** Why a return's risk score is what it is (src/domain/risk.ts). */
export const RISK_SIGNALS = [
  'CUSTOMER_BLOCKED',
  'SERIAL_RETURNER',
  'FREQUENT_RETURNER',
  'MANY_RETURNS',
  'HIGH_VALUE',
  'NOTABLE_VALUE',
  'ALL_SHOP_FAULT',
  'TRUSTED_SEGMENT',
] as const;
export const RISK_SIGNAL_LABELS: Table<(typeof RISK_SIGNALS)[number]> = {
  en: {
    CUSTOMER_BLOCKED: 'Customer blocked',
    SERIAL_RETURNER: 'Returns most of what they buy',
    FREQUENT_RETURNER: 'Returns often',
    MANY_RETURNS: 'Many returns',
    HIGH_VALUE: 'High value',
    NOTABLE_VALUE: 'Notable value',
    ALL_SHOP_FAULT: 'Every reason blames the shop',
    TRUSTED_SEGMENT: 'Trusted customer',
  },
  nl: {
    CUSTOMER_BLOCKED: 'Klant geblokkeerd',
    SERIAL_RETURNER: 'Stuurt het meeste terug',
    FREQUENT_RETURNER: 'Stuurt vaak terug',
    MANY_RETURNS: 'Veel retouren',
    HIGH_VALUE: 'Hoge waarde',
    NOTABLE_VALUE: 'Opvallende waarde',
    ALL_SHOP_FAULT: 'Elke reden ligt bij de winkel',
    TRUSTED_SEGMENT: 'Vertrouwde klant',
  },
};

/** What happened, for the timeline: every event type of the server's catalogue (src/app/eventCatalogue.ts). */
export const EVENT_LABELS: Record<Lang, Record<string, string>> = {
  en: {
    'return.requested': 'Return requested',
    'return.review_requested': 'Waiting for review',
    'return.approved': 'Approved',
    'return.rejected': 'Rejected',
    'return.lines_decided': 'Items decided',
    'return.policy_rechecked': 'Policy checked again',
    'return.held': 'Put on hold',
    'return.released': 'Hold lifted',
    'return.lines_received': 'Items received',
    'return.extra_items_received': 'Unannounced items received',
    'return.lines_inspected': 'Items inspected',
    'return.photo_added': 'Photo added',
    'return.settlement_started': 'Payment started',
    'return.settlement_recorded': 'Paid',
    'return.settlement_failed': 'Payment failed',
    'return.money_adjusted': 'Partial refund or goodwill',
    'return.dispute_opened': 'Deduction disputed',
    'return.withdrawal_declared': 'Withdrawal declared',
    'return.feedback_given': 'Shopper gave a rating',
    'return.tagged': 'Tagged',
    'return.in_transit': 'On its way',
    'return.received': 'Received',
    'return.inspected': 'Inspected',
    'return.resolved': 'Resolved',
    'return.closed': 'Closed',
    'return.cancelled': 'Cancelled',
    'return.expired': 'Expired',
    'return.lost': 'Lost',
    'exchange_order.created': 'Exchange order made',
    'exchange_order.payment_requested': 'Payment link sent',
    'exchange_order.paid': 'Price difference paid',
    'exchange_order.ready': 'Exchange ready to ship',
    'exchange_order.shipped': 'Exchange shipped',
    'exchange_order.cancelled': 'Exchange called off',
    'exchange_order.surplus_started': 'Exchange surplus being paid back',
    'exchange_order.difference_refund_started': 'Exchange payment being paid back',
    'exchange_order.not_returned': 'Exchanged item not sent back',
    'exchange_order.charge_requested': 'Payment asked for an item not sent back',
    'exchange_order.charged': 'Item not sent back paid for',
    'repair.opened': 'Repair granted',
    'repair.started': 'Repair started',
    'repair.shipped_back': 'Repaired and sent back',
    'repair.failed': 'Could not be repaired',
    'repair.cancelled': 'Repair called off',
    'store_credit.held': 'Store credit held at checkout',
    'store_credit.redeemed': 'Store credit spent',
    'store_credit.released': 'Store credit hold released',
    'store_credit.reversed': 'Store credit reversed',
    'store_credit.expired': 'Store credit expired',
    'webhook.endpoint_disabled': 'Webhook endpoint switched off',
    'order.imported': 'Order imported',
    'stock.moved': 'Stock moved',
    'api_key.created': 'API key created',
    'api_key.revoked': 'API key revoked',
    'automation.replayed': 'Automation run again',
    'automation_rule.created': 'Automation rule added',
    'automation_rule.updated': 'Automation rule changed',
    'automation_rule.deleted': 'Automation rule deleted',
    'channel.created': 'Sales channel added',
    'customer.segment_changed': 'Customer segment changed',
    'disposition_rules.updated': 'Disposition rules changed',
    'email.resent': 'E-mail sent again',
    'inspection_checklists.updated': 'Inspection checklists changed',
    'photo.uploaded': 'Photo uploaded',
    'policy.activated': 'Policy put in force',
    'policy.draft_created': 'Policy draft made',
    'policy.draft_updated': 'Policy draft changed',
    'policy.exception_granted': 'Policy exception granted',
    'policy.exception_revoked': 'Policy exception revoked',
    'policy.experiment_started': 'Policy experiment started',
    'policy.experiment_stopped': 'Policy experiment stopped',
    'policy.published': 'Policy published',
    'reason.created': 'Return reason added',
    'reason.updated': 'Return reason changed',
    'saved_view.created': 'Saved view added',
    'saved_view.deleted': 'Saved view deleted',
    'settings.finance_accounts_updated': 'Ledger accounts changed',
    'settings.payment_provider_saved': 'Payment provider saved',
    'settings.updated': 'Settings changed',
    'staff.created': 'Colleague added',
    'staff.logged_in': 'Signed in',
    'staff.updated': 'Colleague changed',
    'warehouse.created': 'Warehouse added',
    'warehouse.updated': 'Warehouse changed',
    'webhook.delivery_replayed': 'Webhook sent again',
    'webhook.endpoint_created': 'Webhook endpoint added',
    'webhook.endpoint_updated': 'Webhook endpoint changed',
  },
  nl: {
    'return.requested': 'Retour aangevraagd',
    'return.review_requested': 'Wacht op beoordeling',
    'return.approved': 'Goedgekeurd',
    'return.rejected': 'Afgewezen',
    'return.lines_decided': 'Artikelen beoordeeld',
    'return.policy_rechecked': 'Beleid opnieuw getoetst',
    'return.held': 'In de wacht gezet',
    'return.released': 'Uit de wacht gehaald',
    'return.lines_received': 'Artikelen ontvangen',
    'return.extra_items_received': 'Onaangekondigde artikelen ontvangen',
    'return.lines_inspected': 'Artikelen gekeurd',
    'return.photo_added': 'Foto toegevoegd',
    'return.settlement_started': 'Betaling gestart',
    'return.settlement_recorded': 'Betaald',
    'return.settlement_failed': 'Betaling mislukt',
    'return.money_adjusted': 'Gedeeltelijke terugbetaling of coulance',
    'return.dispute_opened': 'Aftrek betwist',
    'return.withdrawal_declared': 'Herroeping gemeld',
    'return.feedback_given': 'Shopper gaf een beoordeling',
    'return.tagged': 'Label gegeven',
    'return.in_transit': 'Onderweg',
    'return.received': 'Ontvangen',
    'return.inspected': 'Gekeurd',
    'return.resolved': 'Afgehandeld',
    'return.closed': 'Gesloten',
    'return.cancelled': 'Geannuleerd',
    'return.expired': 'Verlopen',
    'return.lost': 'Zoekgeraakt',
    'exchange_order.created': 'Ruilorder gemaakt',
    'exchange_order.payment_requested': 'Betaallink verstuurd',
    'exchange_order.paid': 'Prijsverschil betaald',
    'exchange_order.ready': 'Ruil klaar voor verzending',
    'exchange_order.shipped': 'Ruil verzonden',
    'exchange_order.cancelled': 'Ruil afgeblazen',
    'exchange_order.surplus_started': 'Overschot van de ruil wordt terugbetaald',
    'exchange_order.difference_refund_started': 'Bijbetaling van de ruil wordt terugbetaald',
    'exchange_order.not_returned': 'Geruild artikel niet teruggestuurd',
    'exchange_order.charge_requested': 'Betaling gevraagd voor een niet teruggestuurd artikel',
    'exchange_order.charged': 'Niet teruggestuurd artikel betaald',
    'repair.opened': 'Reparatie toegekend',
    'repair.started': 'Reparatie gestart',
    'repair.shipped_back': 'Gerepareerd en teruggestuurd',
    'repair.failed': 'Niet te repareren',
    'repair.cancelled': 'Reparatie afgeblazen',
    'store_credit.held': 'Tegoed vastgehouden bij het afrekenen',
    'store_credit.redeemed': 'Tegoed besteed',
    'store_credit.released': 'Vastgehouden tegoed vrijgegeven',
    'store_credit.reversed': 'Tegoed teruggedraaid',
    'store_credit.expired': 'Tegoed verlopen',
    'webhook.endpoint_disabled': 'Webhook-endpoint uitgeschakeld',
    'order.imported': 'Order geïmporteerd',
    'stock.moved': 'Voorraad geboekt',
    'api_key.created': 'API-sleutel gemaakt',
    'api_key.revoked': 'API-sleutel ingetrokken',
    'automation.replayed': 'Automatisering opnieuw uitgevoerd',
    'automation_rule.created': 'Automatiseringsregel toegevoegd',
    'automation_rule.updated': 'Automatiseringsregel gewijzigd',
    'automation_rule.deleted': 'Automatiseringsregel verwijderd',
    'channel.created': 'Verkoopkanaal toegevoegd',
    'customer.segment_changed': 'Klantsegment gewijzigd',
    'disposition_rules.updated': 'Bestemmingsregels gewijzigd',
    'email.resent': 'E-mail opnieuw verstuurd',
    'inspection_checklists.updated': 'Keuringslijsten gewijzigd',
    'photo.uploaded': 'Foto geüpload',
    'policy.activated': 'Beleid van kracht',
    'policy.draft_created': 'Beleidsconcept gemaakt',
    'policy.draft_updated': 'Beleidsconcept gewijzigd',
    'policy.exception_granted': 'Uitzondering op het beleid verleend',
    'policy.exception_revoked': 'Uitzondering op het beleid ingetrokken',
    'policy.experiment_started': 'Beleidsexperiment gestart',
    'policy.experiment_stopped': 'Beleidsexperiment gestopt',
    'policy.published': 'Beleid gepubliceerd',
    'reason.created': 'Retourreden toegevoegd',
    'reason.updated': 'Retourreden gewijzigd',
    'saved_view.created': 'Opgeslagen weergave toegevoegd',
    'saved_view.deleted': 'Opgeslagen weergave verwijderd',
    'settings.finance_accounts_updated': 'Grootboekrekeningen gewijzigd',
    'settings.payment_provider_saved': 'Betaalprovider opgeslagen',
    'settings.updated': 'Instellingen gewijzigd',
    'staff.created': 'Collega toegevoegd',
    'staff.logged_in': 'Ingelogd',
    'staff.updated': 'Collega gewijzigd',
    'warehouse.created': 'Magazijn toegevoegd',
    'warehouse.updated': 'Magazijn gewijzigd',
    'webhook.delivery_replayed': 'Webhook opnieuw verstuurd',
    'webhook.endpoint_created': 'Webhook-endpoint toegevoegd',
    'webhook.endpoint_updated': 'Webhook-endpoint gewijzigd',
  },
};

/** A code nobody has labelled yet (e.g. from a newer server) still reads as words, not as a code. */
export function humanise(code: string): string {
  const words = code
    .replace(/^[a-z_]+\./, '')
    .replace(/[._]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function lookup(table: Record<Lang, Record<string, string>>, lang: Lang) {
  return (code: string | null | undefined): string => {
    if (code === null || code === undefined || code === '') return '—';
    return table[lang][code] ?? humanise(code);
  };
}

/** The labels of every kind of code, in one language. */
export function labelsFor(lang: Lang) {
  return {
    status: lookup(RETURN_STATUS_LABELS, lang),
    resolution: lookup(RESOLUTION_LABELS, lang),
    decision: lookup(ACCEPTANCE_LABELS, lang),
    reception: lookup(RECEPTION_LABELS, lang),
    disposition: lookup(DISPOSITION_LABELS, lang),
    lineSettlement: lookup(LINE_SETTLEMENT_LABELS, lang),
    method: lookup(METHOD_LABELS, lang),
    source: lookup(SOURCE_LABELS, lang),
    stockCondition: lookup(STOCK_CONDITION_LABELS, lang),
    stockKind: lookup(STOCK_KIND_LABELS, lang),
    settlementKind: lookup(SETTLEMENT_KIND_LABELS, lang),
    settlementStatus: lookup(SETTLEMENT_STATUS_LABELS, lang),
    provider: lookup(PROVIDER_LABELS, lang),
    exchangeStatus: lookup(EXCHANGE_STATUS_LABELS, lang),
    verdictCode: lookup(VERDICT_CODE_LABELS, lang),
    severity: lookup(VERDICT_SEVERITY_LABELS, lang),
    /** A rule's id stays as it is: the shop named it. */
    verdictSource: (source: string) => VERDICT_SOURCE_LABELS[lang][source as 'defaults'] ?? source,
    riskSignal: lookup(RISK_SIGNAL_LABELS, lang),
    event: lookup(EVENT_LABELS, lang),
    role: lookup(ROLE_LABELS, lang),
    arm: lookup(ARM_LABELS, lang),
    holdReason: (reason: string) => HOLD_REASON_LABELS[lang][reason as 'instant_exchange_unreturned'] ?? reason,
    segment: (code: string) => SEGMENT_LABELS[lang][code as 'vip'] ?? code,
    policyStatus: lookup(POLICY_STATUS_LABELS, lang),
    warehouseKind: lookup(WAREHOUSE_KIND_LABELS, lang),
    /** A line of the finance journal (src/app/money/finance/financeJournal.ts): a settlement kind, or
     * refund_<provider>, exchange_payment_<provider>, exchange_charge_<provider>, store_credit_<entry>. */
    financeMovement: (movement: string): string => {
      const words = MOVEMENT_WORDS[lang];
      const provider = lookup(PROVIDER_LABELS, lang);
      const m = /^(refund|exchange_payment|exchange_charge|store_credit)_(.+)$/.exec(movement);
      if (!m?.[1] || !m[2] || SETTLEMENT_KIND_LABELS[lang][movement as 'refund'])
        return lookup(SETTLEMENT_KIND_LABELS, lang)(movement);
      if (m[1] === 'store_credit') return `${words.storeCredit}: ${lookup(CREDIT_ENTRY_LABELS, lang)(m[2]).toLowerCase()}`;
      const what = m[1] === 'refund' ? words.refund : m[1] === 'exchange_payment' ? words.exchangePayment : words.exchangeCharge;
      return `${what} (${provider(m[2])})`;
    },
  };
}
export type Labels = ReturnType<typeof labelsFor>;
