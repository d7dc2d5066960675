import { RetourError } from '../../../domain/errors.js';
import {
  carryOptionValues,
  flagColumns,
  optionNameIssues,
  optionSources,
  variantOptionIssues,
} from '../../../domain/productCatalogue.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit, type Tx } from '../../kernel/transaction.js';
import { getProductDetail } from '../catalogQueries.js';
import { imageIssues, type ProductFields } from './productInput.js';
import { categoryIdOf, handleIssues, lockEditableProduct, refuseIssues, uniqueKeyConflict } from './productRules.js';

export type UpdateProductInput = Partial<ProductFields> & { productId: string };

const FIELDS = ['handle', 'title', 'brand', 'description', 'category', 'tags', 'flags', 'options', 'images'] as const;

/** Options moved or renamed (same number) carry the variants' values along; any other change of
 * options must leave every variant with a value for each option. */
async function applyOptions(tx: Tx, productId: string, before: string[], after: string[]): Promise<void> {
  const variants = await tx
    .selectFrom('variants')
    .select(['id', 'options'])
    .where('product_id', '=', productId)
    .orderBy('position')
    .execute();
  if (variants.length === 0 || JSON.stringify(before) === JSON.stringify(after)) return;
  if (before.length === after.length) {
    const sources = optionSources(before, after, new Set());
    for (const v of variants) {
      await tx
        .updateTable('variants')
        .set({ options: JSON.stringify(carryOptionValues(sources, v.options, {})) })
        .where('id', '=', v.id)
        .execute();
    }
    return;
  }
  const mismatched = variants.filter((v) => variantOptionIssues(after, v.options, 'options').length > 0);
  if (mismatched.length > 0) {
    throw new RetourError(
      'invalid',
      'VARIANT_OPTIONS_MISMATCH',
      'Variants would lack a value for an option or keep one for an option no longer there: change the variants first',
      [
        {
          path: 'options',
          message: `${mismatched.length} variant(s) do not match these options`,
          code: 'VARIANT_OPTIONS_MISMATCH',
        },
      ],
    );
  }
}

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
    if (input.options) await applyOptions(tx, row.id, row.options, input.options);
    const before = await getProductDetail(tx, row.id);
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
    if (changed.length > 0) {
      record({
        type: 'product.updated',
        subjectType: 'product',
        subjectId: row.id,
        data: { handle: after.handle, changed: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])) },
      });
    }
    return after;
  }).catch((err) => {
    throw uniqueKeyConflict(err);
  });
}
