import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { lockEditableProduct, refuseReferencedVariants } from './productRules.js';

/** Deletes a product nothing refers to, with its variants. A product that was sold, stocked,
 * returned or exchanged stays: the schema has no archive, and those records must keep it. */
export async function deleteProduct(ctx: AppContext, meta: CommandMeta, input: { productId: string }) {
  return inUnit(ctx, meta, async ({ tx, record }) => {
    const product = await lockEditableProduct(tx, input.productId);
    const variants = await tx.selectFrom('variants').select(['id', 'sku']).where('product_id', '=', product.id).execute();
    await refuseReferencedVariants(
      tx,
      variants.map((v) => v.id),
      'PRODUCT_IN_USE',
      `Product ${product.title}`,
    );
    await tx.deleteFrom('variants').where('product_id', '=', product.id).execute();
    await tx.deleteFrom('products').where('id', '=', product.id).execute();
    record({
      type: 'product.deleted',
      subjectType: 'product',
      subjectId: product.id,
      data: { handle: product.handle, title: product.title, variants: variants.map((v) => v.sku) },
    });
    return null;
  });
}
