import type { RetourDb } from '../../../db/connection.js';
import type { Tx } from '../../kernel/transaction.js';

/** The mapping of return methods per country to carriers' services, by country, method and
 * position, each row with its connection's carrier and name. */
export async function listCarrierMethods(db: RetourDb | Tx) {
  const rows = await db
    .selectFrom('carrier_methods')
    .innerJoin('carrier_connections', 'carrier_connections.id', 'carrier_methods.connection_id')
    .select([
      'carrier_methods.id',
      'carrier_methods.connection_id',
      'carrier_connections.carrier',
      'carrier_connections.name as connection_name',
      'carrier_methods.method',
      'carrier_methods.country',
      'carrier_methods.service_code',
      'carrier_methods.service_name',
      'carrier_methods.needs_service_point',
      'carrier_methods.label_format',
      'carrier_methods.position',
    ])
    .orderBy('carrier_methods.country')
    .orderBy('carrier_methods.method')
    .orderBy('carrier_methods.position')
    .orderBy('carrier_methods.id')
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      connectionId: r.connection_id,
      carrier: r.carrier,
      connectionName: r.connection_name,
      method: r.method,
      country: r.country,
      serviceCode: r.service_code,
      serviceName: r.service_name,
      needsServicePoint: r.needs_service_point,
      labelFormat: r.label_format,
      position: r.position,
    })),
  };
}
