import { useState } from 'react';
import { isOneOf } from '../../../../../../src/domain/oneOf.js';
import { DISPOSITIONS, GRADES } from '../../../../../../src/domain/returnLifecycle.js';
import { api } from '../../../api.js';
import { useT } from '../../../i18n.js';
import { ErrorBox } from '../../../ui/States.js';
import { useAction } from '../../../ui/useAction.js';
import { useLabels } from '../../../ui/useLabels.js';
import type { Category, Rule } from './inspectionModel.js';
import { INSPECTION_TEXTS } from './inspectionTexts.js';

/** Where an item of a grade goes (per category where it differs) and what it recovers. */
export function DispositionRules({
  initial,
  categories,
  categoryName,
  editable,
  onSaved,
}: {
  initial: Rule[];
  categories: Category[];
  categoryName: (id: string | null) => string;
  editable: boolean;
  onSaved: () => void;
}) {
  const t = useT(INSPECTION_TEXTS);
  const [rules, setRules] = useState<Rule[]>(initial);
  const [newCategory, setNewCategory] = useState('');
  const action = useAction();
  const setRule = (i: number, patch: Partial<Rule>) => setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const add = () => {
    const grade = GRADES.find((g) => !rules.some((r) => r.categoryId === newCategory && r.grade === g));
    if (grade) setRules([...rules, { grade, categoryId: newCategory, disposition: 'restock', recoveryBp: 10_000 }]);
  };
  const save = () =>
    void action.run(async () => {
      await api('PUT', '/disposition-rules', { rules });
      onSaved();
    });

  return (
    <section className="card table-wrap">
      <h2>{t.rules}</h2>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t.grade}</th>
            <th scope="col">{t.category}</th>
            <th scope="col">{t.disposition}</th>
            <th scope="col">{t.recovery}</th>
            {editable && <th scope="col">{t.remove}</th>}
          </tr>
        </thead>
        <tbody>
          {rules.map((r, i) => (
            <RuleRow
              key={`${r.grade}-${r.categoryId ?? ''}`}
              rule={r}
              categoryName={categoryName(r.categoryId)}
              editable={editable}
              onChange={(patch) => setRule(i, patch)}
              onRemove={() => setRules(rules.filter((_, j) => j !== i))}
            />
          ))}
        </tbody>
      </table>
      {editable && (
        <div className="toolbar">
          <label>
            <span>{t.addRule}</span>
            <select value={newCategory} onChange={(e) => setNewCategory(e.target.value)}>
              <option value="">—</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={!newCategory} onClick={add}>
            +
          </button>
          <button type="button" className="primary" disabled={action.busy} onClick={save}>
            {t.saveRules}
          </button>
        </div>
      )}
      {action.error && <ErrorBox message={action.error} />}
    </section>
  );
}

function RuleRow({
  rule: r,
  categoryName,
  editable,
  onChange,
  onRemove,
}: {
  rule: Rule;
  categoryName: string;
  editable: boolean;
  onChange: (patch: Partial<Rule>) => void;
  onRemove: () => void;
}) {
  const t = useT(INSPECTION_TEXTS);
  const label = useLabels();
  return (
    <tr>
      <td>
        {r.categoryId === null ? (
          r.grade
        ) : (
          <select
            aria-label={`${t.grade} (${categoryName})`}
            disabled={!editable}
            value={r.grade}
            onChange={(e) => isOneOf(GRADES, e.target.value) && onChange({ grade: e.target.value })}
          >
            {GRADES.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
        )}
      </td>
      <td>{categoryName}</td>
      <td>
        <select
          aria-label={`${t.disposition} ${r.grade} ${categoryName}`}
          disabled={!editable}
          value={r.disposition}
          onChange={(e) => isOneOf(DISPOSITIONS, e.target.value) && onChange({ disposition: e.target.value })}
        >
          {DISPOSITIONS.map((d) => (
            <option key={d} value={d}>
              {label.disposition(d)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          aria-label={`${t.recovery} ${r.grade} ${categoryName}`}
          type="number"
          min={0}
          max={100}
          disabled={!editable}
          value={r.recoveryBp / 100}
          onChange={(e) => onChange({ recoveryBp: Math.round(Number(e.target.value) * 100) })}
        />
      </td>
      {editable && (
        <td>
          {r.categoryId !== null && (
            <button type="button" className="danger" onClick={onRemove}>
              {t.remove}
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
