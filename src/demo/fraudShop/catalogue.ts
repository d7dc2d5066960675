/** The synthetic shop's catalogue: fashion with sizes and colours (what bracketing varies), party
 * wear (what wardrobing buys before an event) and a little electronics (what rings resell). */

export interface FraudProduct {
  id: string;
  handle: string;
  title: string;
  price: number;
  sizes: string[];
  colours: string[];
  party: boolean;
}

const CLOTHES = ['XS', 'S', 'M', 'L', 'XL'];

export const FRAUD_CATALOGUE: FraudProduct[] = [
  {
    id: 'prd_fs_tee',
    handle: 'tee',
    title: 'Organic tee',
    price: 2500,
    sizes: CLOTHES,
    colours: ['white', 'black'],
    party: false,
  },
  {
    id: 'prd_fs_sweater',
    handle: 'sweater',
    title: 'Wool sweater',
    price: 5900,
    sizes: CLOTHES,
    colours: ['grey', 'navy'],
    party: false,
  },
  {
    id: 'prd_fs_jeans',
    handle: 'jeans',
    title: 'Slim jeans',
    price: 7900,
    sizes: ['28', '30', '32', '34'],
    colours: ['blue'],
    party: false,
  },
  {
    id: 'prd_fs_sneaker',
    handle: 'sneaker',
    title: 'Leather sneaker',
    price: 8900,
    sizes: ['39', '40', '41', '42', '43', '44'],
    colours: ['white'],
    party: false,
  },
  {
    id: 'prd_fs_coat',
    handle: 'coat',
    title: 'Winter coat',
    price: 16900,
    sizes: CLOTHES,
    colours: ['camel', 'black'],
    party: false,
  },
  {
    id: 'prd_fs_dress',
    handle: 'dress',
    title: 'Sequin dress',
    price: 12900,
    sizes: CLOTHES,
    colours: ['gold', 'black'],
    party: true,
  },
  {
    id: 'prd_fs_blazer',
    handle: 'blazer',
    title: 'Velvet blazer',
    price: 14900,
    sizes: CLOTHES,
    colours: ['green', 'black'],
    party: true,
  },
  {
    id: 'prd_fs_suit',
    handle: 'jumpsuit',
    title: 'Satin jumpsuit',
    price: 9900,
    sizes: CLOTHES,
    colours: ['red', 'black'],
    party: true,
  },
  {
    id: 'prd_fs_heels',
    handle: 'heels',
    title: 'Party heels',
    price: 8900,
    sizes: ['37', '38', '39', '40', '41'],
    colours: ['silver'],
    party: true,
  },
  {
    id: 'prd_fs_phones',
    handle: 'headphones',
    title: 'Noise-cancelling headphones',
    price: 19900,
    sizes: ['one'],
    colours: ['black'],
    party: false,
  },
  { id: 'prd_fs_watch', handle: 'watch', title: 'Smart watch', price: 24900, sizes: ['one'], colours: ['black'], party: false },
];

export function fraudSku(product: FraudProduct, colour: string, size: string): string {
  return `FS-${product.handle}-${colour}-${size}`.toUpperCase();
}

/** Every variant: one per size and colour. */
export function fraudVariants(): {
  id: string;
  productId: string;
  sku: string;
  title: string;
  price: number;
  options: Record<string, string>;
}[] {
  return FRAUD_CATALOGUE.flatMap((p) =>
    p.colours.flatMap((colour) =>
      p.sizes.map((size) => ({
        id: `var_${fraudSku(p, colour, size).toLowerCase().replaceAll('-', '_')}`,
        productId: p.id,
        sku: fraudSku(p, colour, size),
        title: `${p.title} ${colour} ${size}`,
        price: p.price,
        options: { size, colour },
      })),
    ),
  );
}
