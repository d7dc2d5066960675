/** The demo shop's catalogue: fashion and electronics, priced like a Dutch webshop (cents, VAT
 * included), with the product flags the return rules care about spread over it. */

export type ProductKind = 'fashion' | 'electronics';

export interface DemoCategory {
  code: string;
  name: string;
  parent: string | null;
}

export const CATEGORIES: DemoCategory[] = [
  { code: 'fashion', name: 'Fashion', parent: null },
  { code: 'tops', name: 'Tops & jackets', parent: 'fashion' },
  { code: 'trousers', name: 'Trousers & shorts', parent: 'fashion' },
  { code: 'dresses', name: 'Dresses', parent: 'fashion' },
  { code: 'shoes', name: 'Shoes', parent: 'fashion' },
  { code: 'accessories', name: 'Accessories', parent: 'fashion' },
  { code: 'underwear', name: 'Underwear & swimwear', parent: 'fashion' },
  { code: 'electronics', name: 'Electronics', parent: null },
  { code: 'phones', name: 'Phones', parent: 'electronics' },
  { code: 'audio', name: 'Audio', parent: 'electronics' },
  { code: 'computers', name: 'Computers & tablets', parent: 'electronics' },
  { code: 'accessories-electronics', name: 'Electronics accessories', parent: 'electronics' },
  { code: 'media', name: 'Games, film & music', parent: 'electronics' },
];

export type ProductFlag = 'finalSale' | 'exchangeOnly' | 'personalised' | 'hygieneSealed' | 'perishable' | 'sealedMedia';

interface ProductTemplate {
  title: string;
  brand: string;
  category: string;
  /** Price in cents, VAT included, of the cheapest variant. */
  price: number;
  /** Option name → values; every combination becomes a variant. */
  options: Record<string, string[]>;
  /** Extra cents for some option values (more storage costs more). */
  surcharge?: Record<string, number>;
  flags?: ProductFlag[];
  tags?: string[];
}

const APPAREL = ['XS', 'S', 'M', 'L', 'XL'];
const SHOES = ['38', '39', '40', '41', '42', '43', '44', '45'];
const list = (values: string) => values.split(',');

/** A garment in XS–XL (or shoe sizes) × colours: `colours` is a comma-separated list. */
function wear(
  category: string,
  title: string,
  brand: string,
  price: number,
  colours: string,
  extra: Partial<ProductTemplate> = {},
): ProductTemplate {
  const size = category === 'shoes' ? SHOES : APPAREL;
  return { title, brand, category, price, options: { size, colour: list(colours) }, ...extra };
}

/** A product with explicit options (accessories, electronics). */
function item(
  category: string,
  title: string,
  brand: string,
  price: number,
  options: Record<string, string>,
  extra: Partial<ProductTemplate> = {},
): ProductTemplate {
  const parsed = Object.fromEntries(Object.entries(options).map(([name, values]) => [name, list(values)]));
  return { title, brand, category, price, options: parsed, ...extra };
}

const clearance = { flags: ['finalSale'] as ProductFlag[], tags: ['clearance'] };
const hygiene = ['hygieneSealed'] as ProductFlag[];

