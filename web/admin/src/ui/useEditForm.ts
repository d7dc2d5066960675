import { type FormEvent, useState } from 'react';
import type { useAction } from './useAction.js';

/**
 * A list's form that adds a row or changes the one picked: its fields, the row being changed (null
 * while adding) and whether the last change was saved. After a write that worked the form is empty
 * again and the list is read anew.
 */
export function useEditForm<Row, Form>(options: {
  empty: Form;
  formOf: (row: Row) => Form;
  /** The form's element id, scrolled into view when a row is picked. */
  formId: string;
  action: ReturnType<typeof useAction>;
  reload: () => Promise<unknown>;
}) {
  const { empty, formOf, formId, action, reload } = options;
  const [form, setForm] = useState<Form>(empty);
  const [editing, setEditing] = useState<Row | null>(null);
  const [saved, setSaved] = useState(false);

  function edit(row: Row) {
    action.clear();
    setSaved(false);
    setEditing(row);
    setForm(formOf(row));
    document.getElementById(formId)?.scrollIntoView({ block: 'nearest' });
  }

  function reset() {
    setEditing(null);
    setForm(empty);
  }

  /** Writes the form through `write`, given the row being changed or null to add one. */
  async function submit(e: FormEvent, write: (editing: Row | null) => Promise<unknown>) {
    e.preventDefault();
    setSaved(false);
    const ok = await action.run(() => write(editing));
    if (ok) {
      setSaved(Boolean(editing));
      reset();
      await reload();
    }
  }

  return { form, setForm, editing, saved, edit, reset, submit };
}
