import { useState } from 'react';
import type { Warehouse } from '../../../../src/http/routes/catalog/warehouses/schema.js';
import { can } from '../access.js';
import { api, query } from '../api.js';
import { useT } from '../i18n.js';
import { useMe } from '../session.js';
import { Loaded } from '../ui/States.js';
import { useLoad } from '../ui/useLoad.js';
import { MovementForm } from './stock/MovementForm.js';
import { LevelsTable, MovementsTable } from './stock/StockTables.js';
import type { StockLevelList, StockMovementPage } from './stock/stockRows.js';
import { STOCK_TEXTS } from './stock/stockTexts.js';

/** Stock per variant, warehouse and condition, and the ledger behind it, restocks from returns included. */
export function StockPage() {
  const t = useT(STOCK_TEXTS);
  const me = useMe();
  const [sku, setSku] = useState('');
  const [filter, setFilter] = useState('');
  const state = useLoad(
    () =>
      Promise.all([
        api<StockLevelList>('GET', `/stock${query({ q: filter })}`),
        api<StockMovementPage>('GET', `/stock/movements${query({ q: filter, limit: 50 })}`),
        api<Warehouse[]>('GET', '/warehouses'),
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
              <LevelsTable levels={levels.items} />
              <MovementsTable movements={movements.items} />
            </div>
            {can(me.role, 'stock.adjust') && <MovementForm warehouses={warehouses} onDone={state.reload} />}
          </div>
        )}
      </Loaded>
    </>
  );
}
