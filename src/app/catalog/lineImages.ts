import { sql } from 'kysely';
import { thumbnailUrl } from '../../domain/productCatalogue.js';

/** The picture of a sold or returned item: the variant's own image, else its product's first.
 * Selected beside a query that left-joins `variants as line_variants` and `products as line_products`. */
export const lineImageColumns = [
  sql<string | null>`coalesce(line_variants.image_url, line_products.images->0->>'url')`.as('image_url'),
  sql<string | null>`case when line_variants.image_url is not null then null else line_products.images->0->>'alt' end`.as(
    'image_alt',
  ),
] as const;

/** The image of a line for a reader, with alt text (the item's title when the shop gave none). */
export function presentLineImage(row: { image_url: string | null; image_alt: string | null }, title: string) {
  return row.image_url ? { url: thumbnailUrl(row.image_url), alt: row.image_alt?.trim() || title } : null;
}
