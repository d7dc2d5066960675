import { type FormEvent, useState } from 'react';
import { SHOP_PLATFORM_NAMES } from '../../../../../src/domain/shopPlatforms.js';
import type { Product } from '../../../../../src/http/routes/catalog/products/schema.js';
import type { CategoryList } from '../../../../../src/http/routes/returns/inspection/schema.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { linkProps, navigate } from '../../router.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { ProductFields } from './ProductFields.js';
import {
  emptyProduct,
  moved,
  type ProductDraft,
  productBody,
  productDraftOf,
  type VariantDraft,
  variantBody,
  variantDraftOf,
} from './productDraft.js';
import { PRODUCT_TEXTS } from './productTexts.js';
import { type VariantActions, VariantsEditor } from './VariantsEditor.js';

/** A new product: its fields and variants are sent together when it is created. */
export function NewProductEditor({ categories }: { categories: CategoryList }) {
  const t = useT(PRODUCT_TEXTS);
  const [draft, setDraft] = useState<ProductDraft>(emptyProduct());
  const [variants, setVariants] = useState<VariantDraft[]>([]);
  const save = useAction();
  // Before the product exists its variants are kept here and sent with it.
  const keep = async (next: VariantDraft[]) => {
    setVariants(next);
    return true;
  };
  const local: VariantActions = {
    add: (v) => keep([...variants, v]),
    update: (i, v) => keep(variants.map((x, j) => (j === i ? v : x))),
    remove: (i) => keep(variants.filter((_, j) => j !== i)),
    move: (i, by) => keep(moved(variants, i, by)),
  };
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = productBody(draft);
    await save.run(async () => {
      const created = await api<Product>('POST', '/products', {
        ...body,
        variants: variants.map((v) => variantBody(v, body.options ?? [])),
      });
      navigate(`/products/${created.id}`);
    });
  }
  return (
    <>
      <BackLink />
      <h1>{t.newProduct}</h1>
      <form className="card" onSubmit={(e) => void submit(e)} aria-label={t.newProduct}>
        <ProductFields draft={draft} categories={categories} onChange={setDraft} />
        {save.error && <ErrorBox message={save.error} />}
        <button type="submit" className="primary" disabled={save.busy}>
          {t.create}
        </button>
      </form>
      <VariantsEditor
        variants={variants}
        options={draft.options.filter((o) => o.trim())}
        readOnly={false}
        busy={save.busy}
        error={null}
        actions={local}
      />
    </>
  );
}

/** A stored product: its fields are saved together, each variant change at once. A product a shop
 * connection owns is shown read-only, with the way to its page on the platform. */
export function ProductEditor({
  product: loaded,
  categories,
  canManage,
}: {
  product: Product;
  categories: CategoryList;
  canManage: boolean;
}) {
  const t = useT(PRODUCT_TEXTS);
  const { product, setProduct, variants, variantWork, remote } = useStoredProduct(loaded);
  const [draft, setDraft] = useState<ProductDraft>(productDraftOf(loaded));
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const readOnly = product.readOnly || !canManage;
  const path = `/products/${product.id}`;
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const ok = await save.run(async () => {
      const next = await api<Product>('PATCH', path, productBody(draft));
      setProduct(next);
      setDraft(productDraftOf(next));
    });
    setSaved(ok);
  }
  async function remove() {
    if (!window.confirm(t.confirmDelete)) return;
    await save.run(async () => {
      await api('DELETE', path, {});
      navigate('/products');
    });
  }
  return (
    <>
      <BackLink />
      <h1>{product.title}</h1>
      {product.readOnly && <OwnerNotice product={product} />}
      {!product.readOnly && !canManage && <p className="muted">{t.manageOnly}</p>}
      <form className="card" onSubmit={(e) => void submit(e)} aria-label={product.title}>
        <fieldset className="plain" disabled={readOnly}>
          <ProductFields
            draft={draft}
            categories={categories}
            onChange={setDraft}
            stored={{ options: product.options, hasVariants: product.variants.length > 0 }}
          />
        </fieldset>
        {save.error && <ErrorBox message={save.error} />}
        {saved && (
          <p className="ok" role="status">
            {t.saved}
          </p>
        )}
        {!readOnly && (
          <div className="toolbar">
            <button type="submit" className="primary" disabled={save.busy}>
              {t.save}
            </button>
            <button type="button" className="danger" onClick={() => void remove()} disabled={save.busy}>
              {t.deleteProduct}
            </button>
          </div>
        )}
      </form>
      <VariantsEditor
        variants={variants}
        options={product.options}
        readOnly={readOnly}
        busy={variantWork.busy}
        error={variantWork.error}
        actions={remote}
      />
    </>
  );
}

/** A stored product and the variant changes made to it, each sent at once. */
function useStoredProduct(loaded: Product) {
  const [product, setProduct] = useState(loaded);
  const variantWork = useAction();
  const path = `/products/${product.id}`;
  const variants = product.variants.map(variantDraftOf);
  const change = (work: () => Promise<Product>) =>
    variantWork.run(async () => {
      setProduct(await work());
    });
  const remote: VariantActions = {
    add: (v) => change(() => api('POST', `${path}/variants`, variantBody(v, product.options))),
    update: (i, v) => change(() => api('PATCH', `${path}/variants/${variants[i]?.id}`, variantBody(v, product.options))),
    remove: (i) => change(() => api('DELETE', `${path}/variants/${variants[i]?.id}`, {})),
    move: (i, by) =>
      change(() => api('PUT', `${path}/variant-order`, { variantIds: moved(variants, i, by).map((v) => v.id ?? '') })),
  };
  return { product, setProduct, variants, variantWork, remote };
}

function OwnerNotice({ product }: { product: Product }) {
  const t = useT(PRODUCT_TEXTS);
  const platform = product.owner?.platform ? SHOP_PLATFORM_NAMES[product.owner.platform] : '';
  return (
    <div className="card notice" role="note">
      <p>{t.readOnly}</p>
      {product.owner?.sourceUrl && (
        <a className="button" href={product.owner.sourceUrl} target="_blank" rel="noopener noreferrer">
          {t.editIn.replace('{platform}', platform)}
        </a>
      )}
    </div>
  );
}

function BackLink() {
  const t = useT(PRODUCT_TEXTS);
  return (
    <p>
      <a {...linkProps('/products')}>← {t.back}</a>
    </p>
  );
}
