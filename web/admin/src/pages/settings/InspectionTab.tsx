import { useState } from 'react';
import { DISPOSITIONS } from '../../../../../src/domain/returnLifecycle.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLabels } from '../../ui/useLabels.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    rules: 'Disposition rules (grade × category)',
    grade: 'Grade',
    category: 'Category',
    all: 'All categories',
    disposition: 'Disposition',
    recovery: 'Recovers (% of price paid)',
    remove: 'Remove',
    addRule: 'Add a rule for a category',
    saveRules: 'Save rules',
    checklists: 'Inspection checklists',
    checklistHint: 'One item per line: code | English | Dutch',
    saveChecklists: 'Save checklists',
    addChecklist: 'Add a checklist for',
    saved: 'Saved.',
  },
  nl: {
    rules: 'Bestemmingsregels (klasse × categorie)',
    grade: 'Klasse',
    category: 'Categorie',
    all: 'Alle categorieën',
    disposition: 'Bestemming',
    recovery: 'Levert op (% van de betaalde prijs)',
    remove: 'Verwijderen',
    addRule: 'Regel voor een categorie toevoegen',
    saveRules: 'Regels opslaan',
    checklists: 'Keuringschecklists',
    checklistHint: 'Eén item per regel: code | Engels | Nederlands',
    saveChecklists: 'Checklists opslaan',
    addChecklist: 'Checklist toevoegen voor',
    saved: 'Opgeslagen.',
  },
});

const GRADES = ['A', 'B', 'C', 'D', 'F', 'X'];

interface Rule {
  grade: string;
  categoryId: string | null;
  disposition: string;
  recoveryBp: number;
}
interface Checklist {
  categoryId: string | null;
  items: { code: string; labels: Record<string, string> }[];
}
interface Category {
  id: string;
  name: string;
}

const toText = (c: Checklist) => c.items.map((i) => [i.code, i.labels.en ?? '', i.labels.nl ?? ''].join(' | ')).join('\n');
const fromText = (text: string) =>
  text
    .split('\n')
    .map((line) => line.split('|').map((p) => p.trim()))
    .filter(([code]) => code)
    .map(([code, en, nl]) => ({ code: code as string, labels: { en: en || (code as string), ...(nl ? { nl } : {}) } }));

export function InspectionTab() {
  const state = useLoad(
    () =>
      Promise.all([
        api<{ rules: Rule[]; checklists: Checklist[] }>('GET', '/inspection-settings'),
        api<{ items: Category[] }>('GET', '/categories'),
      ]),
    [],
  );
  return (
    <Loaded state={state}>
      {([settings, categories]) => <Editors settings={settings} categories={categories.items} onSaved={state.reload} />}
    </Loaded>
  );
}

function Editors({
  settings,
  categories,
  onSaved,
}: {
  settings: { rules: Rule[]; checklists: Checklist[] };
  categories: Category[];
  onSaved: () => void;
}) {
  const t = useT(T);
  const label = useLabels();
  const me = useMe();
  const editable = can(me.role, 'dispositions.manage');
  const [rules, setRules] = useState<Rule[]>(settings.rules);
  const [lists, setLists] = useState<{ categoryId: string | null; text: string }[]>(
    settings.checklists.map((c) => ({ categoryId: c.categoryId, text: toText(c) })),
  );
  const [newCategory, setNewCategory] = useState('');
  const ruleAction = useAction();
  const listAction = useAction();
  const [saved, setSaved] = useState<string | null>(null);
  const categoryName = (id: string | null) => (id ? (categories.find((c) => c.id === id)?.name ?? id) : t.all);
  const setRule = (i: number, patch: Partial<Rule>) => setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <>
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
              <tr key={`${r.grade}-${r.categoryId ?? ''}`}>
                <td>
                  {r.categoryId === null ? (
                    r.grade
                  ) : (
                    <select
                      aria-label={`${t.grade} (${categoryName(r.categoryId)})`}
                      disabled={!editable}
                      value={r.grade}
                      onChange={(e) => setRule(i, { grade: e.target.value })}
                    >
                      {GRADES.map((g) => (
                        <option key={g}>{g}</option>
                      ))}
                    </select>
                  )}
                </td>
                <td>{categoryName(r.categoryId)}</td>
                <td>
                  <select
                    aria-label={`${t.disposition} ${r.grade} ${categoryName(r.categoryId)}`}
                    disabled={!editable}
                    value={r.disposition}
                    onChange={(e) => setRule(i, { disposition: e.target.value })}
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
                    aria-label={`${t.recovery} ${r.grade} ${categoryName(r.categoryId)}`}
                    type="number"
                    min={0}
                    max={100}
                    disabled={!editable}
                    value={r.recoveryBp / 100}
                    onChange={(e) => setRule(i, { recoveryBp: Math.round(Number(e.target.value) * 100) })}
                  />
                </td>
                {editable && (
                  <td>
                    {r.categoryId !== null && (
                      <button type="button" className="danger" onClick={() => setRules(rules.filter((_, j) => j !== i))}>
                        {t.remove}
                      </button>
                    )}
                  </td>
                )}
              </tr>
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
            <button
              type="button"
              disabled={!newCategory}
              onClick={() => {
                const grade = GRADES.find((g) => !rules.some((r) => r.categoryId === newCategory && r.grade === g));
                if (grade) setRules([...rules, { grade, categoryId: newCategory, disposition: 'restock', recoveryBp: 10_000 }]);
              }}
            >
              +
            </button>
            <button
              type="button"
              className="primary"
              disabled={ruleAction.busy}
              onClick={() =>
                void ruleAction.run(async () => {
                  await api('PUT', '/disposition-rules', { rules });
                  setSaved(t.rules);
                  onSaved();
                })
              }
            >
              {t.saveRules}
            </button>
          </div>
        )}
        {ruleAction.error && <ErrorBox message={ruleAction.error} />}
      </section>
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
            <button
              type="button"
              className="primary"
              disabled={listAction.busy}
              onClick={() =>
                void listAction.run(async () => {
                  await api('PUT', '/inspection-checklists', {
                    checklists: lists.map((l) => ({ categoryId: l.categoryId, items: fromText(l.text) })),
                  });
                  setSaved(t.checklists);
                  onSaved();
                })
              }
            >
              {t.saveChecklists}
            </button>
          </div>
        )}
        {listAction.error && <ErrorBox message={listAction.error} />}
      </section>
      {saved && (
        <p className="ok" role="status">
          {saved}: {t.saved}
        </p>
      )}
    </>
  );
}
