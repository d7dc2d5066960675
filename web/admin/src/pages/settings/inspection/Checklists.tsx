import { useState } from 'react';
import { api } from '../../../api.js';
import { useT } from '../../../i18n.js';
import { ErrorBox } from '../../../ui/States.js';
import { useAction } from '../../../ui/useAction.js';
import { type Category, type Checklist, fromText, toText } from './inspectionModel.js';
import { INSPECTION_TEXTS } from './inspectionTexts.js';

/** The inspection checklists, for every category and per category where it differs. */
export function Checklists({
  initial,
  categories,
  categoryName,
  editable,
  onSaved,
}: {
  initial: Checklist[];
  categories: Category[];
  categoryName: (id: string | null) => string;
  editable: boolean;
  onSaved: () => void;
}) {
  const t = useT(INSPECTION_TEXTS);
  const [lists, setLists] = useState<{ categoryId: string | null; text: string }[]>(
    initial.map((c) => ({ categoryId: c.categoryId, text: toText(c) })),
  );
  const action = useAction();
  const save = () =>
    void action.run(async () => {
      await api('PUT', '/inspection-checklists', {
        checklists: lists.map((l) => ({ categoryId: l.categoryId, items: fromText(l.text) })),
      });
      onSaved();
    });

  return (
    <section className="card">
      <h2>{t.checklists}</h2>
      <p className="muted">{t.checklistHint}</p>
      {lists.map((l, i) => (
        <label key={l.categoryId ?? 'all'}>
          <span>{categoryName(l.categoryId)}</span>
          <textarea
            rows={5}
            readOnly={!editable}
            value={l.text}
            onChange={(e) => setLists(lists.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))}
          />
        </label>
      ))}
      {editable && (
        <div className="toolbar">
          <label>
            <span>{t.addChecklist}</span>
            <select
              value=""
              onChange={(e) => {
                if (e.target.value) setLists([...lists, { categoryId: e.target.value, text: '' }]);
              }}
            >
              <option value="">—</option>
              {categories
                .filter((c) => !lists.some((l) => l.categoryId === c.id))
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
            </select>
          </label>
          <button type="button" className="primary" disabled={action.busy} onClick={save}>
            {t.saveChecklists}
          </button>
        </div>
      )}
      {action.error && <ErrorBox message={action.error} />}
    </section>
  );
}