const FASHION: ProductTemplate[] = [
  wear('tops', 'Organic cotton tee', 'Noord', 1995, 'White,Black,Sage', { tags: ['basics', 'bestseller'] }),
  wear('tops', 'Breton striped tee', 'Noord', 2995, 'Navy stripe,Red stripe', { tags: ['basics'] }),
  wear('tops', 'V-neck tee', 'Noord', 1995, 'White,Grey melange', { tags: ['basics'] }),
  wear('tops', 'Long-sleeve tee', 'Noord', 2495, 'Black,Oat', { tags: ['basics'] }),
  wear('tops', 'Linen shirt', 'Duinwind', 5995, 'Sand,Sky blue', { tags: ['summer'] }),
  wear('tops', 'Oxford shirt', 'Noord', 4995, 'White,Light blue'),
  wear('tops', 'Flannel overshirt', 'Duinwind', 5995, 'Red check,Green check', { tags: ['autumn'] }),
  wear('tops', 'Merino jumper', 'Noord', 8995, 'Navy,Oat,Bottle green', { tags: ['autumn'] }),
  wear('tops', 'Cable-knit cardigan', 'Atelier Zo', 9995, 'Cream,Camel', { tags: ['autumn'] }),
  wear('tops', 'Hoodie', 'Duinwind', 6995, 'Grey melange,Black', { tags: ['bestseller'] }),
  wear('tops', 'Crewneck sweatshirt', 'Noord', 5495, 'Navy,Heather grey'),
  wear('tops', 'Piqué polo', 'Noord', 3995, 'White,Navy,Forest'),
  wear('tops', 'Silk blouse', 'Atelier Zo', 8995, 'Ivory,Black'),
  wear('tops', 'Ribbed tank top', 'Noord', 1495, 'White,Black', { ...clearance, tags: ['summer', 'clearance'] }),
  wear('tops', 'Rain jacket', 'Duinwind', 11995, 'Yellow,Navy', { tags: ['autumn', 'new'] }),
  wear('tops', 'Puffer jacket', 'Duinwind', 14995, 'Black,Olive', { flags: ['exchangeOnly'], tags: ['winter'] }),
  wear('tops', 'Denim jacket', 'Kade', 8995, 'Light wash,Dark wash'),
  wear('trousers', 'Slim jeans', 'Kade', 7995, 'Indigo,Black', { tags: ['bestseller'] }),
  wear('trousers', 'Straight jeans', 'Kade', 7995, 'Mid blue,Ecru'),
  wear('trousers', 'Wide-leg jeans', 'Kade', 8995, 'Light wash,Indigo', { tags: ['new'] }),
  wear('trousers', 'Mom jeans', 'Kade', 7995, 'Stone wash,Black'),
  wear('trousers', 'Chinos', 'Noord', 6495, 'Khaki,Navy,Olive'),
  wear('trousers', 'Linen trousers', 'Duinwind', 6995, 'Sand,White', { tags: ['summer'] }),
  wear('trousers', 'Joggers', 'Noord', 4995, 'Grey melange,Black'),
  wear('trousers', 'Cargo trousers', 'Duinwind', 6995, 'Olive,Black'),
  wear('trousers', 'Pleated trousers', 'Atelier Zo', 8995, 'Camel,Black'),
  wear('trousers', 'Summer shorts', 'Duinwind', 3995, 'Stone,Navy', { ...clearance, tags: ['summer', 'clearance'] }),
  wear('trousers', 'Cycling shorts', 'Zacht', 2995, 'Black'),
  wear('dresses', 'Wrap dress', 'Atelier Zo', 8995, 'Red,Floral', { tags: ['summer'] }),
  wear('dresses', 'Shirt dress', 'Atelier Zo', 7995, 'Denim blue,White'),
  wear('dresses', 'Knitted midi dress', 'Atelier Zo', 10995, 'Oat,Black', { tags: ['autumn', 'new'] }),
  wear('dresses', 'Party dress', 'Atelier Zo', 12995, 'Black,Gold', clearance),
  wear('dresses', 'Maxi dress', 'Atelier Zo', 9495, 'Floral,Terracotta', { tags: ['summer'] }),
  wear('dresses', 'Slip dress', 'Atelier Zo', 6995, 'Champagne,Black'),
  wear('dresses', 'Jersey dress', 'Noord', 4995, 'Navy,Black', { tags: ['basics'] }),
  wear('dresses', 'Linen dress', 'Duinwind', 8495, 'Sand,Sage', { tags: ['summer'] }),
  wear('dresses', 'Sequin dress', 'Atelier Zo', 14995, 'Silver', clearance),
  wear('shoes', 'Leather sneaker', 'Stap', 11995, 'White,Black', { tags: ['bestseller'] }),
  wear('shoes', 'Canvas sneaker', 'Stap', 5995, 'White,Navy'),
  wear('shoes', 'Running shoe', 'Stap', 12995, 'Grey,Black'),
  wear('shoes', 'Chelsea boot', 'Stap', 15995, 'Black,Brown', { tags: ['autumn'] }),
  wear('shoes', 'Rain boot', 'Stap', 7495, 'Olive,Black', { tags: ['autumn'] }),
  wear('shoes', 'Loafer', 'Stap', 11995, 'Black,Cognac'),
  wear('shoes', 'Leather sandal', 'Stap', 6995, 'Tan,Black', { tags: ['summer'] }),
  wear('shoes', 'Ankle boot', 'Stap', 13995, 'Black,Taupe'),
  wear('shoes', 'Felt slipper', 'Zacht', 3495, 'Grey,Navy'),
  item(
    'accessories',
    'Engraved leather belt',
    'Grachtgoed',
    4995,
    { size: '85,95,105', colour: 'Black,Brown' },
    {
      flags: ['personalised'],
      tags: ['gift'],
    },
  ),
  item(
    'accessories',
    'Monogram wallet',
    'Grachtgoed',
    5995,
    { colour: 'Black,Cognac' },
    { flags: ['personalised'], tags: ['gift'] },
  ),
  item('accessories', 'Leather tote', 'Grachtgoed', 14995, { colour: 'Cognac,Black' }),
  item('accessories', 'Wool scarf', 'Grachtgoed', 3995, { colour: 'Camel,Grey' }, { flags: ['exchangeOnly'], tags: ['winter'] }),
  item('accessories', 'Rib beanie', 'Duinwind', 2495, { colour: 'Navy,Mustard' }, { flags: ['exchangeOnly'], tags: ['winter'] }),
  item('accessories', 'Baseball cap', 'Duinwind', 2495, { colour: 'Black,Khaki' }),
  item('accessories', 'Sunglasses', 'Grachtgoed', 7995, { colour: 'Black,Tortoise' }, { tags: ['summer'] }),
  item('accessories', 'Canvas backpack', 'Duinwind', 8995, { colour: 'Olive,Navy' }),
  item('accessories', 'Leather gloves', 'Grachtgoed', 4995, { size: 'S,M,L', colour: 'Black,Brown' }, { tags: ['winter'] }),
  wear('underwear', 'Boxer briefs 3-pack', 'Zacht', 2995, 'Black,Grey mix', { flags: hygiene, tags: ['basics'] }),
  wear('underwear', 'Briefs 3-pack', 'Zacht', 2495, 'Black,White', { flags: hygiene, tags: ['basics'] }),
  wear('underwear', 'Bralette', 'Zacht', 3495, 'Black,Blush', { flags: hygiene }),
  wear('underwear', 'Swimsuit', 'Zacht', 4995, 'Navy,Coral', { flags: hygiene, tags: ['summer'] }),
  wear('underwear', 'Bikini', 'Zacht', 5495, 'Black,Leaf print', { flags: hygiene, tags: ['summer'] }),
  wear('underwear', 'Swim shorts', 'Duinwind', 3995, 'Navy,Orange', { tags: ['summer'] }),
  wear('underwear', 'Pyjama set', 'Zacht', 5995, 'Blue stripe,Sage', { tags: ['gift'] }),
  item('underwear', 'Socks 5-pack', 'Zacht', 1995, { size: '36–38,39–42,43–46', colour: 'Black,Mixed' }, { flags: hygiene }),
];

