import { flagColumns, optionNameIssues } from '../../../domain/productCatalogue.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { getProductDetail } from '../catalogQueries.js';
import { imageIssues, type ProductFields } from './productInput.js';
import { applyOptions, type OptionValuesInput } from './productOptionChange.js';
import { categoryIdOf, handleIssues, lockEditableProduct, refuseIssues, uniqueKeyConflict } from './productRules.js';

export type UpdateProductInput = Partial<ProductFields> & OptionValuesInput & { productId: string };

const FIELDS = ['handle', 'title', 'brand', 'description', 'category', 'tags', 'flags', 'options', 'images'] as const;

/** Changes a product of the shop's own catalogue (only the fields given). */
export async function updateProduct(ctx: AppContext, meta: CommandMeta, input: UpdateProductInput) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const row = await lockEditableProduct(tx, input.productId);
    refuseIssues([
      ...(input.options ? optionNameIssues(input.options) : []),
      ...imageIssues(input.images),
      ...(input.handle !== undefined ? await handleIssues(tx, input.handle, row.id) : []),
    ]);
    const categoryId = input.category !== undefined ? await categoryIdOf(tx, input.category, 'category') : undefined;
    const before = await getProductDetail(tx, row.id);
    const variantsChanged =
      input.options || input.optionDefaults || input.variantOptions
        ? await applyOptions(tx, row.id, row.options, input.options ?? row.options, input)
        : 0;
    await tx
      .updateTable('products')
      .set({
        ...(input.handle !== undefined ? { handle: input.handle } : {}),
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.brand !== undefined ? { brand: input.brand } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(categoryId !== undefined ? { category_id: categoryId } : {}),
        ...(input.tags !== undefined ? { tags: JSON.stringify(input.tags) } : {}),
        ...flagColumns(input.flags ?? {}),
        ...(input.options !== undefined ? { options: JSON.stringify(input.options) } : {}),
        ...(input.images !== undefined ? { images: JSON.stringify(input.images) } : {}),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    const after = await getProductDetail(tx, row.id);
    const changed = FIELDS.filter((k) => input[k] !== undefined && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (changed.length > 0 || variantsChanged > 0) {
      const valuesOf = (p: typeof before) => Object.fromEntries(p.variants.map((v) => [v.sku, v.options]));
      record({
        type: 'product.updated',
        subjectType: 'product',
        subjectId: row.id,
        data: {
          handle: after.handle,
          changed: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
          ...(variantsChanged > 0 ? { variantOptions: { from: valuesOf(before), to: valuesOf(after) } } : {}),
        },
      });
    }
    return after;
  }).catch((err) => {
    throw uniqueKeyConflict(err);
  });
}
