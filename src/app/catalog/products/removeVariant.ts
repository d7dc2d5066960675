import { notFound } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { getProductDetail } from '../catalogQueries.js';
import { lockEditableProduct, refuseReferencedVariants, renumberVariants } from './productRules.js';

/** Removes a variant nothing refers to; the others close ranks. */
export async function removeVariant(ctx: AppContext, meta: CommandMeta, input: { productId: string; variantId: string }) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const product = await lockEditableProduct(tx, input.productId);
    const variants = await tx
      .selectFrom('variants')
      .select(['id', 'sku'])
      .where('product_id', '=', product.id)
      .orderBy('position')
      .orderBy('sku')
      .execute();
    const row = variants.find((v) => v.id === input.variantId);
    if (!row) throw notFound('Variant', input.variantId);
    await refuseReferencedVariants(tx, [row.id], 'VARIANT_IN_USE', `Variant ${row.sku}`);
    await tx.deleteFrom('variants').where('id', '=', row.id).execute();
    await renumberVariants(
      tx,
      variants.filter((v) => v.id !== row.id).map((v) => v.id),
    );
    await tx.updateTable('products').set({ updated_at: now }).where('id', '=', product.id).execute();
    record({
      type: 'product.updated',
      subjectType: 'product',
      subjectId: product.id,
      data: { handle: product.handle, variantRemoved: { id: row.id, sku: row.sku } },
    });
    return getProductDetail(tx, product.id);
  });
}
