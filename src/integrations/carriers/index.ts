import type { CarrierFactory } from '../../app/logistics/carriers/port.js';
import { EasyshipCarrier } from './easyship/adapter.js';
import { PostNLCarrier } from './postnl/adapter.js';
import { SendcloudCarrier } from './sendcloud/adapter.js';
import { ShippoCarrier } from './shippo/adapter.js';
import { ShipStationCarrier } from './shipstation/adapter.js';

/** The adapter for each carrier Retour books return parcels with. */
export const createCarrierAdapter: CarrierFactory = (name, credentials) => {
  switch (name) {
    case 'sendcloud':
      return new SendcloudCarrier(credentials);
    case 'shippo':
      return new ShippoCarrier(credentials);
    case 'postnl':
      return new PostNLCarrier(credentials);
    case 'shipstation':
      return new ShipStationCarrier(credentials);
    case 'easyship':
      return new EasyshipCarrier(credentials);
  }
};
