/** Carrier connections, their services and the methods per country as the API gives them. */
export type {
  CarrierConnection,
  CarrierConnectionList,
  CarrierMethod,
  CarrierMethodList,
  CarrierMethodRow,
  CarrierServiceList,
  ConnectionCheck,
} from '../../../../../../src/http/routes/logistics/carriers/schema.js';
