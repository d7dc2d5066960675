import type { FieldIssue } from '../../../domain/errors.js';
import {
  carryOptionValues,
  duplicateCombinationIssues,
  optionSources,
  variantOptionIssues,
} from '../../../domain/productCatalogue.js';
import type { Tx } from '../../kernel/transaction.js';
import { refuseIssues } from './productRules.js';

/** Values given with a change of a product's options, for the variants it already has. */
export interface OptionValuesInput {
  /** The value every variant takes for an option added in this change, e.g. { Fit: 'Regular' }. */
  optionDefaults?: Record<string, string>;
  /** Values per variant id, e.g. { var_…: { Fit: 'Slim' } }: for an added option they win over the
   * default; for another option they replace the variant's value. */
  variantOptions?: Record<string, Record<string, string>>;
}

/** Issues of values given for variants or options the product does not have (after the change). */
function givenIssues(after: readonly string[], variantIds: ReadonlySet<string>, given: OptionValuesInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const name of Object.keys(given.optionDefaults ?? {})) {
    if (!after.includes(name))
      issues.push({ path: `optionDefaults.${name}`, message: 'the product has no such option', code: 'UNKNOWN_OPTION' });
  }
  for (const [id, values] of Object.entries(given.variantOptions ?? {})) {
    if (!variantIds.has(id)) {
      issues.push({ path: `variantOptions.${id}`, message: 'not a variant of this product', code: 'UNKNOWN_VARIANT' });
      continue;
    }
    for (const name of Object.keys(values)) {
      if (!after.includes(name))
        issues.push({ path: `variantOptions.${id}.${name}`, message: 'the product has no such option', code: 'UNKNOWN_OPTION' });
    }
  }
  return issues;
}

/**
 * Gives the product's variants their values under the changed option names, or refuses the whole
 * change naming each variant and option at fault: a name kept or moved keeps its values, a renamed
 * one carries them, an added one takes the values given, a removed one's values are dropped (unless
 * that leaves two variants alike). Returns how many variants changed.
 */
export async function applyOptions(
  tx: Tx,
  productId: string,
  before: string[],
  after: string[],
  given: OptionValuesInput,
): Promise<number> {
  const variants = await tx
    .selectFrom('variants')
    .select(['id', 'options'])
    .where('product_id', '=', productId)
    .orderBy('position')
    .execute();
  const own = given.variantOptions ?? {};
  const all = given.optionDefaults ?? {};
  // The same names with no values given: nothing to carry, and nothing to judge the variants on.
  if (JSON.stringify(before) === JSON.stringify(after) && Object.keys(own).length + Object.keys(all).length === 0) return 0;
  refuseIssues(givenIssues(after, new Set(variants.map((v) => v.id)), given));
  const added = new Set([...Object.keys(all), ...Object.values(own).flatMap((v) => Object.keys(v))]);
  for (const name of before) added.delete(name);
  const sources = optionSources(before, after, added);
  const next = variants.map((v) => ({
    id: v.id,
    old: v.options,
    options: carryOptionValues(sources, v.options, { own: own[v.id], all }),
  }));
  refuseIssues(
    [
      ...next.flatMap((v) => variantOptionIssues(after, v.options, `variantOptions.${v.id}`)),
      ...duplicateCombinationIssues(after, next, (i) => `variantOptions.${next[i]?.id}`),
    ],
    'Every variant needs one value for each option, and no two variants the same values',
  );
  const changed = next.filter((v) => JSON.stringify(v.options) !== JSON.stringify(v.old));
  for (const v of changed) {
    await tx
      .updateTable('variants')
      .set({ options: JSON.stringify(v.options) })
      .where('id', '=', v.id)
      .execute();
  }
  return changed.length;
}