const ELECTRONICS: ProductTemplate[] = [
  item(
    'phones',
    'Volta One 6.1"',
    'Volta',
    69900,
    { storage: '128 GB,256 GB', colour: 'Black,Blue,Sand' },
    {
      surcharge: { '256 GB': 10000 },
      tags: ['bestseller'],
    },
  ),
  item(
    'phones',
    'Volta One Pro 6.7"',
    'Volta',
    99900,
    { storage: '256 GB,512 GB', colour: 'Titanium,Graphite' },
    {
      surcharge: { '512 GB': 10000 },
      tags: ['new'],
    },
  ),
  item(
    'phones',
    'Volta One mini',
    'Volta',
    59900,
    { storage: '128 GB,256 GB', colour: 'Pink,Black' },
    {
      surcharge: { '256 GB': 10000 },
    },
  ),
  item('phones', 'Volta Lite', 'Volta', 39900, { storage: '128 GB', colour: 'Black,Green' }),
  item('phones', 'Volta Lite 5G', 'Volta', 44900, { storage: '128 GB', colour: 'Black,Lilac' }),
  item('phones', 'Volta Rugged', 'Volta', 49900, { storage: '128 GB', colour: 'Black' }),
  item('audio', 'Klank Buds', 'Klank', 4900, { colour: 'White,Black' }, { flags: hygiene }),
  item('audio', 'Klank Buds Sport', 'Klank', 12900, { colour: 'Black,Lime' }, { flags: hygiene }),
  item('audio', 'Klank Buds Pro', 'Klank', 24900, { colour: 'White,Black' }, { flags: hygiene, tags: ['bestseller'] }),
  item('audio', 'Klank ANC over-ear headphones', 'Klank', 29900, { colour: 'Black,Silver' }),
  item('audio', 'Klank Studio headphones', 'Klank', 14900, { colour: 'Black' }),
  item('audio', 'Bluetooth speaker', 'Klank', 8900, { colour: 'Red,Grey' }, { tags: ['summer'] }),
  item('audio', 'Smart speaker', 'Klank', 9900, { colour: 'Charcoal,Chalk' }),
  item('audio', 'Soundbar', 'Klank', 34900, { colour: 'Black' }),
  item(
    'computers',
    'Volta Book 14"',
    'Volta',
    99900,
    { memory: '16 GB,32 GB', colour: 'Space grey' },
    {
      surcharge: { '32 GB': 20000 },
    },
  ),
  item('computers', 'Volta Book 13"', 'Volta', 79900, { memory: '16 GB', colour: 'Silver,Space grey' }),
  item(
    'computers',
    'Volta Tab 11"',
    'Volta',
    44900,
    { storage: '128 GB,256 GB', colour: 'Silver' },
    {
      surcharge: { '256 GB': 10000 },
    },
  ),
  item('computers', '27" 4K monitor', 'Lumen', 32900, { colour: 'Black' }),
  item('computers', 'Mechanical keyboard', 'Lumen', 12900, { layout: 'US-International,German,French' }),
  item('computers', 'Wireless mouse', 'Lumen', 4900, { colour: 'Black,White' }),
  item('accessories-electronics', 'USB-C charger 65 W', 'Lumen', 4900, { colour: 'White' }),
  item('accessories-electronics', 'USB-C cable 2 m', 'Lumen', 1499, { colour: 'White,Black' }),
  item('accessories-electronics', 'Power bank 10,000 mAh', 'Lumen', 3999, { colour: 'Black,White' }),
  item('accessories-electronics', 'Phone case', 'Lumen', 2499, { colour: 'Clear,Black' }),
  item('accessories-electronics', 'Phone case (last season)', 'Lumen', 1499, { colour: 'Blue,Pink' }, clearance),
  item(
    'accessories-electronics',
    'Engraved phone case',
    'Lumen',
    3499,
    { colour: 'Walnut,Bamboo' },
    {
      flags: ['personalised'],
      tags: ['gift'],
    },
  ),
  item('accessories-electronics', 'Volta Watch', 'Volta', 24900, { band: 'S/M,M/L', colour: 'Black,Silver' }, { tags: ['new'] }),
  item('media', 'Polder Racers', 'Spelfabriek', 5999, { platform: 'Switch,PS5' }, { flags: ['sealedMedia'] }),
  item('media', 'Dijkwacht', 'Spelfabriek', 6999, { platform: 'Switch,PS5,Xbox' }, { flags: ['sealedMedia'], tags: ['new'] }),
  item(
    'media',
    'Noordzee Sessions (vinyl)',
    'Plaatwerk',
    2999,
    { edition: 'Black vinyl,Coloured vinyl' },
    {
      flags: ['sealedMedia'],
      surcharge: { 'Coloured vinyl': 500 },
    },
  ),
  item(
    'media',
    'Grachten box set',
    'Plaatwerk',
    3999,
    { format: 'Blu-ray,4K UHD' },
    {
      flags: ['sealedMedia'],
      surcharge: { '4K UHD': 1000 },
    },
  ),
];

