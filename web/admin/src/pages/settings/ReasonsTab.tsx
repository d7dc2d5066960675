import { type FormEvent, useState } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { Empty, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { ReasonFormCard } from './reasons/ReasonFormCard.js';
import { ReasonsTable } from './reasons/ReasonsTable.js';
import { EMPTY_REASON_FORM, formOf, LABEL_LANGS, type Reason, type ReasonForm } from './reasons/reasonModel.js';
import { REASON_TEXTS } from './reasons/reasonTexts.js';

/** The reason catalogue, nested one level, with what each reason means for fees and photos. */
export function ReasonsTab() {
  const t = useT(REASON_TEXTS);
  const me = useMe();
  const state = useLoad(() => api<Reason[]>('GET', '/reasons'), []);
  const action = useAction();
  const [form, setForm] = useState<ReasonForm>(EMPTY_REASON_FORM);
  // The reason being changed, or null while the form adds a new one.
  const [editing, setEditing] = useState<Reason | null>(null);
  const [saved, setSaved] = useState(false);

  function edit(r: Reason) {
    action.clear();
    setSaved(false);
    setEditing(r);
    setForm(formOf(r));
    document.getElementById('reason-form')?.scrollIntoView({ block: 'nearest' });
  }

  function reset() {
    setEditing(null);
    setForm(EMPTY_REASON_FORM);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const labels = Object.fromEntries(LABEL_LANGS.filter((l) => form[l].trim()).map((l) => [l, form[l].trim()]));
    const fields = {
      parentCode: form.parentCode || null,
      labels,
      controllable: form.controllable,
      requiresPhoto: form.requiresPhoto,
      defect: form.defect,
    };
    const ok = await action.run(() =>
      editing ? api('PATCH', `/reasons/${editing.id}`, fields) : api('POST', '/reasons', { code: form.code, ...fields }),
    );
    if (ok) {
      setSaved(Boolean(editing));
      reset();
      await state.reload();
    }
  }

  const manage = can(me.role, 'reasons.manage');
  return (
    <Loaded state={state}>
      {(rows) => (
        <>
          {rows.length === 0 ? (
            <Empty>{t.none}</Empty>
          ) : (
            <ReasonsTable rows={rows} manage={manage} action={action} reload={state.reload} onEdit={edit} />
          )}
          {manage && (
            <ReasonFormCard
              rows={rows}
              form={form}
              setForm={setForm}
              editing={editing}
              saved={saved}
              busy={action.busy}
              error={action.error}
              onSubmit={submit}
              onCancel={reset}
            />
          )}
        </>
      )}
    </Loaded>
  );
}
