import { type FormEvent, useState } from 'react';
import { MANUAL_STOCK_KINDS, STOCK_CONDITIONS } from '../../../../src/domain/disposition.js';
import { can } from '../access.js';
import { api, query } from '../api.js';
import { dateTime, texts, useLang, useT } from '../i18n.js';
import { useMe } from '../session.js';
import { Empty, ErrorBox, Loaded } from '../ui/States.js';
import { useAction } from '../ui/useAction.js';
import { useLabels } from '../ui/useLabels.js';
import { useLoad } from '../ui/useLoad.js';

const T = texts({
  en: {
    title: 'Stock',
    search: 'SKU or item',
    searchHint: 'Start of a SKU, or part of the name',
    find: 'Show',
    levels: 'On hand (sum of the ledger)',
    movements: 'Latest movements',
    sku: 'SKU',
    item: 'Item',
    warehouse: 'Warehouse',
    condition: 'Condition',
    onHand: 'On hand',
    kind: 'Kind',
    quantity: 'Quantity',
    when: 'When',
    note: 'Note',
    none: 'No stock recorded yet.',
    noMoves: 'No movements yet.',
    adjust: 'Record a movement',
    variant: 'Variant',
    save: 'Record',
    more: 'More',
  },
  nl: {
    title: 'Voorraad',
    search: 'SKU of artikel',
    searchHint: 'Begin van een SKU, of deel van de naam',
    find: 'Tonen',
    levels: 'Op voorraad (som van het grootboek)',
    movements: 'Laatste mutaties',
    sku: 'SKU',
    item: 'Artikel',
    warehouse: 'Magazijn',
    condition: 'Staat',
    onHand: 'Op voorraad',
    kind: 'Soort',
    quantity: 'Aantal',
    when: 'Wanneer',
    note: 'Notitie',
    none: 'Nog geen voorraad vastgelegd.',
    noMoves: 'Nog geen mutaties.',
    adjust: 'Mutatie vastleggen',
    variant: 'Variant',
    save: 'Vastleggen',
    more: 'Meer',
  },
});

interface Level {
  variantId: string;
  sku: string;
  title: string;
  warehouseId: string;
  warehouseCode: string;
  condition: string;
  onHand: number;
}
interface Movement {
  id: string;
  variantId: string;
  sku: string;
  warehouseCode: string;
  condition: string;
  quantity: number;
  kind: string;
  returnLineId: string | null;
  returnNumber: string | null;
  note: string | null;
  createdAt: string;
}

