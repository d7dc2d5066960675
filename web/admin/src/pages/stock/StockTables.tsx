import { dateTime, useLang, useT } from '../../i18n.js';
import { Empty } from '../../ui/States.js';
import { useLabels } from '../../ui/useLabels.js';
import type { Level, Movement } from './stockRows.js';
import { STOCK_TEXTS } from './stockTexts.js';

/** What is on hand per variant, warehouse and condition. */
export function LevelsTable({ levels }: { levels: Level[] }) {
  const t = useT(STOCK_TEXTS);
  const label = useLabels();
  return (
    <section className="card table-wrap">
      <h2>{t.levels}</h2>
      {levels.length === 0 ? (
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
            {levels.map((l) => (
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
  );
}

/** The ledger: every movement, restocks from returns with their return's number. */
export function MovementsTable({ movements }: { movements: Movement[] }) {
  const t = useT(STOCK_TEXTS);
  const lang = useLang();
  const label = useLabels();
  return (
    <section className="card table-wrap">
      <h2>{t.movements}</h2>
      {movements.length === 0 ? (
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
            {movements.map((m) => (
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
  );
}
