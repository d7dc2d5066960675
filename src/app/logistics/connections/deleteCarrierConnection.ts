import { notFound, RetourError } from '../../../domain/errors.js';
import { TERMINAL_STATUSES } from '../../../domain/returnStatus.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { forgetCarrierMapping } from '../methods/carrierMapping.js';

/** Removes a carrier connection with its methods per country. Refused while a parcel booked (or
 * being booked) through it belongs to a return still under way: its label, tracking and void need
 * the connection. Finished shipments keep their carrier and lose only the link. */
export async function deleteCarrierConnection(ctx: AppContext, meta: CommandMeta, connectionId: string) {
  const deleted = await inUnit(ctx, meta, async (unit) => {
    const row = await unit.tx
      .selectFrom('carrier_connections')
      .select(['id', 'carrier', 'name'])
      .where('id', '=', connectionId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Carrier connection', connectionId);
    const inUse = await unit.tx
      .selectFrom('shipments')
      .innerJoin('returns', 'returns.id', 'shipments.return_id')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .where('shipments.connection_id', '=', connectionId)
      .where('shipments.status', 'in', ['pending', 'booked'])
      .where('returns.status', 'not in', TERMINAL_STATUSES)
      .executeTakeFirstOrThrow();
    const open = Number(inUse.n);
    if (open > 0) {
      throw new RetourError(
        'conflict',
        'CARRIER_CONNECTION_IN_USE',
        `${open} return${open === 1 ? '' : 's'} under way still ${open === 1 ? 'has a parcel' : 'have parcels'} with this connection`,
        [],
        { openShipments: open },
      );
    }
    await unit.tx.updateTable('shipments').set({ connection_id: null }).where('connection_id', '=', connectionId).execute();
    await unit.tx.deleteFrom('carrier_connections').where('id', '=', connectionId).execute();
    unit.record({
      type: 'settings.carrier_deleted',
      subjectType: 'carrier_connection',
      subjectId: connectionId,
      data: { carrier: row.carrier, name: row.name },
    });
    return null;
  });
  // Its methods went with it (on delete cascade): the last one gone, approvals book no parcel.
  await forgetCarrierMapping(ctx.caches);
  return deleted;
}
