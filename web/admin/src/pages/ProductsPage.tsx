import { texts, useT } from '../i18n.js';

const T = texts({ en: { title: 'Products' }, nl: { title: 'Producten' } });

/** The catalogue: products, their variants and categories, editable unless a platform owns them. */
export function ProductsPage(_props: { productId: string | null }) {
  const t = useT(T);
  return <h1>{t.title}</h1>;
}
