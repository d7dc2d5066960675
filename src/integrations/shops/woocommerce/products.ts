import type { ShopProduct, ShopVariant } from '../../../app/catalog/connections/port.js';
import { fromDecimal } from '../http.js';
import { badAnswer, gmt, isObject, type Json, MAX_PAGE, str, type WooClient } from './client.js';
import { skuOf } from './orders.js';

const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const price = (value: unknown) => (str(value) === '' ? 0 : fromDecimal(str(value)));

/** A variable product's variations, every page of them. */
export async function variationsOf(client: WooClient, productId: string): Promise<Json[]> {
  const all: Json[] = [];
  for (let page = 1; ; page++) {
    const res = await client.json('GET', `/products/${encodeURIComponent(productId)}/variations`, {
      query: { page, per_page: MAX_PAGE, orderby: 'menu_order', order: 'asc' },
    });
    if (!Array.isArray(res.body)) throw badAnswer('a list of variations');
    all.push(...res.body.filter(isObject));
    const pages = Number(res.headers.get('x-wp-totalpages') ?? 0);
    if (pages ? page >= pages : res.body.length < MAX_PAGE) return all;
  }
}

/** Attributes in the shop's order (their `position`); for a variable product those that make variations. */
function optionNames(product: Json): string[] {
  const attributes = list(product.attributes)
    .map((a, i) => ({ a, at: Number.isFinite(Number(a.position)) ? Number(a.position) : i }))
    .sort((x, y) => x.at - y.at)
    .map(({ a }) => a);
  const forVariants = product.type === 'variable' ? attributes.filter((a) => a.variation !== false) : attributes;
  return forVariants.map((a) => str(a.name)).filter(Boolean);
}

function mapVariation(product: Json, v: Json, index: number, currency: string): ShopVariant {
  const options: Record<string, string> = {};
  for (const a of list(v.attributes)) options[str(a.name)] = str(a.option);
  const image = isObject(v.image) ? str(v.image.src) : '';
  const values = Object.values(options).filter(Boolean);
  return {
    externalId: str(v.id),
    sku: skuOf(v.sku, product.id, v.id),
    ean: str(v.global_unique_id) || null,
    title: values.length ? `${str(product.name)} - ${values.join(', ')}` : str(product.name),
    options,
    priceAmount: price(v.price ?? v.regular_price),
    currency,
    position: Number.isFinite(Number(v.menu_order)) ? Number(v.menu_order) : index,
    imageUrl: image || null,
    ref: { variationId: str(v.id), productId: str(product.id) },
  };
}

/** A simple product is its own single variant (its id and SKU). */
function simpleVariant(product: Json, currency: string): ShopVariant {
  const images = list(product.images);
  return {
    externalId: str(product.id),
    sku: skuOf(product.sku, product.id, null),
    ean: str(product.global_unique_id) || null,
    title: str(product.name),
    options: {},
    priceAmount: price(product.price ?? product.regular_price),
    currency,
    position: 0,
    imageUrl: images[0] ? str(images[0].src) || null : null,
    ref: { productId: str(product.id) },
  };
}

/** A REST product (with its variations, for a variable one) as the port's ShopProduct. */
export function mapProduct(product: Json, variations: Json[], site: string, currency: string): ShopProduct {
  const category = list(product.categories)[0];
  const brand = list(product.brands)[0];
  return {
    externalId: str(product.id),
    handle: str(product.slug) || str(product.id),
    title: str(product.name),
    brand: brand ? str(brand.name) || null : null,
    category: category ? { code: str(category.slug) || str(category.id), name: str(category.name) } : null,
    tags: list(product.tags)
      .map((t) => str(t.name))
      .filter(Boolean),
    options: optionNames(product),
    images: list(product.images).map((i) => ({ url: str(i.src), alt: str(i.alt) || null })),
    variants:
      product.type === 'variable'
        ? variations.map((v, i) => mapVariation(product, v, i, currency)).sort((a, b) => a.position - b.position)
        : [simpleVariant(product, currency)],
    adminUrl: `${site}/wp-admin/post.php?post=${encodeURIComponent(str(product.id))}&action=edit`,
    updatedAt: gmt(product.date_modified_gmt, product.date_modified) ?? new Date(0).toISOString(),
  };
}
