import type { Address } from '../../db/schema.js';
import { RetourError } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';
import { forgetWarehouses } from './warehouseList.js';

/** Adds a warehouse that returns can be sent to; the default one receives unrouted returns. */
export async function createWarehouse(
  ctx: AppContext,
  meta: CommandMeta,
  input: {
    code: string;
    name: string;
    address: Address;
    isDefault?: boolean;
    /** A store takes returns over the counter; shoppers can pick it in the portal. */
    kind?: 'warehouse' | 'store';
    openingHours?: string | null;
  },
) {
  const created = await inUnit(ctx, meta, async ({ tx, record }) => {
    const taken = await tx.selectFrom('warehouses').select('id').where('code', '=', input.code).executeTakeFirst();
    if (taken) {
      throw new RetourError('conflict', 'WAREHOUSE_CODE_TAKEN', `Warehouse ${input.code} exists`, [
        { path: 'code', message: 'already in use' },
      ]);
    }
    if (input.isDefault) await tx.updateTable('warehouses').set({ is_default: false }).execute();
    const id = newId('wh');
    await tx
      .insertInto('warehouses')
      .values({
        id,
        code: input.code,
        name: input.name,
        address: JSON.stringify(input.address),
        is_default: input.isDefault ?? false,
        kind: input.kind ?? 'warehouse',
        opening_hours: input.openingHours ?? null,
      })
      .execute();
    record({
      type: 'warehouse.created',
      subjectType: 'warehouse',
      subjectId: id,
      data: { code: input.code, kind: input.kind ?? 'warehouse' },
    });
    return { id };
  });
  // After commit: the receiving station reads the warehouses from this cache.
  await forgetWarehouses(ctx.caches);
  return created;
}