export interface CatalogueVariant {
  sku: string;
  ean: string;
  title: string;
  options: Record<string, string>;
  price: number;
}

export interface CatalogueProduct {
  handle: string;
  title: string;
  brand: string;
  category: string;
  kind: ProductKind;
  flags: Set<ProductFlag>;
  tags: string[];
  variants: CatalogueVariant[];
}

/** A 13-digit EAN: twelve digits and their GS1 check digit (weights 1,3,1,3… from the left). */
export function ean13(twelveDigits: string): string {
  if (!/^\d{12}$/.test(twelveDigits)) throw new Error(`ean13: need 12 digits, got "${twelveDigits}"`);
  const sum = [...twelveDigits].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${twelveDigits}${(10 - (sum % 10)) % 10}`;
}

/** Every combination of option values: { size: [S, M], colour: [Red] } → [{size:S,colour:Red}, …]. */
export function combinations(options: Record<string, string[]>): Record<string, string>[] {
  return Object.entries(options).reduce<Record<string, string>[]>(
    (acc, [name, values]) => acc.flatMap((combo) => values.map((v) => ({ ...combo, [name]: v }))),
    [{}],
  );
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const code = (s: string) =>
  s
    .normalize('NFD')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '');

/** The whole catalogue with SKUs and EANs. It does not depend on the seed: the same shop always
 * sells the same things, only its customers and orders vary. */
export function buildCatalogue(): CatalogueProduct[] {
  const products: CatalogueProduct[] = [];
  const skus = new Set<string>();
  let eanSerial = 0;
  const add = (kind: ProductKind, templates: ProductTemplate[]) => {
    templates.forEach((t, index) => {
      const productCode = `${kind === 'fashion' ? 'F' : 'E'}${String(index + 1).padStart(3, '0')}`;
      const variants = combinations(t.options).map((combo) => {
        const values = Object.values(combo);
        const sku = ['NZ', productCode, ...values.map(code)].join('-');
        if (skus.has(sku)) throw new Error(`demo catalogue: duplicate SKU ${sku}`);
        skus.add(sku);
        // 871 is the GS1 prefix for the Netherlands; 9521 stands in for the shop's company number.
        const ean = ean13(`8719521${String(++eanSerial).padStart(5, '0')}`);
        const price = t.price + values.reduce((s, v) => s + (t.surcharge?.[v] ?? 0), 0);
        return { sku, ean, title: `${t.title} – ${values.join(' / ')}`, options: combo, price };
      });
      products.push({
        handle: slug(t.title.startsWith(t.brand) ? t.title : `${t.brand} ${t.title}`),
        title: t.title,
        brand: t.brand,
        category: t.category,
        kind,
        flags: new Set(t.flags ?? []),
        tags: t.tags ?? [],
        variants,
      });
    });
  };
  add('fashion', FASHION);
  add('electronics', ELECTRONICS);
  return products;
}
