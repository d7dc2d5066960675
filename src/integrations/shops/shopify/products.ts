import type { ShopListQuery, ShopPage, ShopProduct } from '../../../app/catalog/connections/port.js';
import { fromDecimal } from '../http.js';
import type { ShopifyGraphql } from './graphqlClient.js';
import { type Gql, nodesOf } from './orderMapper.js';
import { PRODUCTS_PAGE } from './queries.js';

/** Products per page: each brings up to 100 variants and 10 images (about 330 points), and
 * Shopify refuses a query over 1000. */
const PAGE = 3;

const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Maps an Admin API product to the port's product (options in the shop's order, images, the inventory item of each variant). */
export function toShopProduct(product: Gql, currency: string, shopDomain: string): ShopProduct {
  const category = product.category as Gql | null;
  const productType = String(product.productType ?? '').trim();
  const options = ((product.options as Gql[] | null) ?? [])
    .slice()
    .sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0))
    .map((o) => String(o.name));
  return {
    externalId: String(product.id),
    handle: String(product.handle ?? ''),
    title: String(product.title ?? ''),
    brand: (product.vendor as string | null) || null,
    category: category?.id
      ? { code: String(category.id), name: String(category.name ?? '') }
      : productType
        ? { code: slug(productType), name: productType }
        : null,
    tags: (product.tags as string[] | null) ?? [],
    options,
    images: nodesOf(product.media)
      .map((m) => m.image as Gql | undefined)
      .filter((i): i is Gql => Boolean(i?.url))
      .map((i) => ({ url: String(i.url), alt: (i.altText as string | null) || null })),
    variants: nodesOf(product.variants).map((v, i) => ({
      externalId: String(v.id),
      sku: String(v.sku ?? ''),
      ean: (v.barcode as string | null) || null,
      title: String(v.title ?? ''),
      options: Object.fromEntries(((v.selectedOptions as Gql[] | null) ?? []).map((o) => [String(o.name), String(o.value)])),
      priceAmount: fromDecimal(String(v.price ?? '0')),
      currency,
      position: Number(v.position ?? i + 1),
      imageUrl: ((v.image as Gql | null)?.url as string | undefined) ?? null,
      ref: { inventoryItemId: ((v.inventoryItem as Gql | null)?.id as string | undefined) ?? null },
    })),
    adminUrl: product.legacyResourceId ? `https://${shopDomain}/admin/products/${product.legacyResourceId}` : null,
    updatedAt: String(product.updatedAt ?? ''),
  };
}

/** Products page by page, oldest change first; with `updatedSince` only those changed since. */
export async function listShopifyProducts(
  api: ShopifyGraphql,
  shopDomain: string,
  query: ShopListQuery,
): Promise<ShopPage<ShopProduct>> {
  const data = await api.request<{ shop: Gql; products: Gql }>(PRODUCTS_PAGE, {
    first: Math.min(query.pageSize ?? PAGE, PAGE),
    after: query.cursor,
    query: query.updatedSince ? `updated_at:>='${query.updatedSince.toISOString()}'` : null,
  });
  const currency = String(data.shop.currencyCode ?? 'EUR');
  const pageInfo = (data.products.pageInfo as { hasNextPage?: boolean; endCursor?: string | null }) ?? {};
  return {
    items: nodesOf(data.products).map((p) => toShopProduct(p, currency, shopDomain)),
    next: pageInfo.hasNextPage && pageInfo.endCursor ? pageInfo.endCursor : null,
    total: null,
  };
}
