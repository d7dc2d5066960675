import type { Address } from '../../db/schema.js';
import { notFound, RetourError } from '../../domain/errors.js';
import { presentWarehouse } from '../admin/settingsLists.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { forgetWarehouses } from './warehouseList.js';

export interface UpdateWarehouseInput {
  warehouseId: string;
  name?: string;
  address?: Address;
  isDefault?: boolean;
  kind?: 'warehouse' | 'store';
  openingHours?: string | null;
}

const FIELDS = ['name', 'address', 'isDefault', 'kind', 'openingHours'] as const;

/** Changes a warehouse (only the fields given). There is always one default warehouse: making
 * another one the default moves the flag, unsetting it directly is refused. */
export async function updateWarehouse(ctx: AppContext, meta: CommandMeta, input: UpdateWarehouseInput) {
  const warehouse = await inUnit(ctx, meta, async ({ tx, record }) => {
    const row = await tx
      .selectFrom('warehouses')
      .selectAll()
      .where('id', '=', input.warehouseId)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Warehouse', input.warehouseId);
    if (input.isDefault === false && row.is_default) {
      throw new RetourError(
        'conflict',
        'DEFAULT_WAREHOUSE_REQUIRED',
        'Unrouted returns go to the default warehouse: make another warehouse the default instead',
        [{ path: 'isDefault', message: 'make another warehouse the default instead' }],
      );
    }
    const before = presentWarehouse(row);
    let previousDefaults: string[] = [];
    if (input.isDefault && !row.is_default) {
      const unset = await tx
        .updateTable('warehouses')
        .set({ is_default: false })
        .where('id', '<>', row.id)
        .where('is_default', '=', true)
        .returning('id')
        .execute();
      previousDefaults = unset.map((w) => w.id);
    }
    const set = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.address !== undefined ? { address: JSON.stringify(input.address) } : {}),
      ...(input.isDefault !== undefined ? { is_default: input.isDefault } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.openingHours !== undefined ? { opening_hours: input.openingHours } : {}),
    };
    const updated =
      Object.keys(set).length > 0
        ? await tx.updateTable('warehouses').set(set).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow()
        : row;
    const after = presentWarehouse(updated);
    const changed = FIELDS.filter((k) => input[k] !== undefined && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (changed.length > 0) {
      record({
        type: 'warehouse.updated',
        subjectType: 'warehouse',
        subjectId: row.id,
        data: {
          code: row.code,
          changed: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
          ...(previousDefaults.length > 0 ? { previousDefault: previousDefaults[0] } : {}),
        },
      });
    }
    return after;
  });
  // After commit: the receiving station reads the warehouses from this cache.
  await forgetWarehouses(ctx.caches);
  return warehouse;
}
