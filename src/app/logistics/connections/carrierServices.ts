import { notFound, RetourError } from '../../../domain/errors.js';
import type { AppContext } from '../../kernel/context.js';
import { type CarrierCredentials, CarrierError, type CarrierService } from '../carriers/port.js';

/** The services a connection's carrier offers for returns from one country to another, for the
 * methods-per-country editor. The carrier's refusal or silence is a 409 saying so. */
export async function carrierServices(
  ctx: AppContext,
  input: { connectionId: string; fromCountry: string; toCountry: string },
): Promise<{ items: CarrierService[] }> {
  const row = await ctx.db
    .selectFrom('carrier_connections')
    .select(['id', 'carrier', 'credentials'])
    .where('id', '=', input.connectionId)
    .executeTakeFirst();
  if (!row) throw notFound('Carrier connection', input.connectionId);
  try {
    // Built from the stored credentials, so a switched-off connection can be mapped before use.
    const adapter = ctx.carriers.build(row.carrier, ctx.carriers.box.open<CarrierCredentials>(row.credentials));
    const items = await adapter.services({ fromCountry: input.fromCountry, toCountry: input.toCountry });
    return { items };
  } catch (err) {
    throw err instanceof CarrierError ? carrierProblem(err) : err;
  }
}

/** A carrier's failure as the settings show it: what the carrier said, and whether to try again. */
export function carrierProblem(err: CarrierError): RetourError {
  const code =
    err.kind === 'transient' ? 'CARRIER_UNAVAILABLE' : err.kind === 'unsupported' ? 'CARRIER_UNSUPPORTED' : 'CARRIER_REFUSED';
  return new RetourError('conflict', code, err.message, err.field ? [{ path: err.field, message: err.message }] : [], {
    carrierCode: err.code,
  });
}
