import { z } from 'zod';
import { SHOP_PLATFORMS } from '../../../../domain/shopPlatforms.js';
import { cursorQuery, instant, limitQuery, noBody, pageOf, referenceCode, type Wire } from '../../common.js';

export const productsQuery = z.strictObject({
  q: z.string().max(200).optional(),
  category: z.string().max(64).optional(),
  cursor: cursorQuery,
  limit: limitQuery,
});

const imageUrl = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .describe('An https address, or the path of an image Retour stores (/api/v1/product-images/…)');
export const productImage = z.object({ url: imageUrl, alt: z.string().trim().max(300).nullable() });

/** The picture shown beside an order or return line. */
export const lineImage = z
  .object({ url: z.string(), alt: z.string() })
  .nullable()
  .describe("The variant's image, else its product's first; null when there is none");

export const variant = z.object({
  id: z.string(),
  sku: z.string(),
  ean: z.string().nullable(),
  title: z.string(),
  options: z.record(z.string(), z.string()).describe('e.g. { "Size": "M" }'),
  priceAmount: z.number(),
  currency: z.string(),
  position: z.number().describe("The variant's place among its product's variants"),
  imageUrl: z.string().nullable(),
});

const flags = z.object({
  finalSale: z.boolean(),
  exchangeOnly: z.boolean(),
  personalised: z.boolean(),
  hygieneSealed: z.boolean(),
  perishable: z.boolean(),
  sealedMedia: z.boolean(),
});

export const product = z.object({
  id: z.string(),
  handle: z.string(),
  title: z.string(),
  brand: z.string().nullable(),
  category: z.string().nullable().describe('The category code'),
  tags: z.array(z.string()),
  flags,
  description: z.string().nullable(),
  options: z.array(z.string()).describe('Option names in the order shoppers pick them'),
  images: z.array(productImage).describe('In order; the first is the picture'),
  owner: z
    .object({ connectionId: z.string(), platform: z.enum(SHOP_PLATFORMS).nullable(), sourceUrl: z.string().nullable() })
    .nullable()
    .describe('The shop connection that owns the product: then it is edited on the platform'),
  readOnly: z.boolean(),
  updatedAt: instant.nullable(),
  variants: z.array(variant),
});
export const productPage = pageOf(product);

const handle = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,199}$/, 'lowercase letters, digits and -');
const title = z.string().trim().min(1).max(300);
const optionName = z.string().trim().min(1).max(60);
const sku = z.string().trim().min(1).max(100);
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

export const variantBody = z.strictObject({
  sku,
  ean: z
    .string()
    .trim()
    .regex(/^\d{8,14}$/, '8 to 14 digits')
    .nullish(),
  title,
  options: z.record(optionName, z.string().trim().min(1).max(100)).optional(),
  priceAmount: z.number().int().min(0).max(2_000_000_000).describe('In minor units (cents)'),
  currency,
  imageUrl: imageUrl.nullish(),
});
export const updateVariantBody = variantBody.partial();

const productFields = {
  handle,
  title,
  brand: z.string().trim().max(200).nullish(),
  description: z.string().trim().max(20_000).nullish(),
  category: z.string().max(64).nullish().describe('The category code'),
  tags: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  flags: flags.partial().optional(),
  options: z.array(optionName).max(3).optional().describe('Option names in order (at most three)'),
  images: z.array(productImage).max(20).optional(),
};
export const createProductBody = z.strictObject({ ...productFields, variants: z.array(variantBody).max(100).optional() });
const optionValue = z.string().trim().min(1).max(100);
export const updateProductBody = z
  .strictObject({
    ...productFields,
    optionDefaults: z
      .record(optionName, optionValue)
      .describe('The value every variant takes for an option added with this change, e.g. { "Fit": "Regular" }'),
    variantOptions: z
      .record(z.string().min(1).max(64), z.record(optionName, optionValue))
      .describe(
        "Values per variant id: for an option added with this change (they win over optionDefaults), or a variant's new value",
      ),
  })
  .partial();
export const variantOrderBody = z.strictObject({
  variantIds: z.array(z.string().min(1).max(64)).min(1).max(100).describe('Every variant of the product, in the new order'),
});
export const variantParams = z.object({ id: z.string().min(1).max(64), variantId: z.string().min(1).max(64) });
export const deleteBody = noBody;
export const deletedProduct = z.object({ id: z.string(), deleted: z.literal(true) });

export const createCategoryBody = z.strictObject({
  code: referenceCode,
  name: z.string().trim().min(1).max(200),
  parent: z.string().max(64).nullish().describe("The parent category's code"),
});
export const updateCategoryBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  parent: z.string().max(64).nullish().describe("The parent category's code; null moves it to the top"),
});
export const savedCategory = z.object({ id: z.string(), code: z.string(), name: z.string(), parentId: z.string().nullable() });

export const uploadedImage = z.object({
  url: z.string().describe("The image's address in Retour, to put in a product's or variant's images"),
  width: z.number(),
  height: z.number(),
});
export const productImageParams = z.object({ id: z.string().min(1).max(64) });
/** A product image Retour serves: the image as JPEG, its square as WebP. */
export const productImageFile = {
  description: 'The image (JPEG) or its square for lists (WebP)',
  content: {
    'image/jpeg': { schema: z.string().describe('The image') },
    'image/webp': { schema: z.string().describe('The square') },
  },
};

export type UploadedImage = Wire<typeof uploadedImage>;
export type LineImage = Wire<typeof lineImage>;
export type Product = Wire<typeof product>;
export type ProductPage = Wire<typeof productPage>;
export type ProductVariant = Wire<typeof variant>;
export type CreateProductBody = z.input<typeof createProductBody>;
export type UpdateProductBody = z.input<typeof updateProductBody>;
export type VariantBody = z.input<typeof variantBody>;
export type SavedCategory = Wire<typeof savedCategory>;
