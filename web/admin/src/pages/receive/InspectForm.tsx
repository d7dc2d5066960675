import { hasGoods } from '../../../../../src/domain/returnLine.js';
import { useT } from '../../i18n.js';
import type { ReturnDetail } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { InspectLine } from './InspectLine.js';
import { INSPECT_TEXTS } from './inspectTexts.js';
import { type InspectionSetup, useInspection } from './useInspection.js';

export type { InspectionSetup } from './useInspection.js';

/** One item at a time, all by keyboard: a grade key, the checklist by number, Enter for the next
 * item; the disposition the rules suggest is taken unless the inspector picks another. */
export function InspectForm({ ret, setup, onDone }: { ret: ReturnDetail; setup: InspectionSetup; onDone: () => void }) {
  const t = useT(INSPECT_TEXTS);
  const lines = ret.lines.filter(hasGoods);
  const inspection = useInspection(ret, lines, setup, onDone);
  const { action, hint } = inspection;

  return (
    <section className="card" aria-labelledby="inspect-title">
      <h2 id="inspect-title">{t.title}</h2>
      <p className="muted" id="inspect-keys">
        {t.keys}
      </p>
      {setup.warehouses.length > 0 && (
        <label>
          <span>{t.warehouse}</span>
          <select value={inspection.warehouseId} onChange={(e) => inspection.setWarehouseId(e.target.value)}>
            {setup.warehouses.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name} ({w.code})
              </option>
            ))}
          </select>
        </label>
      )}
      {lines.map((l, index) => (
        <InspectLine key={l.id} ret={ret} line={l} index={index} count={lines.length} inspection={inspection} />
      ))}
      {hint && (
        <p className="error" role="alert">
          {hint}
        </p>
      )}
      {action.error && <ErrorBox message={action.error} />}
      <button type="button" className="primary" disabled={action.busy} onClick={() => void inspection.finish()}>
        {t.submit}
      </button>
    </section>
  );
}