/** Stock per variant, warehouse and condition, and the ledger behind it, restocks from returns included. */
export function StockPage() {
  const t = useT(T);
  const lang = useLang();
  const label = useLabels();
  const me = useMe();
  const [sku, setSku] = useState('');
  const [filter, setFilter] = useState('');
  const state = useLoad(
    () =>
      Promise.all([
        api<{ items: Level[] }>('GET', `/stock${query({ q: filter })}`),
        api<{ items: Movement[]; nextCursor: string | null }>('GET', `/stock/movements${query({ q: filter, limit: 50 })}`),
        api<{ id: string; code: string; name: string }[]>('GET', '/warehouses'),
      ]),
    [filter],
  );
  return (
    <>
      <h1>{t.title}</h1>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(sku.trim());
        }}
      >
        <label>
          <span>{t.search}</span>
          <input type="search" placeholder={t.searchHint} value={sku} onChange={(e) => setSku(e.target.value)} />
        </label>
        <button type="submit" className="primary">
          {t.find}
        </button>
      </form>
      <Loaded state={state}>
        {([levels, movements, warehouses]) => (
          <div className="columns">
            <div>
              <section className="card table-wrap">
                <h2>{t.levels}</h2>
                {levels.items.length === 0 ? (
                  <Empty>{t.none}</Empty>
                ) : (
                  <table className="grid">
                    <thead>
                      <tr>
                        <th scope="col">{t.sku}</th>
                        <th scope="col">{t.item}</th>
                        <th scope="col">{t.warehouse}</th>
                        <th scope="col">{t.condition}</th>
                        <th scope="col" className="num">
                          {t.onHand}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {levels.items.map((l) => (
                        <tr key={`${l.variantId}-${l.warehouseId}-${l.condition}`}>
                          <td className="number">{l.sku}</td>
                          <td>{l.title}</td>
                          <td>{l.warehouseCode}</td>
                          <td>{label.stockCondition(l.condition)}</td>
                          <td className="num">{l.onHand}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
              <section className="card table-wrap">
                <h2>{t.movements}</h2>
                {movements.items.length === 0 ? (
                  <Empty>{t.noMoves}</Empty>
                ) : (
                  <table className="grid">
                    <thead>
                      <tr>
                        <th scope="col">{t.when}</th>
                        <th scope="col">{t.sku}</th>
                        <th scope="col">{t.warehouse}</th>
                        <th scope="col">{t.condition}</th>
                        <th scope="col">{t.kind}</th>
                        <th scope="col" className="num">
                          {t.quantity}
                        </th>
                        <th scope="col">{t.note}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {movements.items.map((m) => (
                        <tr key={m.id}>
                          <td>{dateTime(m.createdAt, lang)}</td>
                          <td className="number">{m.sku}</td>
                          <td>{m.warehouseCode}</td>
                          <td>{label.stockCondition(m.condition)}</td>
                          <td>
                            {label.stockKind(m.kind)}
                            {m.returnNumber && <span className="number"> · {m.returnNumber}</span>}
                          </td>
                          <td className="num">{m.quantity > 0 ? `+${m.quantity}` : m.quantity}</td>
                          <td>{m.note}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            </div>
            {can(me.role, 'stock.adjust') && <MovementForm warehouses={warehouses} onDone={state.reload} />}
          </div>
        )}
      </Loaded>
    </>
  );
}

function MovementForm({ warehouses, onDone }: { warehouses: { id: string; code: string; name: string }[]; onDone: () => void }) {
  const t = useT(T);
  const label = useLabels();
  const action = useAction();
  const [form, setForm] = useState({
    sku: '',
    warehouseId: warehouses[0]?.id ?? '',
    condition: 'new',
    quantity: '',
    kind: 'receipt',
    note: '',
  });
  const set = (k: keyof typeof form) => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }),
  });
  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(async () => {
      const found = await api<{ items: { variants?: { id: string; sku: string }[] }[] }>(
        'GET',
        `/products${query({ q: form.sku })}`,
      );
      const variant = found.items.flatMap((p) => p.variants ?? []).find((v) => v.sku === form.sku.trim());
      if (!variant) throw new Error(`${t.variant} ${form.sku}?`);
      await api('POST', '/stock/movements', {
        variantId: variant.id,
        warehouseId: form.warehouseId,
        condition: form.condition,
        quantity: Number(form.quantity),
        kind: form.kind,
        note: form.note || null,
      });
    });
    if (ok) {
      setForm({ ...form, sku: '', quantity: '', note: '' });
      onDone();
    }
  }
  return (
    <form className="card" onSubmit={submit} aria-labelledby="move-title">
      <h2 id="move-title">{t.adjust}</h2>
      <label>
        <span>{t.sku}</span>
        <input required {...set('sku')} />
      </label>
      <label>
        <span>{t.warehouse}</span>
        <select {...set('warehouseId')}>
          {warehouses.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.condition}</span>
        <select {...set('condition')}>
          {STOCK_CONDITIONS.map((c) => (
            <option key={c} value={c}>
              {label.stockCondition(c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.kind}</span>
        <select {...set('kind')}>
          {MANUAL_STOCK_KINDS.map((k) => (
            <option key={k} value={k}>
              {label.stockKind(k)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.quantity}</span>
        <input required type="number" step={1} {...set('quantity')} />
      </label>
      <label>
        <span>{t.note}</span>
        <input {...set('note')} />
      </label>
      {action.error && <ErrorBox message={action.error} />}
      <button type="submit" className="primary" disabled={action.busy}>
        {t.save}
      </button>
    </form>
  );
}
