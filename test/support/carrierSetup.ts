import type { AppContext } from '../../src/app/kernel/context.js';
import { newId } from '../../src/app/kernel/ids.js';
import type { CarrierCredentials } from '../../src/app/logistics/carriers/port.js';
import { forgetCarrierMapping } from '../../src/app/logistics/methods/carrierMapping.js';
import type { RetourDb } from '../../src/db/connection.js';
import type { CarrierMethod, CarrierName, LabelFormat } from '../../src/domain/carriers.js';

/** One return method a connection carries for shoppers of a country, as Settings → Carriers maps it. */
export interface MethodMapping {
  method: CarrierMethod;
  country: string;
  serviceCode: string;
  serviceName: string;
  needsServicePoint?: boolean;
  labelFormat?: LabelFormat;
}

/**
 * A carrier connection as the settings would store it: the credentials sealed with the context's
 * carrier box (so `ctx.carriers.connection(id)` opens them), and the methods it carries per
 * country. Answers the connection's id.
 */
export async function connectCarrier(
  db: RetourDb,
  ctx: Pick<AppContext, 'carriers' | 'now' | 'caches'>,
  setup: { carrier: CarrierName; credentials: CarrierCredentials; methods: MethodMapping[]; name?: string; enabled?: boolean },
): Promise<string> {
  const now = ctx.now();
  const id = newId('cc', now.getTime());
  await db
    .insertInto('carrier_connections')
    .values({
      id,
      carrier: setup.carrier,
      name: setup.name ?? setup.carrier,
      enabled: setup.enabled ?? true,
      credentials: ctx.carriers.box.seal(setup.credentials),
      key_hint: setup.credentials.apiKey.slice(-4),
      created_at: now,
      updated_at: now,
    })
    .execute();
  if (setup.methods.length > 0)
    await db
      .insertInto('carrier_methods')
      .values(
        setup.methods.map((m, position) => ({
          id: newId('cm', now.getTime()),
          connection_id: id,
          method: m.method,
          country: m.country.toUpperCase(),
          service_code: m.serviceCode,
          service_name: m.serviceName,
          needs_service_point: m.needsServicePoint ?? false,
          label_format: m.labelFormat ?? 'pdf',
          position,
          created_at: now,
        })),
      )
      .execute();
  // As saving the mapping in the settings does: the portal sees the new mapping at once.
  forgetCarrierMapping(ctx.caches);
  return id;
}

/** Removes every mapping and switches every connection off, so a test that shares the database
 * starts with Retour's own label again (connections that booked shipments stay for their history). */
export async function disconnectCarriers(db: RetourDb): Promise<void> {
  await db.deleteFrom('carrier_methods').execute();
  await db.updateTable('carrier_connections').set({ enabled: false }).execute();
}
