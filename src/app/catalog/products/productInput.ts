import type { ProductImage } from '../../../db/schema/catalog.js';
import type { FieldIssue } from '../../../domain/errors.js';
import {
  duplicateCombinationIssues,
  isAllowedImageUrl,
  optionNameIssues,
  type ProductFlagValues,
  variantOptionIssues,
} from '../../../domain/productCatalogue.js';

/** What staff give for a product; on an update only the fields given change. */
export interface ProductFields {
  handle: string;
  title: string;
  brand?: string | null;
  description?: string | null;
  /** The category's code. */
  category?: string | null;
  tags?: string[];
  flags?: Partial<ProductFlagValues>;
  /** Option names in the order shoppers pick them (Size before Colour). */
  options?: string[];
  /** In order; the first is the product's picture. */
  images?: ProductImage[];
}

export interface VariantFields {
  sku: string;
  ean?: string | null;
  title: string;
  /** A value for each of the product's options, e.g. { Size: 'M' }. */
  options?: Record<string, string>;
  priceAmount: number;
  currency: string;
  imageUrl?: string | null;
}

/** Issues of images: each an address a page of Retour may load. */
export function imageIssues(images: readonly ProductImage[] | undefined): FieldIssue[] {
  return (images ?? []).flatMap((image, i) =>
    isAllowedImageUrl(image.url)
      ? []
      : [{ path: `images.${i}.url`, message: 'an https address or an image Retour stores', code: 'IMAGE_URL_NOT_ALLOWED' }],
  );
}

/** Issues of one variant against its product's options. */
export function variantIssues(options: readonly string[], v: Partial<VariantFields>, path: string): FieldIssue[] {
  const issues = v.options !== undefined ? variantOptionIssues(options, v.options, `${path}options`) : [];
  if (v.imageUrl && !isAllowedImageUrl(v.imageUrl)) {
    issues.push({
      path: `${path}imageUrl`,
      message: 'an https address or an image Retour stores',
      code: 'IMAGE_URL_NOT_ALLOWED',
    });
  }
  return issues;
}

/** Issues of a product's own fields and of the variants given with it. */
export function productIssues(
  options: readonly string[],
  p: Partial<ProductFields>,
  variants: readonly VariantFields[],
): FieldIssue[] {
  return [
    ...optionNameIssues(options),
    ...imageIssues(p.images),
    ...variants.flatMap((v, i) => variantIssues(options, { ...v, options: v.options ?? {} }, `variants.${i}.`)),
    ...duplicateCombinationIssues(
      options,
      variants.map((v) => ({ options: v.options ?? {} })),
      (i) => `variants.${i}.options`,
    ),
  ];
}

/** Column values of a variant's fields (only those given). */
export function variantColumns(v: Partial<VariantFields>) {
  return {
    ...(v.sku !== undefined ? { sku: v.sku } : {}),
    ...(v.ean !== undefined ? { ean: v.ean } : {}),
    ...(v.title !== undefined ? { title: v.title } : {}),
    ...(v.options !== undefined ? { options: JSON.stringify(v.options) } : {}),
    ...(v.priceAmount !== undefined ? { price_amount: v.priceAmount } : {}),
    ...(v.currency !== undefined ? { currency: v.currency } : {}),
    ...(v.imageUrl !== undefined ? { image_url: v.imageUrl } : {}),
  };
}
