import { type FormEvent, useState } from 'react';
import { SHOP_PLATFORM_NAMES } from '../../../../../src/domain/shopPlatforms.js';
import type { Product, ProductPage } from '../../../../../src/http/routes/catalog/products/schema.js';
import { api, query } from '../../api.js';
import { money, useLang, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { ItemImage } from '../../ui/ItemImage.js';
import { Empty, ErrorBox, Loading } from '../../ui/States.js';
import { useLoad } from '../../ui/useLoad.js';
import { PRODUCT_TEXTS } from './productTexts.js';

const PAGE = 25;

/** Products by title, handle or SKU, a page at a time, each with its picture and where it comes from. */
export function ProductList({ canManage }: { canManage: boolean }) {
  const t = useT(PRODUCT_TEXTS);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [extra, setExtra] = useState<ProductPage | null>(null);
  const list = useLoad(async () => {
    setExtra(null);
    return api<ProductPage>('GET', `/products${query({ q, limit: PAGE })}`);
  }, [q]);
  const items = [...(list.data?.items ?? []), ...(extra?.items ?? [])];
  const next = extra ? extra.nextCursor : list.data?.nextCursor;

  async function more() {
    if (!next) return;
    const page = await api<ProductPage>('GET', `/products${query({ q, limit: PAGE, cursor: next })}`);
    setExtra({ items: [...(extra?.items ?? []), ...page.items], nextCursor: page.nextCursor });
  }

  return (
    <section aria-labelledby="products-list">
      <h2 id="products-list" className="sr-only">
        {t.title}
      </h2>
      <form
        className="toolbar"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setQ(text.trim());
        }}
      >
        <label>
          <span>{t.search}</span>
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit">{t.find}</button>
        {canManage && (
          <a className="button" {...linkProps('/products/new')}>
            {t.newProduct}
          </a>
        )}
      </form>
      {list.error ? (
        <ErrorBox message={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>{t.none}</Empty>
      ) : (
        <div className="card table-wrap">
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t.image}</th>
                <th scope="col">{t.product}</th>
                <th scope="col">{t.variants}</th>
                <th scope="col">{t.owner}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <ProductRow key={p.id} product={p} />
              ))}
            </tbody>
          </table>
          {next && (
            <button type="button" onClick={() => void more()}>
              {t.more}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function ProductRow({ product: p }: { product: Product }) {
  const t = useT(PRODUCT_TEXTS);
  const lang = useLang();
  const first = p.variants[0];
  return (
    <tr>
      <td>
        <ItemImage image={p.images[0] ? { url: p.images[0].url, alt: p.images[0].alt ?? p.title } : null} />
      </td>
      <td>
        <a {...linkProps(`/products/${p.id}`)}>{p.title}</a>
        <br />
        <small className="muted">
          {p.handle}
          {p.category ? ` · ${p.category}` : ''}
        </small>
      </td>
      <td>
        {p.variants.map((v) => v.sku).join(', ') || '—'}
        {first && (
          <>
            <br />
            <small className="muted">{money(first.priceAmount, first.currency, lang)}</small>
          </>
        )}
      </td>
      <td>{p.owner?.platform ? SHOP_PLATFORM_NAMES[p.owner.platform] : t.ownRetour}</td>
    </tr>
  );
}
