import { type CarrierAdapter, type CarrierCredentials, CarrierError } from '../../../app/logistics/carriers/port.js';
import { CARRIER_CAPABILITIES } from '../../../domain/carriers.js';

const notYet = (): never => {
  throw new CarrierError('unsupported', 'CARRIER_NOT_AVAILABLE', 'shipstation is not available yet');
};

/** shipstation's API (being written). */
export class ShipStationCarrier implements CarrierAdapter {
  readonly name = 'shipstation' as const;
  readonly capabilities = CARRIER_CAPABILITIES.shipstation;
  constructor(readonly credentials: CarrierCredentials) {}
  testConnection = notYet;
  services = notYet;
  rates = notYet;
  createReturn = notYet;
  getReturn = notYet;
  findReturn = notYet;
  document = notYet;
  voidReturn = notYet;
  servicePoints = notYet;
  pickupSlots = notYet;
  changePickup = notYet;
  track = notYet;
  parseWebhook = notYet;
}
