import type { StockCondition } from '../../../../src/domain/disposition.js';
import type { ReturnMethod } from '../../../../src/domain/policy/vocabulary.js';
import type {
  Acceptance,
  Disposition,
  Reception,
  Resolution,
  ReturnStatus,
  SettlementState,
} from '../../../../src/domain/returnLifecycle.js';
import type { Table } from './labelTable.js';

/** Labels of a return and its lines: statuses, resolutions, goods, methods, sources and stock. */
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
  en: {
    label: 'Shipping label',
    qr: 'QR code at a drop-off point',
    pickup: 'Pickup',
    store: 'In store',
    partner: 'At a partner point',
  },
  nl: {
    label: 'Verzendlabel',
    qr: 'QR-code bij een afgiftepunt',
    pickup: 'Ophalen',
    store: 'In de winkel',
    partner: 'Bij een partnerpunt',
  },
};

/** Where a return was opened. */
export const RETURN_SOURCES = ['portal', 'agent', 'api', 'marketplace', 'store'] as const;
export const SOURCE_LABELS: Table<(typeof RETURN_SOURCES)[number]> = {
  en: { portal: 'Returns portal', agent: 'Customer service', api: 'API', marketplace: 'Marketplace', store: 'Store counter' },
  nl: { portal: 'Retourportaal', agent: 'Klantenservice', api: 'API', marketplace: 'Marktplaats', store: 'Winkelbalie' },
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
