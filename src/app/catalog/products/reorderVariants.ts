import { RetourError } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { getProductDetail } from '../catalogQueries.js';
import { lockEditableProduct, renumberVariants } from './productRules.js';

/** Puts a product's variants in the order given (XS before S), which lists and the portal follow.
 * The list names every variant of the product once, so a variant added meanwhile is not lost. */
export async function reorderVariants(ctx: AppContext, meta: CommandMeta, input: { productId: string; variantIds: string[] }) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const product = await lockEditableProduct(tx, input.productId);
    const variants = await tx
      .selectFrom('variants')
      .select(['id', 'position'])
      .where('product_id', '=', product.id)
      .orderBy('position')
      .orderBy('sku')
      .execute();
    const known = new Set(variants.map((v) => v.id));
    const given = new Set(input.variantIds);
    if (given.size !== input.variantIds.length || given.size !== known.size || input.variantIds.some((id) => !known.has(id))) {
      throw new RetourError('invalid', 'VARIANT_ORDER_INCOMPLETE', 'Name every variant of the product exactly once', [
        {
          path: 'variantIds',
          message: `the product has ${known.size} variant(s); name each once`,
          code: 'VARIANT_ORDER_INCOMPLETE',
        },
      ]);
    }
    const before = variants.map((v) => v.id);
    if (JSON.stringify(before) !== JSON.stringify(input.variantIds)) {
      await renumberVariants(tx, input.variantIds);
      await tx.updateTable('products').set({ updated_at: now }).where('id', '=', product.id).execute();
      record({
        type: 'product.updated',
        subjectType: 'product',
        subjectId: product.id,
        data: { handle: product.handle, variantOrder: { from: before, to: input.variantIds } },
      });
    }
    return getProductDetail(tx, product.id);
  });
}
