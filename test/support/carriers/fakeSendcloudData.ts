/** What the fake Sendcloud knows from the start (its shipping options and NL service points) and its error envelope. */

import type { FakeAnswer } from './fakeServer.js';

/** Sendcloud's v3 error envelope, one error. */
export function v3Error(status: number, code: string, detail: string, pointer?: string, parameter?: string): FakeAnswer {
  const source = pointer ? { pointer } : parameter ? { parameter } : undefined;
  return {
    status,
    body: { errors: [{ id: `err-${code}`, status: String(status), code, title: code.replace(/_/g, ' '), detail, source }] },
  };
}

/** Parent statuses with the v2 numeric id and message Sendcloud sends with each. */
export const SENDCLOUD_STATUSES: Record<string, { id: number; message: string }> = {
  announced: { id: 1, message: 'Announced' },
  'to-sorting': { id: 3, message: 'En route to sorting center' },
  delayed: { id: 4, message: 'Delivery delayed' },
  sorted: { id: 5, message: 'Sorted' },
  unsorted: { id: 6, message: 'Not sorted' },
  sorting: { id: 7, message: 'Being sorted' },
  'delivery-failed': { id: 8, message: 'Delivery attempt failed' },
  delivered: { id: 11, message: 'Delivered' },
  'awaiting-customer-pickup': { id: 12, message: 'Awaiting customer pickup' },
  'announced-uncollected': { id: 13, message: 'Announced: not collected' },
  'collect-error': { id: 15, message: 'Error collecting' },
  'picked-up-by-driver': { id: 22, message: 'Shipment picked up by driver' },
  undeliverable: { id: 80, message: 'Unable to deliver' },
  'shipment-on-route': { id: 91, message: 'Parcel en route' },
  'driver-on-route': { id: 92, message: 'Driver en route' },
  'collected-by-customer': { id: 93, message: 'Shipment collected by customer' },
  'no-label': { id: 999, message: 'No label' },
  'ready-to-send': { id: 1000, message: 'Ready to send' },
  announcing: { id: 1001, message: 'Being announced' },
  'announcement-failed': { id: 1002, message: 'Announcement failed' },
  unknown: { id: 1337, message: 'Unknown status - check carrier track & trace page for more insights' },
  'cancelled-upstream': { id: 1998, message: 'Cancelled upstream' },
  cancelling: { id: 1999, message: 'Cancellation requested' },
  cancelled: { id: 2000, message: 'Cancelled' },
  'cancelling-upstream': { id: 2001, message: 'Submitting cancellation request' },
  'at-customs': { id: 62989, message: 'At Customs' },
  'at-sorting-centre': { id: 62990, message: 'At sorting centre' },
  'refused-by-recipient': { id: 62991, message: 'Refused by recipient' },
  'returned-to-sender': { id: 62992, message: 'Returned to sender' },
  'delivery-method-changed': { id: 62993, message: 'Delivery method changed' },
  'delivery-date-changed': { id: 62994, message: 'Delivery date changed' },
  'delivery-address-changed': { id: 62995, message: 'Delivery address changed' },
  exception: { id: 62996, message: 'Exception' },
  'address-invalid': { id: 62997, message: 'Address invalid' },
};

export interface FakeShippingOption {
  code: string;
  name: string;
  carrier: { code: string; name: string };
  functionalities: Record<string, unknown>;
  /** Countries the fake accepts returns from (Sendcloud answers per route; it does not list them). */
  fromCountries: string[];
  /** Price of one parcel, decimal string in EUR, and the lead time in hours. */
  price: string;
  leadTimeHours: number;
  maxWeightKg: number;
}

export const SHIPPING_OPTIONS: FakeShippingOption[] = [
  {
    code: 'postnl:standard/return',
    name: 'PostNL Return',
    carrier: { code: 'postnl', name: 'PostNL' },
    functionalities: { returns: true, labelless: true, first_mile: 'dropoff', last_mile: 'home_delivery' },
    fromCountries: ['NL', 'BE'],
    price: '5.45',
    leadTimeHours: 24,
    maxWeightKg: 23,
  },
  {
    code: 'dhl:return/dropoff',
    name: 'DHL Parcel Return drop-off',
    carrier: { code: 'dhl', name: 'DHL Parcel' },
    functionalities: { returns: true, labelless: false, first_mile: 'dropoff', last_mile: 'home_delivery' },
    fromCountries: ['NL', 'BE', 'DE'],
    price: '4.95',
    leadTimeHours: 48,
    maxWeightKg: 31.5,
  },
  {
    code: 'dpd:return/return',
    name: 'DPD Return',
    carrier: { code: 'dpd', name: 'DPD' },
    functionalities: { returns: true, labelless: true, first_mile: 'dropoff', last_mile: 'home_delivery' },
    fromCountries: ['NL', 'BE', 'DE', 'AT', 'FR'],
    price: '6.10',
    leadTimeHours: 48,
    maxWeightKg: 31.5,
  },
  {
    code: 'ups:standard/return',
    name: 'UPS Standard Return',
    carrier: { code: 'ups', name: 'UPS' },
    functionalities: { returns: true, labelless: false, first_mile: 'pickup_dropoff', last_mile: 'home_delivery' },
    fromCountries: ['NL', 'BE', 'DE', 'CH', 'GB', 'NO'],
    price: '12.80',
    leadTimeHours: 72,
    maxWeightKg: 70,
  },
];

