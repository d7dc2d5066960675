import type { TrackingState } from '../../../../src/domain/tracking.js';
import type { Table } from './labelTable.js';

/** Where a parcel is on its way, as the carrier's tracking last placed it. */
export const TRACKING_LABELS: Table<TrackingState> = {
  en: {
    label_created: 'Label made, not handed in',
    handed_in: 'Handed in',
    in_transit: 'On its way',
    at_pickup_point: 'At a pickup point',
    delivered: 'Delivered',
    exception: 'Problem reported',
    returned_to_sender: 'Going back to the shopper',
    cancelled: 'Label cancelled',
    unknown: 'Unknown',
  },
  nl: {
    label_created: 'Label gemaakt, niet ingeleverd',
    handed_in: 'Ingeleverd',
    in_transit: 'Onderweg',
    at_pickup_point: 'Bij een afhaalpunt',
    delivered: 'Afgeleverd',
    exception: 'Probleem gemeld',
    returned_to_sender: 'Terug naar de klant',
    cancelled: 'Label geannuleerd',
    unknown: 'Onbekend',
  },
};
