import { flagColumns } from '../../../domain/productCatalogue.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit } from '../../kernel/transaction.js';
import { getProductDetail } from '../catalogQueries.js';
import { type ProductFields, productIssues, type VariantFields } from './productInput.js';
import { categoryIdOf, handleIssues, refuseIssues, skuIssues, uniqueKeyConflict } from './productRules.js';

/** Adds a product of the shop's own catalogue, with its variants in the order given. */
export async function createProduct(ctx: AppContext, meta: CommandMeta, input: ProductFields & { variants?: VariantFields[] }) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const options = input.options ?? [];
    const variants = input.variants ?? [];
    refuseIssues([
      ...productIssues(options, input, variants),
      ...(await handleIssues(tx, input.handle, null)),
      ...(await skuIssues(
        tx,
        variants.map((v, i) => ({ sku: v.sku, path: `variants.${i}.sku` })),
        null,
      )),
    ]);
    const categoryId = await categoryIdOf(tx, input.category, 'category');
    const id = newId('prd');
    await tx
      .insertInto('products')
      .values({
        id,
        handle: input.handle,
        title: input.title,
        brand: input.brand ?? null,
        description: input.description ?? null,
        category_id: categoryId,
        tags: JSON.stringify(input.tags ?? []),
        ...flagColumns(input.flags ?? {}),
        options: JSON.stringify(options),
        images: JSON.stringify(input.images ?? []),
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const [position, v] of variants.entries()) {
      await tx
        .insertInto('variants')
        .values({
          id: newId('var'),
          product_id: id,
          position,
          sku: v.sku,
          ean: v.ean ?? null,
          title: v.title,
          options: JSON.stringify(v.options ?? {}),
          price_amount: v.priceAmount,
          currency: v.currency,
          image_url: v.imageUrl ?? null,
        })
        .execute();
    }
    record({
      type: 'product.created',
      subjectType: 'product',
      subjectId: id,
      data: { handle: input.handle, title: input.title, variants: variants.map((v) => v.sku) },
    });
    return getProductDetail(tx, id);
  }).catch((err) => {
    throw uniqueKeyConflict(err);
  });
}
