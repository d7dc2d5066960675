import { duplicateCombinationIssues } from '../../../domain/productCatalogue.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit } from '../../kernel/transaction.js';
import { getProductDetail } from '../catalogQueries.js';
import { type VariantFields, variantIssues } from './productInput.js';
import { lockEditableProduct, refuseIssues, skuIssues, uniqueKeyConflict } from './productRules.js';

/** Adds a variant after the product's others. */
export async function addVariant(ctx: AppContext, meta: CommandMeta, input: VariantFields & { productId: string }) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const product = await lockEditableProduct(tx, input.productId);
    const siblings = await tx
      .selectFrom('variants')
      .select(['options', 'position'])
      .where('product_id', '=', product.id)
      .execute();
    const options = input.options ?? {};
    refuseIssues([
      ...variantIssues(product.options, { ...input, options }, ''),
      ...(await skuIssues(tx, [{ sku: input.sku, path: 'sku' }], null)),
      ...duplicateCombinationIssues(product.options, [...siblings, { options }], (i) =>
        i === siblings.length ? 'options' : '',
      ).filter((issue) => issue.path !== ''),
    ]);
    const id = newId('var');
    await tx
      .insertInto('variants')
      .values({
        id,
        product_id: product.id,
        sku: input.sku,
        ean: input.ean ?? null,
        title: input.title,
        options: JSON.stringify(options),
        price_amount: input.priceAmount,
        currency: input.currency,
        image_url: input.imageUrl ?? null,
        position: siblings.reduce((max, s) => Math.max(max, s.position + 1), 0),
      })
      .execute();
    await tx.updateTable('products').set({ updated_at: now }).where('id', '=', product.id).execute();
    record({
      type: 'product.updated',
      subjectType: 'product',
      subjectId: product.id,
      data: { handle: product.handle, variantAdded: { id, sku: input.sku } },
    });
    return getProductDetail(tx, product.id);
  }).catch((err) => {
    throw uniqueKeyConflict(err);
  });
}
