import type { Product } from '../../../../src/http/routes/catalog/products/schema.js';
import type { CategoryList } from '../../../../src/http/routes/returns/inspection/schema.js';
import { can } from '../access.js';
import { api } from '../api.js';
import { useT } from '../i18n.js';
import { useMe } from '../session.js';
import { Loaded } from '../ui/States.js';
import { useLoad } from '../ui/useLoad.js';
import { CategoriesEditor } from './products/CategoriesEditor.js';
import { NewProductEditor, ProductEditor } from './products/ProductEditor.js';
import { ProductList } from './products/ProductList.js';
import { PRODUCT_TEXTS } from './products/productTexts.js';

/** The catalogue: products, their variants and categories, editable unless a platform owns them. */
export function ProductsPage({ productId }: { productId: string | null }) {
  const t = useT(PRODUCT_TEXTS);
  const me = useMe();
  const canManage = can(me.role, 'catalog.manage');
  const categories = useLoad(() => api<CategoryList>('GET', '/categories'), []);
  if (productId === 'new' && canManage) {
    return <Loaded state={categories}>{(c) => <NewProductEditor categories={c} />}</Loaded>;
  }
  if (productId) return <OneProduct key={productId} productId={productId} canManage={canManage} />;
  return (
    <>
      <h1>{t.title}</h1>
      <ProductList canManage={canManage} />
      <Loaded state={categories}>
        {(c) => <CategoriesEditor categories={c} canManage={canManage} onChanged={() => void categories.reload()} />}
      </Loaded>
    </>
  );
}

function OneProduct({ productId, canManage }: { productId: string; canManage: boolean }) {
  const state = useLoad(
    async () => Promise.all([api<Product>('GET', `/products/${productId}`), api<CategoryList>('GET', '/categories')]),
    [productId],
  );
  return (
    <Loaded state={state}>
      {([product, categories]) => <ProductEditor product={product} categories={categories} canManage={canManage} />}
    </Loaded>
  );
}
