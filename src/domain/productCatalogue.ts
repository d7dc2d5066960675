import type { FieldIssue } from './errors.js';
import { PRODUCT_FLAGS, type ProductFlag } from './shopPlatforms.js';

/** The statutory flags as the API and the back office name them, beside their column. */
export const PRODUCT_FLAG_FIELDS = {
  final_sale: 'finalSale',
  exchange_only: 'exchangeOnly',
  personalised: 'personalised',
  hygiene_sealed: 'hygieneSealed',
  perishable: 'perishable',
  sealed_media: 'sealedMedia',
} as const satisfies Record<ProductFlag, string>;
export type ProductFlagField = (typeof PRODUCT_FLAG_FIELDS)[ProductFlag];
export type ProductFlagValues = Record<ProductFlagField, boolean>;

/** Column values for the flags given (only those given). */
export function flagColumns(flags: Partial<ProductFlagValues>): Partial<Record<ProductFlag, boolean>> {
  const out: Partial<Record<ProductFlag, boolean>> = {};
  for (const flag of PRODUCT_FLAGS) {
    const value = flags[PRODUCT_FLAG_FIELDS[flag]];
    if (value !== undefined) out[flag] = value;
  }
  return out;
}

/** Where the images Retour serves itself live (an uploaded product image). */
export const SERVED_IMAGE_PREFIX = '/api/v1/product-images/';

/** An image address a browser may load from a page of Retour: https anywhere, or a path Retour
 * serves. Plain http would be blocked as mixed content; data: and javascript: never. */
export function isAllowedImageUrl(url: string): boolean {
  if (url.startsWith(SERVED_IMAGE_PREFIX)) return /^[a-z0-9_]+$/.test(url.slice(SERVED_IMAGE_PREFIX.length));
  if (!url.startsWith('https://')) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname.length > 0 && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** A platform's image address as a page of Retour may load it: plain http as https (what browsers
 * do to an http image on an https page anyway), null for any other address not allowed. */
export function platformImageUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const upgraded = url.startsWith('http://') ? `https://${url.slice('http://'.length)}` : url;
  return upgraded.startsWith('https://') && isAllowedImageUrl(upgraded) ? upgraded : null;
}

/** The small square of an image Retour serves (for lists, the portal and return lines); another
 * address as it is. */
export function thumbnailUrl(url: string): string {
  return url.startsWith(SERVED_IMAGE_PREFIX) ? `${url}/thumbnail` : url;
}

/** Option names: each named once (case aside), in the order shoppers pick them. */
export function optionNameIssues(options: readonly string[]): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  options.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (seen.has(key)) issues.push({ path: `options.${i}`, message: `${name} is named twice`, code: 'DUPLICATE_OPTION' });
    seen.add(key);
  });
  return issues;
}

/** A variant has a value for each of its product's options and for no other. */
export function variantOptionIssues(
  productOptions: readonly string[],
  values: Record<string, string>,
  path: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const name of productOptions) {
    if (!values[name]?.trim()) {
      issues.push({ path: `${path}.${name}`, message: `needs a value for ${name}`, code: 'OPTION_VALUE_MISSING' });
    }
  }
  for (const name of Object.keys(values)) {
    if (!productOptions.includes(name)) {
      issues.push({ path: `${path}.${name}`, message: 'the product has no such option', code: 'UNKNOWN_OPTION' });
    }
  }
  return issues;
}

/** Two variants of one product never have the same option values. */
export function duplicateCombinationIssues(
  productOptions: readonly string[],
  variants: readonly { options: Record<string, string> }[],
  pathOf: (index: number) => string,
): FieldIssue[] {
  if (productOptions.length === 0) return [];
  const seen = new Map<string, number>();
  const issues: FieldIssue[] = [];
  variants.forEach((v, i) => {
    const key = JSON.stringify(productOptions.map((o) => v.options[o] ?? ''));
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({ path: pathOf(i), message: 'another variant has the same option values', code: 'DUPLICATE_VARIANT' });
    } else seen.set(key, i);
  });
  return issues;
}

/** Where each option of a changed list takes its variants' values from: a name kept (moved or
 * not) keeps its values; a new name with values given for it is an added option; each other new
 * name renames the removed name at the same rank among the removed ones (so [Size, Colour] →
 * [Colour, Size] is a reorder, [Size, Colour] → [Maat, Colour] a rename). Removed names left over
 * are dropped. */
export function optionSources(
  before: readonly string[],
  after: readonly string[],
  added: ReadonlySet<string>,
): Record<string, { from: string } | { added: true }> {
  const removed = before.filter((name) => !after.includes(name));
  const sources: Record<string, { from: string } | { added: true }> = {};
  for (const name of after) {
    if (before.includes(name)) sources[name] = { from: name };
    else if (added.has(name) || removed.length === 0) sources[name] = { added: true };
    else sources[name] = { from: removed.shift() as string };
  }
  return sources;
}

/** A variant's values under the changed option names: carried from where `optionSources` says,
 * an added option's from the values given (the variant's own, else the one for all variants). */
export function carryOptionValues(
  sources: Record<string, { from: string } | { added: true }>,
  values: Record<string, string>,
  given: { own?: Record<string, string>; all?: Record<string, string> },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, source] of Object.entries(sources)) {
    const value = given.own?.[name] ?? ('from' in source ? values[source.from] : given.all?.[name]);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** True when making `parentId` the parent of `categoryId` would put the category under itself. */
export function makesCategoryCycle(
  categories: readonly { id: string; parent_id: string | null }[],
  categoryId: string,
  parentId: string | null,
): boolean {
  const parentOf = new Map(categories.map((c) => [c.id, c.parent_id]));
  let at: string | null | undefined = parentId;
  const visited = new Set<string>();
  while (at) {
    if (at === categoryId) return true;
    if (visited.has(at)) return true;
    visited.add(at);
    at = parentOf.get(at);
  }
  return false;
}
