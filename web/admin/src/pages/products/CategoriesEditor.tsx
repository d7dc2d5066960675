import { type FormEvent, useState } from 'react';
import type { CategoryList } from '../../../../../src/http/routes/returns/inspection/schema.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { PRODUCT_TEXTS } from './productTexts.js';

type Category = CategoryList['items'][number];

/** The category tree as a list with each one's parent; added, renamed and moved (never under itself).
 * A category a shop connection brought in is the platform's: shown, not edited. */
export function CategoriesEditor({
  categories,
  canManage,
  onChanged,
}: {
  categories: CategoryList;
  canManage: boolean;
  onChanged: () => void;
}) {
  const t = useT(PRODUCT_TEXTS);
  const [editing, setEditing] = useState<Category | null>(null);
  const codeOf = (id: string | null) => categories.items.find((c) => c.id === id)?.code ?? '';
  return (
    <section className="card" aria-labelledby="categories-title">
      <h2 id="categories-title">{t.categories}</h2>
      {categories.items.length === 0 ? (
        <p className="muted">{t.noCategories}</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t.code}</th>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.parent}</th>
              {canManage && <th scope="col">{t.edit}</th>}
            </tr>
          </thead>
          <tbody>
            {categories.items.map((c) => (
              <tr key={c.id}>
                <td>{c.code}</td>
                <td>{c.name}</td>
                <td>{codeOf(c.parentId) || '—'}</td>
                {canManage && (
                  <td>
                    {c.connectionId ? (
                      <span className="muted">{t.syncedCategory}</span>
                    ) : (
                      <button type="button" onClick={() => setEditing(c)}>
                        {t.edit} <span className="sr-only">{c.name}</span>
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canManage && (
        <CategoryForm
          key={editing?.id ?? 'new'}
          editing={editing}
          categories={categories}
          parentCode={codeOf(editing?.parentId ?? null)}
          onDone={() => {
            setEditing(null);
            onChanged();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
    </section>
  );
}

function CategoryForm({
  editing,
  categories,
  parentCode,
  onDone,
  onCancel,
}: {
  editing: Category | null;
  categories: CategoryList;
  parentCode: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const t = useT(PRODUCT_TEXTS);
  const [code, setCode] = useState(editing?.code ?? '');
  const [name, setName] = useState(editing?.name ?? '');
  const [parent, setParent] = useState(parentCode);
  const save = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await save.run(() =>
      editing
        ? api('PATCH', `/categories/${editing.id}`, { name, parent: parent || null })
        : api('POST', '/categories', { code, name, parent: parent || null }),
    );
    if (ok) onDone();
  }
  const title = editing ? t.saveCategory : t.addCategory;
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={title}>
      <h3>{title}</h3>
      <div className="field-grid">
        <label>
          <span>{t.code}</span>
          <input required disabled={editing !== null} value={code} onChange={(e) => setCode(e.target.value)} />
        </label>
        <label>
          <span>{t.name}</span>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          <span>{t.parent}</span>
          <select value={parent} onChange={(e) => setParent(e.target.value)}>
            <option value="">{t.top}</option>
            {categories.items
              .filter((c) => c.id !== editing?.id)
              .map((c) => (
                <option key={c.id} value={c.code}>
                  {c.name} ({c.code})
                </option>
              ))}
          </select>
        </label>
      </div>
      {save.error && <ErrorBox message={save.error} />}
      <div className="toolbar">
        <button type="submit" disabled={save.busy}>
          {title}
        </button>
        {editing && (
          <button type="button" onClick={onCancel}>
            {t.cancel}
          </button>
        )}
      </div>
    </form>
  );
}
