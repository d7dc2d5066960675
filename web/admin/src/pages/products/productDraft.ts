import { PRODUCT_FLAG_FIELDS, type ProductFlagField } from '../../../../../src/domain/productCatalogue.js';
import { PRODUCT_FLAGS } from '../../../../../src/domain/shopPlatforms.js';
import type {
  CreateProductBody,
  Product,
  ProductVariant,
  VariantBody,
} from '../../../../../src/http/routes/catalog/products/schema.js';

export const FLAG_FIELDS: ProductFlagField[] = PRODUCT_FLAGS.map((f) => PRODUCT_FLAG_FIELDS[f]);

/** A product as the form holds it: text as typed, lists in order. */
export interface ProductDraft {
  handle: string;
  title: string;
  brand: string;
  description: string;
  category: string;
  tags: string;
  flags: Record<ProductFlagField, boolean>;
  options: string[];
  /** Beside each option: the value the variants there are take when it is added (empty for one
   * the product had, or one renamed). */
  optionDefaults: string[];
  images: { url: string; alt: string }[];
}

/** A variant as the form holds it; the price as typed in the currency's units. */
export interface VariantDraft {
  id?: string;
  sku: string;
  ean: string;
  title: string;
  options: Record<string, string>;
  price: string;
  currency: string;
  imageUrl: string;
}

export const emptyProduct = (): ProductDraft => ({
  handle: '',
  title: '',
  brand: '',
  description: '',
  category: '',
  tags: '',
  flags: Object.fromEntries(FLAG_FIELDS.map((f) => [f, false])) as Record<ProductFlagField, boolean>,
  options: [],
  optionDefaults: [],
  images: [],
});

export const emptyVariant = (currency = 'EUR'): VariantDraft => ({
  sku: '',
  ean: '',
  title: '',
  options: {},
  price: '',
  currency,
  imageUrl: '',
});

export function productDraftOf(p: Product): ProductDraft {
  return {
    handle: p.handle,
    title: p.title,
    brand: p.brand ?? '',
    description: p.description ?? '',
    category: p.category ?? '',
    tags: p.tags.join(', '),
    flags: { ...p.flags },
    options: [...p.options],
    optionDefaults: p.options.map(() => ''),
    images: p.images.map((i) => ({ url: i.url, alt: i.alt ?? '' })),
  };
}

export function variantDraftOf(v: ProductVariant): VariantDraft {
  return {
    id: v.id,
    sku: v.sku,
    ean: v.ean ?? '',
    title: v.title,
    options: { ...v.options },
    price: (v.priceAmount / 100).toFixed(2),
    currency: v.currency,
    imageUrl: v.imageUrl ?? '',
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The product's fields as the API takes them; with the values for options added to a product
 * that has variants. */
export function productBody(d: ProductDraft): Omit<CreateProductBody, 'variants'> & { optionDefaults?: Record<string, string> } {
  const defaults = d.options.map((o, i) => [o.trim(), (d.optionDefaults[i] ?? '').trim()] as const).filter(([o, v]) => o && v);
  return {
    ...(defaults.length > 0 ? { optionDefaults: Object.fromEntries(defaults) } : {}),
    handle: d.handle.trim(),
    title: d.title.trim(),
    brand: orNull(d.brand),
    description: orNull(d.description),
    category: orNull(d.category),
    tags: d.tags
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    flags: d.flags,
    options: d.options.map((o) => o.trim()).filter(Boolean),
    images: d.images.filter((i) => i.url.trim()).map((i) => ({ url: i.url.trim(), alt: orNull(i.alt) })),
  };
}

/** A variant as the API takes it, with only the product's options. */
export function variantBody(v: VariantDraft, options: string[]): VariantBody {
  return {
    sku: v.sku.trim(),
    ean: orNull(v.ean),
    title: v.title.trim(),
    options: Object.fromEntries(options.map((o) => [o, (v.options[o] ?? '').trim()])),
    priceAmount: Math.round(Number(v.price.replace(',', '.')) * 100),
    currency: v.currency.trim().toUpperCase(),
    imageUrl: orNull(v.imageUrl),
  };
}

/** The list with the item at `index` moved one place up (-1) or down (+1). */
export function moved<T>(list: T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  [next[index], next[to]] = [next[to] as T, next[index] as T];
  return next;
}