/** Centres of the postcode areas the fake can place (first four digits). */
export const POSTCODE_CENTRES: Record<string, { latitude: number; longitude: number; city: string }> = {
  '1012': { latitude: 52.3731, longitude: 4.8922, city: 'Amsterdam' },
  '1011': { latitude: 52.3712, longitude: 4.9005, city: 'Amsterdam' },
  '3511': { latitude: 52.0907, longitude: 5.1214, city: 'Utrecht' },
  '3512': { latitude: 52.0877, longitude: 5.1237, city: 'Utrecht' },
};

export interface FakeServicePoint {
  id: number;
  carrier: { code: string; name: string };
  carrier_service_point_id: string;
  name: string;
  general_shop_type: 'servicepoint' | 'locker' | 'post_office' | 'carrier_depot';
  carrier_shop_type: string;
  address: { street: string; house_number: string; postal_code: string; city: string; country_code: string };
  position: { latitude: number; longitude: number };
  opening_times: Record<string, { start: string; end: string }[]>;
}

const week = (open: string, close: string, saturday: [string, string] | null, sunday: [string, string] | null) => ({
  '0': [{ start: open, end: close }],
  '1': [{ start: open, end: close }],
  '2': [{ start: open, end: close }],
  '3': [{ start: open, end: close }],
  '4': [{ start: open, end: close }],
  '5': saturday ? [{ start: saturday[0], end: saturday[1] }] : [],
  '6': sunday ? [{ start: sunday[0], end: sunday[1] }] : [],
});

const point = (
  id: number,
  carrier: 'postnl' | 'dhl',
  name: string,
  type: FakeServicePoint['general_shop_type'],
  address: [string, string, string, string],
  position: [number, number],
  opening: FakeServicePoint['opening_times'],
): FakeServicePoint => ({
  id,
  carrier: carrier === 'postnl' ? { code: 'postnl', name: 'PostNL' } : { code: 'dhl', name: 'DHL Parcel' },
  carrier_service_point_id: `${carrier.toUpperCase()}-${id}`,
  name,
  general_shop_type: type,
  carrier_shop_type: type === 'locker' ? 'packStation' : 'PBA',
  address: { street: address[0], house_number: address[1], postal_code: address[2], city: address[3], country_code: 'NL' },
  position: { latitude: position[0], longitude: position[1] },
  opening_times: opening,
});

/** Six points around Amsterdam 1012 and Utrecht 3511, PostNL and DHL, with lockers open all week. */
export function seedServicePoints(): FakeServicePoint[] {
  return [
    point(
      10_340_001,
      'postnl',
      'Albert Heijn Nieuwezijds',
      'servicepoint',
      ['Nieuwezijds Voorburgwal', '226', '1012 RR', 'Amsterdam'],
      [52.3745, 4.8898],
      week('08:00', '22:00', ['08:00', '22:00'], ['10:00', '20:00']),
    ),
    point(
      10_340_002,
      'postnl',
      'PostNL Pakketautomaat Damrak',
      'locker',
      ['Damrak', '1', '1012 LG', 'Amsterdam'],
      [52.3766, 4.8963],
      week('00:00', '23:59', ['00:00', '23:59'], ['00:00', '23:59']),
    ),
    point(
      10_340_003,
      'dhl',
      'Primera Kalverstraat',
      'servicepoint',
      ['Kalverstraat', '92', '1012 PH', 'Amsterdam'],
      [52.3699, 4.8914],
      week('09:00', '18:00', ['09:00', '17:00'], null),
    ),
    point(
      10_340_004,
      'postnl',
      'Bruna Utrecht Centraal',
      'servicepoint',
      ['Stationshal', '12', '3511 CE', 'Utrecht'],
      [52.0894, 5.1101],
      week('07:00', '21:00', ['09:00', '18:00'], ['11:00', '17:00']),
    ),
    point(
      10_340_005,
      'dhl',
      'DHL ServicePoint Oudegracht',
      'servicepoint',
      ['Oudegracht', '158', '3511 AZ', 'Utrecht'],
      [52.0921, 5.1198],
      week('09:00', '17:30', ['10:00', '16:00'], null),
    ),
    point(
      10_340_006,
      'dhl',
      'DHL Parcelstation Neude',
      'locker',
      ['Neude', '11', '3512 AE', 'Utrecht'],
      [52.0929, 5.1208],
      week('00:00', '23:59', ['00:00', '23:59'], ['00:00', '23:59']),
    ),
  ];
}
