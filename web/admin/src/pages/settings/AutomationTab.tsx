import { type FormEvent, useState } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { money, useLang, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { Empty, ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useChannelLabel, useLabels, useReasonLabel, useShopCurrency } from '../../ui/useLabels.js';
import { useLoad } from '../../ui/useLoad.js';
import { AUTOMATION_TEXTS } from './automation/automationTexts.js';
import { RuleForm } from './automation/RuleForm.js';
import { RulesTable } from './automation/RulesTable.js';
import { type AutomationRuleList, type Draft, EMPTY, toDraft, toInput, type Wording } from './automation/ruleDraft.js';

/** A rule's conditions in the staff member's words: the shop's reason and channel names, segments
 * and money as they read them. */
function useWording(): Wording {
  const lang = useLang();
  const label = useLabels();
  const reason = useReasonLabel();
  const channel = useChannelLabel();
  const currency = useShopCurrency();
  return {
    reason,
    channel,
    segment: label.segment,
    signal: label.riskSignal,
    amount: (minor) => (currency ? money(minor, currency, lang) : String(minor / 100)),
  };
}

/** The automation rules in the order they run; admins add, edit, reorder, switch and remove them. */
export function AutomationTab() {
  const t = useT(AUTOMATION_TEXTS);
  const wording = useWording();
  const me = useMe();
  const manage = can(me.role, 'automation.manage');
  const state = useLoad(() => api<AutomationRuleList>('GET', '/automation-rules'), []);
  const action = useAction();
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);

  async function save(e: FormEvent) {
    e.preventDefault();
    const body = toInput(draft);
    const ok = await action.run(() =>
      editing ? api('PUT', `/automation-rules/${editing}`, body) : api('POST', '/automation-rules', body),
    );
    if (ok) {
      setEditing(null);
      setDraft(EMPTY);
      await state.reload();
    }
  }

  return (
    <>
      <p className="muted">{t.intro}</p>
      {action.error && <ErrorBox message={action.error} />}
      <Loaded state={state}>
        {({ items }) =>
          items.length === 0 ? (
            <Empty>{t.none}</Empty>
          ) : (
            <RulesTable
              items={items}
              wording={wording}
              manage={manage}
              action={action}
              reload={state.reload}
              onEdit={(r) => {
                setEditing(r.id);
                setDraft(toDraft(r));
              }}
            />
          )
        }
      </Loaded>
      {manage && (
        <RuleForm
          draft={draft}
          setDraft={setDraft}
          editing={Boolean(editing)}
          busy={action.busy}
          onSubmit={save}
          onCancel={() => {
            setEditing(null);
            setDraft(EMPTY);
          }}
        />
      )}
    </>
  );
}
