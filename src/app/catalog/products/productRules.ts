import { type FieldIssue, notFound, RetourError } from '../../../domain/errors.js';
import type { Tx } from '../../kernel/transaction.js';

/** Refuses input the rules do not allow, naming every field at fault. */
export function refuseIssues(issues: FieldIssue[], message = 'The product cannot be saved like this'): void {
  if (issues.length > 0) throw new RetourError('invalid', 'VALIDATION_FAILED', message, issues);
}

/** A concurrent change took a handle, SKU or category code between the check and the write: the
 * database's unique index refuses it, and the caller hears it as a conflict to try again. */
export function uniqueKeyConflict(err: unknown): unknown {
  if ((err as { code?: unknown } | null)?.code !== '23505') return err;
  return new RetourError(
    'conflict',
    'CATALOGUE_KEY_TAKEN',
    'Another change took this handle, SKU or code at the same moment: look again and retry',
  );
}

/** The product, locked for the change, or why it cannot be changed in Retour: a product a shop
 * connection owns is edited on its platform and synced back, so a change here would be lost. */
export async function lockEditableProduct(tx: Tx, productId: string) {
  const row = await tx.selectFrom('products').selectAll().where('id', '=', productId).forNoKeyUpdate().executeTakeFirst();
  if (!row) throw notFound('Product', productId);
  if (row.connection_id) {
    throw new RetourError(
      'conflict',
      'PRODUCT_OWNED_BY_CONNECTION',
      'A shop connection owns this product: change it on the platform, the change comes back by sync',
      [],
      { connectionId: row.connection_id, sourceUrl: row.source_url },
    );
  }
  return row;
}

/** The id of the category with this code, or an issue on `path`. */
export async function categoryIdOf(tx: Tx, code: string | null | undefined, path: string): Promise<string | null> {
  if (!code) return null;
  const row = await tx.selectFrom('categories').select('id').where('code', '=', code).executeTakeFirst();
  if (!row) refuseIssues([{ path, message: `no category ${code}`, code: 'UNKNOWN_CATEGORY' }]);
  return row?.id ?? null;
}

/** Issues for a handle another product has. */
export async function handleIssues(tx: Tx, handle: string, productId: string | null): Promise<FieldIssue[]> {
  let q = tx.selectFrom('products').select('id').where('handle', '=', handle);
  if (productId) q = q.where('id', '<>', productId);
  const taken = await q.executeTakeFirst();
  return taken ? [{ path: 'handle', message: 'another product has this handle', code: 'HANDLE_TAKEN' }] : [];
}

/** Issues for SKUs another variant has (anywhere in the catalogue) or that repeat in the input. */
export async function skuIssues(
  tx: Tx,
  skus: { sku: string; path: string }[],
  exceptVariantId: string | null,
): Promise<FieldIssue[]> {
  if (skus.length === 0) return [];
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const s of skus) {
    if (seen.has(s.sku)) issues.push({ path: s.path, message: 'this SKU is given twice', code: 'SKU_TAKEN' });
    seen.add(s.sku);
  }
  let q = tx
    .selectFrom('variants')
    .select('sku')
    .where(
      'sku',
      'in',
      skus.map((s) => s.sku),
    );
  if (exceptVariantId) q = q.where('id', '<>', exceptVariantId);
  const taken = new Set((await q.execute()).map((r) => r.sku));
  for (const s of skus) {
    if (taken.has(s.sku)) issues.push({ path: s.path, message: 'another variant has this SKU', code: 'SKU_TAKEN' });
  }
  return issues;
}

/** How often orders, stock, returns and exchanges refer to these variants: what such a reference
 * says happened must keep its variant. */
export async function variantReferences(tx: Tx, variantIds: string[]) {
  if (variantIds.length === 0) return { orderLines: 0, stockMovements: 0, returnLines: 0, exchangeLines: 0 };
  const count = async (table: 'order_lines' | 'stock_movements' | 'exchange_order_lines') => {
    const row = await tx
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('variant_id', 'in', variantIds)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const returnLines = await tx
    .selectFrom('return_lines')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('exchange_variant_id', 'in', variantIds)
    .executeTakeFirstOrThrow();
  return {
    orderLines: await count('order_lines'),
    stockMovements: await count('stock_movements'),
    returnLines: Number(returnLines.n),
    exchangeLines: await count('exchange_order_lines'),
  };
}

/** Refuses removing variants something still refers to, with what refers to them. */
export async function refuseReferencedVariants(tx: Tx, variantIds: string[], code: string, what: string): Promise<void> {
  const refs = await variantReferences(tx, variantIds);
  if (Object.values(refs).some((n) => n > 0)) {
    throw new RetourError(
      'conflict',
      code,
      `${what} cannot be deleted: orders, stock, returns or exchanges refer to it. Keep it, or leave it unsold`,
      [],
      { references: refs },
    );
  }
}

/** Variant positions 0…n-1 in the order given. */
export async function renumberVariants(tx: Tx, orderedIds: string[]): Promise<void> {
  for (const [position, id] of orderedIds.entries()) {
    await tx.updateTable('variants').set({ position }).where('id', '=', id).execute();
  }
}
