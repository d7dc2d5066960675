import type { FormEvent } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { Empty, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useEditForm } from '../../ui/useEditForm.js';
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
  const { form, setForm, editing, saved, edit, reset, submit } = useEditForm<Reason, ReasonForm>({
    empty: EMPTY_REASON_FORM,
    formOf,
    formId: 'reason-form',
    action,
    reload: state.reload,
  });

  function save(e: FormEvent) {
    const labels = Object.fromEntries(LABEL_LANGS.filter((l) => form[l].trim()).map((l) => [l, form[l].trim()]));
    const fields = {
      parentCode: form.parentCode || null,
      labels,
      controllable: form.controllable,
      requiresPhoto: form.requiresPhoto,
      defect: form.defect,
    };
    return submit(e, (changing) =>
      changing ? api('PATCH', `/reasons/${changing.id}`, fields) : api('POST', '/reasons', { code: form.code, ...fields }),
    );
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
              onSubmit={save}
              onCancel={reset}
            />
          )}
        </>
      )}
    </Loaded>
  );
}
