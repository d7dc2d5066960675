import type { StaffRole } from '../../domain/access.js';
import { RetourError } from '../../domain/errors.js';
import type { Tx } from '../kernel/transaction.js';

/**
 * The store a staff user or API key works at, checked against its role: the `store` role takes
 * returns back at one store and needs it chosen (a warehouse of kind `store`); other roles work at
 * none, so a store given with them is refused rather than silently kept.
 */
export async function checkStoreAssignment(tx: Tx, role: StaffRole, storeId: string | null | undefined): Promise<string | null> {
  if (role !== 'store') {
    if (storeId) {
      throw new RetourError('invalid', 'STORE_ONLY_FOR_STORE_ROLE', 'Only the store role works at a store', [
        { path: 'storeId', message: `leave it out for the role ${role}` },
      ]);
    }
    return null;
  }
  if (!storeId) {
    throw new RetourError('invalid', 'STORE_REQUIRED', 'Choose the store this account works at', [
      { path: 'storeId', message: 'required for the store role' },
    ]);
  }
  const store = await tx.selectFrom('warehouses').select('kind').where('id', '=', storeId).executeTakeFirst();
  if (store?.kind !== 'store') {
    throw new RetourError('invalid', 'NOT_A_STORE', `${storeId} is not one of the shop's stores`, [
      { path: 'storeId', message: 'choose a warehouse of kind store' },
    ]);
  }
  return storeId;
}
