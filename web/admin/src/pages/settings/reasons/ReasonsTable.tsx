import { api } from '../../../api.js';
import { useLang, useT } from '../../../i18n.js';
import { TableCard } from '../../../ui/TableCard.js';
import type { useAction } from '../../../ui/useAction.js';
import type { Reason } from './reasonModel.js';
import { REASON_TEXTS } from './reasonTexts.js';

/** The reasons, sub-reasons under their parent, with what each means; managers switch them on or
 * off and open one to change. */
export function ReasonsTable({
  rows,
  manage,
  action,
  reload,
  onEdit,
}: {
  rows: Reason[];
  manage: boolean;
  action: ReturnType<typeof useAction>;
  reload: () => Promise<unknown>;
  onEdit: (r: Reason) => void;
}) {
  const t = useT(REASON_TEXTS);
  const lang = useLang();
  const setActive = (r: Reason, active: boolean) =>
    void action.run(async () => {
      await api('PATCH', `/reasons/${r.id}`, { active });
      await reload();
    });
  return (
    <TableCard headers={[t.code, t.label, t.controllable, t.photo, t.defect, t.active]} actions={manage ? t.edit : null}>
      {rows.map((r) => (
        <tr key={r.code}>
          <td>
            {r.parentCode ? '↳ ' : ''}
            {r.code}
          </td>
          <td>{r.labels[lang] ?? r.labels.en ?? Object.values(r.labels)[0]}</td>
          <td>{r.controllable ? t.yes : '—'}</td>
          <td>{r.requiresPhoto ? t.yes : '—'}</td>
          <td>{r.defect ? t.yes : '—'}</td>
          <td>
            <label className="check">
              <input
                type="checkbox"
                checked={r.active}
                disabled={!manage || action.busy}
                onChange={(e) => setActive(r, e.target.checked)}
              />
              <span>
                {r.active ? t.yes : '—'}
                <span className="sr-only"> {r.code}</span>
              </span>
            </label>
          </td>
          {manage && (
            <td>
              <button type="button" onClick={() => onEdit(r)} aria-label={`${t.edit} ${r.code}`}>
                {t.edit}
              </button>
            </td>
          )}
        </tr>
      ))}
    </TableCard>
  );
}
