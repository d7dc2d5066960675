import { notFound } from '../../../domain/errors.js';
import { duplicateCombinationIssues } from '../../../domain/productCatalogue.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { getProductDetail } from '../catalogQueries.js';
import { type VariantFields, variantColumns, variantIssues } from './productInput.js';
import { lockEditableProduct, refuseIssues, skuIssues, uniqueKeyConflict } from './productRules.js';

const FIELDS = ['sku', 'ean', 'title', 'options', 'priceAmount', 'currency', 'imageUrl'] as const;

/** Changes one variant of a product (only the fields given). */
export async function updateVariant(
  ctx: AppContext,
  meta: CommandMeta,
  input: Partial<VariantFields> & { productId: string; variantId: string },
) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const product = await lockEditableProduct(tx, input.productId);
    const siblings = await tx.selectFrom('variants').selectAll().where('product_id', '=', product.id).execute();
    const row = siblings.find((v) => v.id === input.variantId);
    if (!row) throw notFound('Variant', input.variantId);
    const others = siblings.filter((v) => v.id !== row.id);
    refuseIssues([
      ...variantIssues(product.options, input, ''),
      ...(input.sku !== undefined ? await skuIssues(tx, [{ sku: input.sku, path: 'sku' }], row.id) : []),
      ...(input.options !== undefined
        ? duplicateCombinationIssues(product.options, [...others, { options: input.options }], (i) =>
            i === others.length ? 'options' : '',
          ).filter((issue) => issue.path !== '')
        : []),
    ]);
    const set = variantColumns(input);
    if (Object.keys(set).length > 0) await tx.updateTable('variants').set(set).where('id', '=', row.id).execute();
    const before = {
      sku: row.sku,
      ean: row.ean,
      title: row.title,
      options: row.options,
      priceAmount: row.price_amount,
      currency: row.currency,
      imageUrl: row.image_url,
    };
    const changed = FIELDS.filter((k) => input[k] !== undefined && JSON.stringify(input[k]) !== JSON.stringify(before[k]));
    if (changed.length > 0) {
      await tx.updateTable('products').set({ updated_at: now }).where('id', '=', product.id).execute();
      record({
        type: 'product.updated',
        subjectType: 'product',
        subjectId: product.id,
        data: {
          handle: product.handle,
          variantChanged: { id: row.id, changed: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: input[k] }])) },
        },
      });
    }
    return getProductDetail(tx, product.id);
  }).catch((err) => {
    throw uniqueKeyConflict(err);
  });
}
